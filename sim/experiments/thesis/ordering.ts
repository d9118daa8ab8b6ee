// Ordering errors: of the pairs of span boundaries (a span's start or end) of one trace that
// truly happened one before the other on different hosts, how many the stored data orders
// wrongly or cannot order — by timestamps (any trace), by the stored DAG's edges (event traces),
// by ITC stamps (traces whose events carry them). The truth is the kernel's causality record:
// a boundary happened before another when the point the second was recorded at descends from
// the first's (sim/kernel/causality.ts: a process's own earlier steps, the messages and events it
// waited on, the children it joined).
import type { CausalPoint } from "../../kernel/index.ts";
import type { Trace } from "../../../tracer/index.ts";
import { dagFromParents, ReconstructionError } from "../../../tracer/analysis/reconstruct/index.ts";
import { decodeBase64url, leq } from "../../../tracer/itc/index.ts";
import type { Stamp } from "../../../tracer/itc/index.ts";

/** Where a boundary happened, as the kernel saw it (recorded by a span processor at the trace point). */
export interface TrueBoundary {
  readonly point: CausalPoint;
  /** The span's start was set earlier than the trace point ran (a queued message's backdated start): no true point for it. */
  readonly backdated: boolean;
}

/** `${spanId}:s` or `${spanId}:e`. */
export const boundaryKey = (spanId: string, edge: "s" | "e"): string => `${spanId}:${edge}`;

export interface OrderCounts {
  /** Truly ordered cross-host pairs the method was asked about. */
  pairs: number;
  /** …that it orders the other way round. */
  reversed: number;
  /** …that it leaves unordered (equal timestamps, no path between the events, incomparable stamps). */
  unordered: number;
}

export interface TraceOrder {
  readonly timestamps: OrderCounts;
  /** Null for traces of spans (no stored edges between boundaries). */
  readonly edges: OrderCounts | null;
  /** Null without ITC stamps on every boundary. */
  readonly itc: OrderCounts | null;
}

interface Stored {
  readonly key: string;
  readonly host: string;
  readonly timestamp: number;
  /** Index of the boundary's event in the stored DAG (event traces). */
  readonly event: number;
  readonly itc: string | undefined;
}

/** Bitsets over `n` members, one row per node: rows[i * words .. (i+1) * words). */
class Rows {
  readonly words: number;
  readonly bits: Uint32Array;
  constructor(rows: number, n: number) {
    this.words = Math.max(1, Math.ceil(n / 32));
    this.bits = new Uint32Array(rows * this.words);
  }
  or(into: number, from: number): void {
    const w = this.words;
    for (let k = 0; k < w; k++) this.bits[into * w + k]! |= this.bits[from * w + k]!;
  }
  set(row: number, member: number): void {
    this.bits[row * this.words + (member >>> 5)]! |= 1 << (member & 31);
  }
  has(row: number, member: number): boolean {
    return (this.bits[row * this.words + (member >>> 5)]! & (1 << (member & 31))) !== 0;
  }
}

/**
 * For each of `targets` (points), which of them precede it: reach.has(i, j) iff targets[j]
 * happened before targets[i]. Walks back over every predecessor link from the targets, then
 * propagates in creation order (predecessors are always created first).
 */
export function truePrecedence(targets: readonly CausalPoint[]): Rows {
  const all = new Map<CausalPoint, number>();
  const stack: CausalPoint[] = [...targets];
  const nodes: CausalPoint[] = [];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (all.has(p)) continue;
    all.set(p, -1);
    nodes.push(p);
    if (p.prev !== null) stack.push(p.prev);
    if (p.prog !== null) stack.push(p.prog);
    if (p.also !== null) for (const q of p.also) stack.push(q);
  }
  nodes.sort((a, b) => a.id - b.id);
  nodes.forEach((p, i) => all.set(p, i));
  const member = new Map<CausalPoint, number>();
  targets.forEach((p, j) => member.set(p, j));
  const rows = new Rows(nodes.length, targets.length);
  for (let i = 0; i < nodes.length; i++) {
    const p = nodes[i]!;
    const preds = p.also === null ? [p.prev, p.prog] : [p.prev, p.prog, ...p.also];
    for (const q of preds) {
      if (q === null) continue;
      const qi = all.get(q)!;
      rows.or(i, qi);
      const m = member.get(q);
      if (m !== undefined) rows.set(i, m);
    }
  }
  // One row per target, in targets' order.
  const out = new Rows(targets.length, targets.length);
  targets.forEach((p, j) => {
    const i = all.get(p)!;
    for (let k = 0; k < rows.words; k++) out.bits[j * out.words + k] = rows.bits[i * rows.words + k]!;
  });
  return out;
}

function storedBoundaries(trace: Trace): Stored[] {
  const out: Stored[] = [];
  if (trace.events.length > 0) {
    trace.events.forEach((e, i) => {
      if (e.kind === "start" || e.kind === "end") out.push({ key: boundaryKey(e.spanId, e.kind === "start" ? "s" : "e"), host: e.host, timestamp: e.timestamp, event: i, itc: e.itc });
    });
    return out;
  }
  for (const s of trace.spans) {
    out.push({ key: boundaryKey(s.spanId, "s"), host: s.host, timestamp: s.start, event: -1, itc: undefined });
    out.push({ key: boundaryKey(s.spanId, "e"), host: s.host, timestamp: s.end, event: -1, itc: undefined });
  }
  return out;
}

/** Reachability between the stored DAG's events, or null when it cannot be rebuilt. */
function storedPrecedence(trace: Trace): { reach: Rows; indexOf: (eventIndex: number) => number } | null {
  let dag;
  try {
    dag = dagFromParents(trace);
  } catch (e) {
    if (e instanceof ReconstructionError) return null;
    throw e;
  }
  const n = dag.events.length;
  const reach = new Rows(n, n);
  // dag.events is a topological order.
  for (let i = 0; i < n; i++) {
    for (const p of dag.parents[i]!) {
      reach.or(i, p);
      reach.set(i, p);
    }
  }
  const byId = new Map(trace.events.map((e, i) => [e.eventId, i]));
  const toDag = new Map<number, number>();
  dag.events.forEach((e, d) => toDag.set(byId.get(e.eventId)!, d));
  return { reach, indexOf: (i) => toDag.get(i)! };
}

const zero = (): OrderCounts => ({ pairs: 0, reversed: 0, unordered: 0 });

/**
 * Counts, for one stored trace, the truly ordered cross-host boundary pairs each method gets
 * wrong. Boundaries the truth does not know (not recorded, backdated starts) are left out.
 */
export function orderingErrors(trace: Trace, truth: ReadonlyMap<string, TrueBoundary>): TraceOrder {
  const stored = storedBoundaries(trace).filter((b) => {
    const t = truth.get(b.key);
    return t !== undefined && !t.backdated;
  });
  const points = stored.map((b) => truth.get(b.key)!.point);
  const before = truePrecedence(points);
  const dag = trace.events.length > 0 ? storedPrecedence(trace) : null;
  const stamps: (Stamp | null)[] | null = trace.events.length > 0 && stored.every((b) => b.itc !== undefined) ? stored.map((b) => decode(b.itc!)) : null;
  const timestamps = zero();
  const edges = trace.events.length > 0 ? zero() : null;
  const itc = stamps === null ? null : zero();
  for (let j = 0; j < stored.length; j++) {
    const b = stored[j]!;
    for (let i = 0; i < stored.length; i++) {
      if (i === j || !before.has(j, i)) continue;
      const a = stored[i]!;
      if (a.host === b.host) continue;
      // a truly happened before b.
      timestamps.pairs++;
      if (a.timestamp > b.timestamp) timestamps.reversed++;
      else if (a.timestamp === b.timestamp) timestamps.unordered++;
      if (edges !== null) {
        edges.pairs++;
        if (dag === null) edges.unordered++;
        else {
          const ai = dag.indexOf(a.event);
          const bi = dag.indexOf(b.event);
          if (dag.reach.has(ai, bi)) edges.reversed++;
          else if (!dag.reach.has(bi, ai)) edges.unordered++;
        }
      }
      if (itc !== null) {
        itc.pairs++;
        const sa = stamps![i]!;
        const sb = stamps![j]!;
        if (sa === null || sb === null) itc.unordered++;
        else {
          const ab = leq(sa, sb);
          const ba = leq(sb, sa);
          if (ba && !ab) itc.reversed++;
          else if (ab === ba) itc.unordered++;
        }
      }
    }
  }
  return { timestamps, edges, itc };
}

function decode(text: string): Stamp | null {
  try {
    return decodeBase64url(text);
  } catch {
    return null;
  }
}
