// Structural signatures, free of ids and times: equal signatures mean the same causal
// structure (DAG) or the same call tree (spans). Diagnosis groups traces by them, and the
// features (labelled edges, counted) measure how far a new shape is from an old one.
import type { SpanRecord, TraceEvent } from "../../model/types.ts";
import { hash64 } from "./hash.ts";
import type { Dag } from "./types.ts";

const eventLabel = (e: TraceEvent): string => `${e.kind} [${e.service}] ${e.name}`;
export const spanLabel = (s: Pick<SpanRecord, "service" | "name">): string => `[${s.service}] ${s.name}`;

/**
 * A DAG's shape: each event's signature hashes its label with its parents' signatures (a
 * Merkle DAG), and the shape hashes the sorted multiset of all signatures.
 */
export function dagShape(dag: Dag): string {
  const sigs = new Array<string>(dag.events.length);
  for (let i = 0; i < dag.events.length; i++) {
    const ps = dag.parents[i]!.map((p) => sigs[p]!).sort();
    sigs[i] = hash64(`${eventLabel(dag.events[i]!)}(${ps.join(",")})`);
  }
  return hash64(`dag:${dag.partial ? "partial:" : ""}${[...sigs].sort().join(",")}`);
}

/** Counted labelled edges `parent → child` (and `→ root`), for distances between DAG shapes. */
export function dagFeatures(dag: Dag): Map<string, number> {
  const out = new Map<string, number>();
  const add = (k: string) => out.set(k, (out.get(k) ?? 0) + 1);
  dag.events.forEach((e, i) => {
    const ps = dag.parents[i]!;
    if (ps.length === 0) add(`→ ${eventLabel(e)}`);
    for (const p of ps) add(`${eventLabel(dag.events[p]!)} → ${eventLabel(e)}`);
  });
  return out;
}

/** The canonical call tree: `label(child, child, …)` with children sorted, roots joined by `|`. */
export function spanTreeSignature(spans: readonly SpanRecord[]): string {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const s of spans) {
    if (s.parentSpanId !== undefined && ids.has(s.parentSpanId)) {
      const list = children.get(s.parentSpanId);
      if (list) list.push(s);
      else children.set(s.parentSpanId, [s]);
    } else roots.push(s);
  }
  // Post-order without recursion: deep call chains must not overflow the stack.
  const text = new Map<string, string>();
  const stack: [SpanRecord, boolean][] = roots.map((r) => [r, false]);
  while (stack.length > 0) {
    const [s, expanded] = stack.pop()!;
    const kids = children.get(s.spanId) ?? [];
    if (!expanded) {
      stack.push([s, true]);
      for (const k of kids) stack.push([k, false]);
      continue;
    }
    const inner = kids.map((k) => text.get(k.spanId)!).sort();
    text.set(s.spanId, inner.length === 0 ? spanLabel(s) : `${spanLabel(s)}(${inner.join(",")})`);
  }
  return roots
    .map((r) => text.get(r.spanId)!)
    .sort()
    .join("|");
}

export function spanTreeShape(spans: readonly SpanRecord[]): string {
  return hash64(`spans:${spanTreeSignature(spans)}`);
}

/** Counted labelled edges `parent > child` of the call tree. */
export function spanTreeFeatures(spans: readonly SpanRecord[]): Map<string, number> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const out = new Map<string, number>();
  for (const s of spans) {
    const p = s.parentSpanId === undefined ? undefined : byId.get(s.parentSpanId);
    const k = `${p === undefined ? "" : spanLabel(p)} > ${spanLabel(s)}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Σ |count difference| over features: 0 for the same shape. */
export function featureDistance(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let d = 0;
  for (const [k, v] of a) d += Math.abs(v - (b.get(k) ?? 0));
  for (const [k, v] of b) if (!a.has(k)) d += v;
  return d;
}
