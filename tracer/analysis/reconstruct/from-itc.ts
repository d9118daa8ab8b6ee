// Reconstruction from ITC stamps alone: a ≺ b iff stamp(a) ≤ stamp(b) and they differ; the
// edges are the transitive reduction of that order.
//
// Not quadratic: events are sorted by the integral of their stamp (strictly monotone along ≺,
// so a topological order), then placed on chains (see chains.ts). For each event and chain
// the preceding chain members form a prefix, found by probing the element after what is
// already known (usually one comparison: the chain is concurrent, or wholly known through an
// earlier chain's past) and a binary search only when the chain advanced. The cost per event is
// about one stamp comparison per concurrent thread, not one per event.
import { decodeBase64url, event as itcEvent, join as itcJoin, peek, Stamp, stampsEqual } from "../../itc/index.ts";
import type { Trace, TraceEvent } from "../../model/types.ts";
import { ChainIndex } from "./chains.ts";
import { threadScore } from "./explicit.ts";
import { FlatHistories, ItcError } from "./itc-order.ts";
import { buildDag, findIncompleteSpans, indexEvents, sortedByTimeThenId } from "./order.ts";
import { ReconstructionError } from "./types.ts";
import type { Dag, ItcGap } from "./types.ts";

export interface ItcReconstructionOptions {
  /**
   * Check that each event's stamp is exactly its predecessors' joined history plus at most
   * one ITC event in its own id (default true). An event that fails has a lost predecessor.
   */
  readonly detectGaps?: boolean;
  /** Filled in with the work done: stamp comparisons and chains used (the trace's width). */
  readonly counters?: { comparisons: number; chains: number };
}

export function dagFromItc(trace: Pick<Trace, "traceId" | "events">, options: ItcReconstructionOptions = {}): Dag {
  const { traceId, events } = trace;
  indexEvents(traceId, events);
  const n = events.length;
  const decoded: Stamp[] = events.map((e) => {
    if (e.itc === undefined) throw new ReconstructionError("no-stamp", traceId, e.eventId, "event has no ITC stamp (was the trace recorded with ITC metadata?)");
    try {
      return decodeBase64url(e.itc);
    } catch (error) {
      if (error instanceof ItcError) throw new ReconstructionError("bad-stamp", traceId, e.eventId, `ITC stamp ${JSON.stringify(e.itc)} is invalid: ${error.message}`);
      throw error;
    }
  });
  const stamps = new FlatHistories(decoded);
  const mass = (a: number, b: number) => stamps.compareMass(a, b);
  const order = sortedByTimeThenId(events, mass);

  let comparisons = 0;
  const strictlyBefore = (x: number, v: number): boolean => {
    comparisons++;
    return stamps.compareMass(x, v) < 0 && stamps.leq(x, v);
  };
  const chains = new ChainIndex(n);
  const score = threadScore(events);
  const recent: number[] = []; // chain ids, most recently extended first
  const parents: number[][] = new Array(n);
  try {
    for (const v of order) {
      absorbPast(chains, recent, v, strictlyBefore);
      parents[v] = chains.place(v, score);
      const placedOn = chains.chainOf[v]!;
      const at = recent.indexOf(placedOn);
      if (at !== 0) {
        if (at > 0) recent.splice(at, 1);
        recent.unshift(placedOn);
      }
    }
  } finally {
    if (options.counters) {
      options.counters.comparisons = comparisons;
      options.counters.chains = chains.width;
    }
    chains.release();
  }

  const gaps = (options.detectGaps ?? true) ? setAsideUncertain(events, decoded, parents) : [];
  return buildDag({ traceId, source: "itc", events, parents, missing: [], gaps, indistinct: indistinctPairs(trace, stamps, order, mass) });
}

/**
 * Fills the index's `past` with v's past: per chain, the last member that precedes v. Members
 * already known to precede v (through an earlier chain's past) cost nothing; otherwise one
 * comparison tells whether the chain advanced, and a binary search finds how far.
 */
function absorbPast(chains: ChainIndex, recent: readonly number[], v: number, strictlyBefore: (x: number, v: number) => boolean): void {
  const past = chains.beginPast();
  for (const c of recent) {
    const chain = chains.chains[c]!;
    const last = chain.length - 1;
    let lo = past[c]!;
    if (lo === last || !strictlyBefore(chain[lo + 1]!, v)) continue;
    lo++;
    if (lo < last) {
      if (strictlyBefore(chain[last]!, v)) lo = last;
      else {
        let hi = last; // chain[lo] precedes v, chain[hi] does not
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (strictlyBefore(chain[mid]!, v)) lo = mid;
          else hi = mid;
        }
      }
    }
    chains.absorb(chain[lo]!);
  }
}

/**
 * Moves every edge that might bypass a lost event out of `parents` into the returned gaps.
 * ITC's `event` can fill a merged id up to its neighbours' level, which hides a lost event's
 * increment, so stamps alone cannot always see a loss: span structure covers what they miss
 * (a span without its end, a message received without its send).
 */
function setAsideUncertain(events: readonly TraceEvent[], stamps: readonly Stamp[], parents: number[][]): ItcGap[] {
  const n = events.length;
  const uncertain = new Map<number, { preds: Set<number>; reason: ItcGap["reason"] }>();
  const mark = (v: number, preds: readonly number[], reason: ItcGap["reason"]) => {
    if (preds.length === 0) return;
    const u = uncertain.get(v);
    if (u) preds.forEach((p) => u.preds.add(p));
    else uncertain.set(v, { preds: new Set(preds), reason });
  };
  for (let v = 0; v < n; v++) {
    if (!explained(stamps[v]!, parents[v]!.map((p) => stamps[p]!))) {
      uncertain.set(v, { preds: new Set(parents[v]!), reason: "unexplained-stamp" });
      if (parents[v]!.length === 0) uncertain.get(v)!.preds.add(-1);
    } else if (events[v]!.kind === "recv" && !parents[v]!.some((p) => events[p]!.kind === "send")) {
      mark(v, parents[v]!.length > 0 ? parents[v]! : [-1], "recv-without-send");
    }
  }
  const incomplete = new Set(findIncompleteSpans(events));
  if (incomplete.size > 0) {
    const children: number[][] = events.map(() => []);
    parents.forEach((ps, c) => ps.forEach((p) => children[p]!.push(c)));
    const hasStart = new Set(events.filter((e) => e.kind === "start").map((e) => e.spanId));
    for (let v = 0; v < n; v++) {
      const span = events[v]!.spanId;
      if (!incomplete.has(span)) continue;
      // Edges leaving the span's last known events may skip its lost end; edges entering its
      // first known events may skip its lost start.
      for (const c of children[v]!) if (events[c]!.spanId !== span) mark(c, [v], "incomplete-span");
      if (!hasStart.has(span)) {
        const outside = parents[v]!.filter((p) => events[p]!.spanId !== span);
        if (parents[v]!.every((p) => events[p]!.spanId !== span)) mark(v, outside.length > 0 ? outside : [-1], "incomplete-span");
      }
    }
  }
  // A direct edge between two spans joins a parent and its child, ends one sibling and starts
  // the next, or leaves a fork (whose branches may be handed to any thread: a notification to a
  // waiting request part); any other pair of spans means events in between were lost.
  const parentSpan = new Map<string, string | undefined>();
  for (const e of events) if (e.kind === "start") parentSpan.set(e.spanId, e.parentSpanId);
  for (let v = 0; v < n; v++) {
    const c = events[v]!;
    for (const p of parents[v]!) {
      const x = events[p]!;
      if (x.spanId === c.spanId || !parentSpan.has(x.spanId) || !parentSpan.has(c.spanId)) continue;
      const px = parentSpan.get(x.spanId);
      const pc = parentSpan.get(c.spanId);
      const plausible = x.kind === "fork" || pc === x.spanId || px === c.spanId || (px === pc && x.kind === "end" && c.kind === "start");
      if (!plausible) mark(v, [p], "skips-span");
    }
  }
  const gaps: ItcGap[] = [];
  for (const [v, { preds, reason }] of uncertain) {
    parents[v] = parents[v]!.filter((p) => !preds.has(p));
    const precededBy = [...preds].filter((p) => p >= 0).map((p) => events[p]!.eventId).sort();
    gaps.push({ eventId: events[v]!.eventId, precededBy, reason });
  }
  return gaps.sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
}

/** Is s's history its predecessors' joined history, plus at most one event in s's own id? */
function explained(s: Stamp, preds: readonly Stamp[]): boolean {
  let before: Stamp;
  if (preds.length === 1) before = new Stamp(s.id, preds[0]!.event);
  else {
    let history = new Stamp(0, 0);
    for (const p of preds) history = itcJoin(history, peek(p));
    before = new Stamp(s.id, history.event);
  }
  // Every event the tracer records does one ITC event, so test that case first.
  if (s.id !== 0 && stampsEqual(itcEvent(before), s)) return true;
  return stampsEqual(before, s);
}

/**
 * Distinct events whose stamps have equal histories: ITC cannot order them. Equal histories
 * have equal masses, so only neighbours in mass order need the pointwise comparison.
 */
function indistinctPairs(trace: Pick<Trace, "events">, stamps: FlatHistories, order: readonly number[], mass: (i: number, j: number) => number): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < order.length; ) {
    let j = i + 1;
    while (j < order.length && mass(order[i]!, order[j]!) === 0) j++;
    for (let a = i; a < j; a++) {
      for (let b = a + 1; b < j; b++) {
        const x = order[a]!;
        const y = order[b]!;
        if (!stamps.leq(x, y) || !stamps.leq(y, x)) continue;
        const ids = [trace.events[x]!.eventId, trace.events[y]!.eventId].sort() as [string, string];
        pairs.push(ids);
      }
    }
    i = j;
  }
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
}
