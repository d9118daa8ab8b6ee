// What an analyst can tell about a stored trace from its contents alone: missing parents,
// unpaired start/end events, orphan spans. (The ledger knows the ground truth; this is the
// inference a real backend has to make, e.g. jaeger-ui's orphan-span count.)
import type { Trace } from "../model/types.ts";

export interface TraceInspection {
  /** Nothing missing: one root, every parent present, every start paired with an end. */
  readonly complete: boolean;
  readonly roots: number;
  /** Events naming a parent event that is not in the trace. */
  readonly orphanEvents: number;
  readonly unmatchedStarts: number;
  readonly unmatchedEnds: number;
  /** Spans whose parent span is not in the trace. */
  readonly orphanSpans: number;
}

export function inspectTrace(trace: Trace): TraceInspection {
  let roots = 0;
  let orphanEvents = 0;
  let orphanSpans = 0;
  let unmatchedStarts = 0;
  let unmatchedEnds = 0;
  if (trace.events.length > 0) {
    const ids = new Set<string>();
    const starts = new Set<string>();
    const ends = new Set<string>();
    for (const e of trace.events) {
      ids.add(e.eventId);
      if (e.kind === "start") starts.add(e.spanId);
      else if (e.kind === "end") ends.add(e.spanId);
    }
    for (const e of trace.events) {
      if (e.parents.some((p) => !ids.has(p))) orphanEvents++;
      if (e.kind === "start" && e.parentSpanId === undefined) roots++;
    }
    for (const s of starts) if (!ends.has(s)) unmatchedStarts++;
    for (const s of ends) if (!starts.has(s)) unmatchedEnds++;
  }
  if (trace.spans.length > 0) {
    const ids = new Set<string>();
    for (const s of trace.spans) ids.add(s.spanId);
    for (const s of trace.spans) {
      if (s.parentSpanId === undefined) roots++;
      else if (!ids.has(s.parentSpanId)) orphanSpans++;
    }
  }
  const complete = roots === 1 && orphanEvents === 0 && orphanSpans === 0 && unmatchedStarts === 0 && unmatchedEnds === 0;
  return { complete, roots, orphanEvents, unmatchedStarts, unmatchedEnds, orphanSpans };
}
