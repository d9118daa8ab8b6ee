// Span critical path with selectable semantics, and the adapter from tracebed's own spans.

import type { SpanRecord } from "../../model/types.ts";
import { spanReferences } from "../../export/references.ts";
import { crispCriticalPath } from "./crisp.ts";
import { jaegerCriticalPath } from "./jaeger.ts";
import type { CpOptions, CpSpan, Semantics, SpanCriticalPath } from "./types.ts";

export type { CpOptions, CpReference, CpSection, CpSpan, RefType, Semantics, SpanCriticalPath } from "./types.ts";
export { opKey } from "./types.ts";
export { jaegerCriticalPath } from "./jaeger.ts";
export { crispCriticalPath, OVERLAP_ALLOWANCE_FRACTION, SERVER_LENGTHENING_FACTOR } from "./crisp.ts";

export const SEMANTICS: readonly Semantics[] = ["jaeger", "crisp"];

export function spanCriticalPath(
  spans: readonly CpSpan[],
  semantics: Semantics,
  options: CpOptions = {},
): SpanCriticalPath {
  return semantics === "jaeger" ? jaegerCriticalPath(spans, options) : crispCriticalPath(spans, options);
}

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
