// The canonical topological order and the Dag value built on it. Both reconstructions finish
// here, so the same edges always give the same Dag, byte for byte, whatever the input order.
import type { TraceEvent } from "../../model/types.ts";
import { ReconstructionError } from "./types.ts";
import type { Dag, ItcGap, MissingParent } from "./types.ts";

export const byTimeThenId = (a: TraceEvent, b: TraceEvent): number =>
  a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/** Input positions sorted by (timestamp, eventId), reading each event's fields once. */
export function sortedByTimeThenId(events: readonly TraceEvent[], first?: (a: number, b: number) => number): number[] {
  const n = events.length;
  const ts = new Array<number>(n);
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    ts[i] = events[i]!.timestamp;
    ids[i] = events[i]!.eventId;
  }
  const keys = [...events.keys()];
  return keys.sort((a, b) => (first === undefined ? 0 : first(a, b)) || ts[a]! - ts[b]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
}

/** Maps event ids to input positions; rejects duplicates and events of another trace. */
export function indexEvents(traceId: string, events: readonly TraceEvent[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.traceId !== traceId) {
      throw new ReconstructionError("mixed-traces", traceId, e.eventId, `event belongs to trace ${e.traceId}`);
    }
    if (index.has(e.eventId)) throw new ReconstructionError("duplicate-event", traceId, e.eventId, "event id appears twice");
    index.set(e.eventId, i);
  }
  return index;
}

/**
 * Topological order of input positions: events sorted by (timestamp, eventId), each emitted
 * after its parents (which skewed clocks can put later). Iterative, so deep chains are safe.
 */
export function canonicalOrder(traceId: string, events: readonly TraceEvent[], parents: readonly (readonly number[])[]): number[] {
  const n = events.length;
  const sorted = sortedByTimeThenId(events);
  const state: number[] = new Array<number>(n).fill(0); // 0 new, 1 on stack, 2 emitted
  const order: number[] = [];
  const stack: number[] = [];
  const next: number[] = [];
  for (const root of sorted) {
    if (state[root] !== 0) continue;
    stack.push(root);
    next.push(0);
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const v = stack[top]!;
      const ps = parents[v]!;
      const k = next[top]!;
      if (k < ps.length) {
        next[top] = k + 1;
        const p = ps[k]!;
        if (state[p] === 1) {
          throw new ReconstructionError("cycle", traceId, events[p]!.eventId, `parent edges form a cycle through event ${events[v]!.eventId}`);
        }
        if (state[p] === 0) {
          state[p] = 1;
          stack.push(p);
          next.push(0);
        }
        continue;
      }
      stack.pop();
      next.pop();
      state[v] = 2;
      order.push(v);
    }
  }
  return order;
}

export interface DagParts {
  readonly traceId: string;
  readonly source: "explicit" | "itc";
  readonly events: readonly TraceEvent[];
  /** Direct parents by input position. */
  readonly parents: readonly (readonly number[])[];
  readonly missing: readonly MissingParent[];
  readonly gaps: readonly ItcGap[];
  readonly indistinct: readonly (readonly [string, string])[];
}

/** Re-indexes parts into canonical order and fills in children. */
export function buildDag(parts: DagParts): Dag {
  const { events, traceId } = parts;
  const order = canonicalOrder(traceId, events, parts.parents);
  const rank: number[] = new Array<number>(events.length);
  order.forEach((v, i) => (rank[v] = i));
  const sortedEvents = order.map((v) => events[v]!);
  const parents = order.map((v) => parts.parents[v]!.map((p) => rank[p]!).sort((a, b) => a - b));
  const children: number[][] = order.map(() => []);
  parents.forEach((ps, c) => ps.forEach((p) => children[p]!.push(c)));
  const incompleteSpans = findIncompleteSpans(events);
  const indexOf = new Map<string, number>();
  sortedEvents.forEach((e, i) => indexOf.set(e.eventId, i));
  return {
    traceId,
    source: parts.source,
    events: sortedEvents,
    parents,
    children,
    indexOf,
    partial: parts.missing.length > 0 || parts.gaps.length > 0 || incompleteSpans.length > 0,
    missing: parts.missing,
    incompleteSpans,
    gaps: parts.gaps,
    indistinct: parts.indistinct,
  };
}

/** Span ids with events but without a start or an end event: some of their events were lost. */
export function findIncompleteSpans(events: readonly TraceEvent[]): string[] {
  const seen = new Map<string, number>(); // bit 1: start, bit 2: end
  for (const e of events) seen.set(e.spanId, (seen.get(e.spanId) ?? 0) | (e.kind === "start" ? 1 : e.kind === "end" ? 2 : 0));
  return [...seen].filter(([, bits]) => bits !== 3).map(([id]) => id).sort();
}
