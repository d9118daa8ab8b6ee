// How a span's parent and links become Jaeger-style references. One rule shared by the Jaeger
// export and the critical-path adapter, so a trace analysed directly and one analysed after a
// round trip through a Jaeger file build the same tree.
//
// The parent comes first (Jaeger UI lays the span out under its first reference). A consumer's
// parent is FOLLOWS_FROM: the producer does not wait for it. Links are the extra parents of a
// fan-in join, so they are CHILD_OF, unless the link says it is an async cause
// (`sim.edge: follows-from`).

import type { SpanLink, SpanRecord } from "../model/types.ts";

export type ReferenceType = "CHILD_OF" | "FOLLOWS_FROM";

export interface SpanReference {
  readonly refType: ReferenceType;
  readonly traceID: string;
  readonly spanID: string;
}

export const FOLLOWS_FROM_EDGE = "follows-from";

export function linkRefType(link: SpanLink): ReferenceType {
  return link.attributes?.["sim.edge"] === FOLLOWS_FROM_EDGE ? "FOLLOWS_FROM" : "CHILD_OF";
}

export function spanReferences(span: SpanRecord): SpanReference[] {
  const refs: SpanReference[] = [];
  if (span.parentSpanId !== undefined) {
    const refType: ReferenceType = span.kind === "consumer" ? "FOLLOWS_FROM" : "CHILD_OF";
    refs.push({ refType, traceID: span.traceId, spanID: span.parentSpanId });
  }
  for (const link of span.links) {
    refs.push({ refType: linkRefType(link), traceID: link.traceId, spanID: link.spanId });
  }
  return refs;
}
