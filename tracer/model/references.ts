// How a span's parent and links become Jaeger-style references. One rule shared by the Jaeger
// export, the OTLP import and the critical-path adapter, so a trace analysed directly and one
// analysed after a round trip through a file build the same tree.
//
// The parent comes first (Jaeger UI lays a span out under its first reference) and is CHILD_OF,
// except a consumer's: the producer does not wait for it, so FOLLOWS_FROM. Links — the extra
// parents of a fan-in join — are FOLLOWS_FROM: each extra parent finished before the join and
// does not depend on it, and tools that follow one parent (Jaeger UI: the first reference; CRISP:
// the last CHILD_OF) then all keep the layout parent.

import type { SpanKind, SpanRecord } from "./types.ts";

export type ReferenceType = "CHILD_OF" | "FOLLOWS_FROM";

export interface SpanReference {
  readonly refType: ReferenceType;
  readonly traceID: string;
  readonly spanID: string;
}

export function parentRefType(kind: SpanKind): ReferenceType {
  return kind === "consumer" ? "FOLLOWS_FROM" : "CHILD_OF";
}

export function spanReferences(span: SpanRecord): SpanReference[] {
  const refs: SpanReference[] = [];
  if (span.parentSpanId !== undefined) {
    refs.push({ refType: parentRefType(span.kind), traceID: span.traceId, spanID: span.parentSpanId });
  }
  for (const link of span.links) refs.push({ refType: "FOLLOWS_FROM", traceID: link.traceId, spanID: link.spanId });
  return refs;
}
