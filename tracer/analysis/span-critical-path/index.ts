// Span critical path with selectable semantics (Jaeger UI's or CRISP's), the adapters from
// tracebed's own spans and stored traces.

import type { SpanRecord, Trace } from "../../model/types.ts";
import { spanReferences } from "../../model/references.ts";
import { spansOf } from "../../model/spans-of.ts";
import { spanCriticalPath } from "./path.ts";
import type { CpOptions, CpSpan, Semantics, SpanCriticalPath } from "./types.ts";

export type { CpOptions, CpReference, CpSection, CpSpan, RefType, Semantics, SpanCriticalPath } from "./types.ts";
export { opKey } from "./types.ts";
export { jaegerCriticalPath } from "./jaeger.ts";
export { crispCriticalPath, OVERLAP_ALLOWANCE_FRACTION, SERVER_LENGTHENING_FACTOR } from "./crisp.ts";

export { SEMANTICS, spanCriticalPath } from "./path.ts";

/** tracebed spans → neutral spans, times unchanged (host-clock ns). */
export function cpSpansFromRecords(spans: readonly SpanRecord[]): CpSpan[] {
  return spans.map((s) => ({
    spanID: s.spanId,
    parentSpanID: s.parentSpanId ?? null,
    operationName: s.name,
    serviceName: s.service,
    startTime: s.start,
    duration: s.end - s.start,
    references: spanReferences(s)
      .filter((r) => r.traceID === s.traceId)
      .map((r) => ({ refType: r.refType, spanID: r.spanID })),
    kind: s.kind,
    host: s.host,
  }));
}

/** The span critical path of a stored trace (its spans, or spans projected from its events), ns. */
export function traceCriticalPath(trace: Trace, semantics: Semantics, options: CpOptions = {}): SpanCriticalPath {
  return spanCriticalPath(cpSpansFromRecords(spansOf(trace)), semantics, options);
}
