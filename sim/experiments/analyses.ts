// What the experiments read from stored traces: structural shapes (Pattern #1 vs #2), loss
// (complete, partial, orphan spans), edges a reconstruction gets wrong, and causal-order
// errors when events are ordered by host timestamps or by the tracer's logical clock. Every
// reading is decided by the stored data alone (events with ITC stamps are ordered by them),
// never by the configuration that produced it.
import type { SpanRecord, Trace, TraceEvent } from "../../tracer/index.ts";
import { inspectTrace } from "../../tracer/collect/index.ts";
import { compareDags, dagFromItc, dagFromParents, dagShape, spanTreeShape, transitiveReduction } from "../../tracer/analysis/reconstruct/index.ts";
import { decodeBase64url, leq } from "../../tracer/itc/index.ts";
import type { Stamp } from "../../tracer/itc/index.ts";

/** Whether the stored events carry logical-clock stamps (every one of them). */
export function hasItcStamps(trace: Trace): boolean {
  return trace.events.length > 0 && trace.events.every((e) => e.itc !== undefined);
}

/** The structure of a trace with ids and times left out: the DAG's shape, or the span tree's. */
export function traceShape(trace: Trace): string {
  const itc = hasItcStamps(trace);
  if (trace.events.length > 0) {
    try {
      return dagShape(itc ? dagFromItc(trace) : transitiveReduction(dagFromParents(trace)));
    } catch {
      return "unreconstructable";
    }
  }
  return spanTreeShape(trace.spans);
}

export interface PatternResult {
  concurrentTraces: number;
  sequentialTraces: number;
  /** Pattern #1 traces whose shape also occurs among Pattern #2 traces (indistinguishable). */
  concurrentConfused: number;
  sequentialConfused: number;
  distinctShapes: number;
}

export function comparePatterns(concurrent: readonly Trace[], sequential: readonly Trace[]): PatternResult {
  const a = concurrent.map((t) => traceShape(t));
  const b = sequential.map((t) => traceShape(t));
  const setA = new Set(a);
  const setB = new Set(b);
  return {
    concurrentTraces: a.length,
    sequentialTraces: b.length,
    concurrentConfused: a.filter((s) => setB.has(s)).length,
    sequentialConfused: b.filter((s) => setA.has(s)).length,
    distinctShapes: new Set([...a, ...b]).size,
  };
}

export interface LossResult {
  complete: number;
  partial: number;
  orphanSpans: number;
}

export function lossOf(trace: Trace): LossResult {
  const i = inspectTrace(trace);
  return { complete: i.complete ? 1 : 0, partial: i.complete ? 0 : 1, orphanSpans: i.orphanSpans + i.orphanEvents };
}

/**
 * Edges the logical-clock reconstruction has that the recorded explicit parents do not: only
 * traces whose events carry ITC stamps are rebuilt from something other than the ids they
 * carry, so only they can disagree; null for the others.
 */
export function wrongEdges(trace: Trace): number | null {
  if (!hasItcStamps(trace)) return null;
  try {
    return compareDags(dagFromParents(trace), dagFromItc(trace)).onlyInSecond.length;
  } catch {
    return null;
  }
}

export interface OrderResult {
  /** Causal edges between events (or span boundaries) on different hosts. */
  crossHostEdges: number;
  /** …that host timestamps put in the wrong order. */
  timestampErrors: number;
  /** …that the logical clock puts in the wrong order (null without one). */
  clockErrors: number | null;
}

/**
 * Every causal edge that crosses hosts: explicit parent → child events in the DAG model; for
 * spans, a parent's start before its child's start and the child's end before the parent's
 * end. Ordering by timestamps fails when host clocks are skewed; an ITC stamp never does.
 */
export function causalOrder(trace: Trace): OrderResult {
  const itc = hasItcStamps(trace);
  let crossHostEdges = 0;
  let timestampErrors = 0;
  let clockErrors: number | null = itc ? 0 : null;
  if (trace.events.length > 0) {
    const byId = new Map<string, TraceEvent>();
    for (const e of trace.events) byId.set(e.eventId, e);
    const stamps = new Map<string, Stamp | null>();
    const stamp = (e: TraceEvent): Stamp | null => {
      let s = stamps.get(e.eventId);
      if (s === undefined) {
        try {
          s = e.itc === undefined ? null : decodeBase64url(e.itc);
        } catch {
          s = null;
        }
        stamps.set(e.eventId, s);
      }
      return s;
    };
    for (const e of trace.events) {
      for (const pid of e.parents) {
        const p = byId.get(pid);
        if (p === undefined || p.host === e.host) continue;
        crossHostEdges++;
        if (e.timestamp < p.timestamp) timestampErrors++;
        if (itc) {
          const a = stamp(p);
          const b = stamp(e);
          if (a === null || b === null || !leq(a, b) || leq(b, a)) clockErrors!++;
        }
      }
    }
    return { crossHostEdges, timestampErrors, clockErrors };
  }
  const byId = new Map<string, SpanRecord>();
  for (const s of trace.spans) byId.set(s.spanId, s);
  for (const s of trace.spans) {
    const p = s.parentSpanId === undefined ? undefined : byId.get(s.parentSpanId);
    if (p === undefined || p.host === s.host) continue;
    crossHostEdges++;
    if (s.start < p.start) timestampErrors++;
    // A consumer may outlive its producer (a cast returns once published): no end-to-end edge.
    if (s.kind === "consumer") continue;
    crossHostEdges++;
    if (s.end > p.end) timestampErrors++;
  }
  return { crossHostEdges, timestampErrors, clockErrors };
}
