// Call paths: `[svc] op > [svc] op …` from the root span down to each span, the key diagnosis
// groups critical-path time by. Built top-down once per span, without recursion. Very deep
// nesting keeps its first and last levels only, so keys stay short (no quadratic blow-up on a
// pathological trace) yet distinct for the paths real requests take.
import type { SpanRecord } from "../../model/types.ts";
import { spanLabel } from "../reconstruct/shape.ts";

const KEEP_HEAD = 4;
const KEEP_TAIL = 12;

export interface CallPathEntry {
  readonly span: SpanRecord;
  readonly path: string;
}

export function callPathsOf(spans: readonly SpanRecord[]): Map<string, CallPathEntry> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const labels = new Map<string, readonly string[]>(); // spanId → labels root..span (capped)
  const depth = new Map<string, number>();
  const out = new Map<string, CallPathEntry>();
  for (const s of spans) {
    if (labels.has(s.spanId)) continue;
    const chain: SpanRecord[] = [];
    const seen = new Set<string>();
    let cur: SpanRecord | undefined = s;
    while (cur !== undefined && !seen.has(cur.spanId) && !labels.has(cur.spanId)) {
      seen.add(cur.spanId);
      chain.push(cur);
      cur = cur.parentSpanId === undefined ? undefined : byId.get(cur.parentSpanId);
    }
    let prefix: readonly string[] = cur !== undefined && labels.has(cur.spanId) ? labels.get(cur.spanId)! : [];
    let d = cur !== undefined && depth.has(cur.spanId) ? depth.get(cur.spanId)! : 0;
    for (let i = chain.length - 1; i >= 0; i--) {
      const span = chain[i]!;
      d++;
      let next = [...prefix, spanLabel(span)];
      if (next.length > KEEP_HEAD + KEEP_TAIL) next = [...next.slice(0, KEEP_HEAD), ...next.slice(next.length - KEEP_TAIL)];
      labels.set(span.spanId, next);
      depth.set(span.spanId, d);
      prefix = next;
      const path = d > next.length ? [...next.slice(0, KEEP_HEAD), `… ${d - next.length} levels`, ...next.slice(KEEP_HEAD)].join(" > ") : next.join(" > ");
      out.set(span.spanId, { span, path });
    }
  }
  return out;
}
