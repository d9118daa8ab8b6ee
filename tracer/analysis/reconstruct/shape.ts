// Structural signatures, free of ids and times: equal signatures mean the same causal
// structure (DAG) or the same call tree (spans). Diagnosis groups traces by them, and the
// features (labelled edges, counted) measure how far a new shape is from an old one.
import type { SpanRecord, TraceEvent } from "../../model/types.ts";
import { hash64, hashLanes, hex32, mix } from "./hash.ts";
import type { Dag } from "./types.ts";

/** Memo of label hashes: labels repeat across a run's traces. */
const LANES = new Map<string, [number, number]>();

const eventLabel = (e: TraceEvent): string => `${e.kind} [${e.service}] ${e.name}`;
export const spanLabel = (s: Pick<SpanRecord, "service" | "name">): string => `[${s.service}] ${s.name}`;

/**
 * A DAG's shape: each event's signature hashes its label with its parents' signatures (a
 * Merkle DAG), and the shape hashes the sorted multiset of all signatures.
 */
export function dagShape(dag: Dag): string {
  const n = dag.events.length;
  const s1: number[] = new Array<number>(n).fill(0);
  const s2: number[] = new Array<number>(n).fill(0);
  const order = (a: number, b: number) => s1[a]! - s1[b]! || s2[a]! - s2[b]!;
  for (let i = 0; i < n; i++) {
    const label = eventLabel(dag.events[i]!);
    let l = LANES.get(label);
    if (l === undefined) {
      if (LANES.size >= 50_000) LANES.clear(); // a memo only: bounded, results unchanged
      LANES.set(label, (l = hashLanes(label)));
    }
    let h1 = l[0];
    let h2 = l[1];
    const ps = dag.parents[i]!;
    const sorted = ps.length > 1 ? [...ps].sort(order) : ps;
    for (const p of sorted) {
      h1 = mix(h1, s1[p]!);
      h2 = mix(h2, s2[p]! ^ 0x5bd1e995);
    }
    s1[i] = mix(h1, ps.length);
    s2[i] = mix(h2, ps.length + 1);
  }
  const all = [...Array(n).keys()].sort(order);
  let h1 = dag.partial ? 0x2545f491 : 0x811c9dc5;
  let h2 = dag.partial ? 0x6c8e9cf5 : 0x01000193;
  for (const i of all) {
    h1 = mix(h1, s1[i]!);
    h2 = mix(h2, s2[i]!);
  }
  return hex32(mix(h1, n)) + hex32(mix(h2, n));
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
  // Post-order without recursion: deep call chains must not overflow the stack. Each span is
  // walked once, so a repeated span id or a parent cycle (which importers refuse, but a caller
  // may still pass) cannot make the walk endless: a span met again adds nothing.
  const text = new Map<SpanRecord, string>();
  const entered = new Set<SpanRecord>();
  const stack: [SpanRecord, boolean][] = roots.map((r) => [r, false]);
  while (stack.length > 0) {
    const [s, expanded] = stack.pop()!;
    const kids = children.get(s.spanId) ?? [];
    if (!expanded) {
      if (entered.has(s)) continue;
      entered.add(s);
      stack.push([s, true]);
      for (const k of kids) if (!entered.has(k)) stack.push([k, false]);
      continue;
    }
    const inner = kids.flatMap((k) => (k === s ? [] : (text.get(k) ?? []))).sort();
    text.set(s, inner.length === 0 ? spanLabel(s) : `${spanLabel(s)}(${inner.join(",")})`);
  }
  return roots
    .map((r) => text.get(r)!)
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
