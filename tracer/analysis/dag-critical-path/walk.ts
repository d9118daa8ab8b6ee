// The DAG critical path: walk back from the end of the request, at each join following the
// predecessor that arrived last, and label each step.
//
// "Last" is judged by host-clock timestamps. Between hosts with skewed clocks that judgement
// can be wrong — a predecessor on a host whose clock runs ahead looks later than it was — and a
// cross-host section can come out negative; those are counted in `skewedSections`, and count as
// zero time. Within one host the order is exact.
import type { SpanRecord, TraceEvent } from "../../model/types.ts";
import { spansFromDag } from "../reconstruct/spans.ts";
import { callPathsOf } from "./call-paths.ts";
import type { Dag } from "../reconstruct/types.ts";
import { labelStep, queueWaitEndingAt, waitStartedBy } from "./label.ts";
import { segmentKey } from "./types.ts";
import type { DagCriticalPath, DagSection, Segment } from "./types.ts";

export interface DagCriticalPathOptions {
  /** Spans of the trace if already projected (saves a projection). */
  readonly spans?: readonly SpanRecord[];
}

export function dagCriticalPath(dag: Dag, options: DagCriticalPathOptions = {}): DagCriticalPath {
  const spans = options.spans ?? spansFromDag(dag);
  const callPaths = callPathsOf(spans);
  const end = endOfRequest(dag, spans);
  const walked: DagSection[] = [];
  let skewed = 0;
  if (end !== undefined) {
    let current = end;
    // A DAG has no cycles, so the walk ends; the bound guards against a malformed one.
    for (let steps = 0; steps <= dag.events.length; steps++) {
      const pred = lastArriving(dag, current);
      if (pred === undefined) break;
      const a = dag.events[pred]!;
      const b = dag.events[current]!;
      const before = walked.length;
      labelStep(a, b, waitStartedBy(a), queueWaitEndingAt(b), callPaths, walked);
      for (let i = before; i < walked.length; i++) if (walked[i]!.end < walked[i]!.start) skewed++;
      current = pred;
    }
  }
  const sections = walked.reverse();
  const first = sections[0];
  const last = sections[sections.length - 1];
  return {
    traceId: dag.traceId,
    sections,
    endEvent: end === undefined ? undefined : dag.events[end]!.eventId,
    duration: first === undefined || last === undefined ? 0 : last.end - first.start,
    skewedSections: skewed,
    segments: segmentsOf(sections),
  };
}

/** The root span's end event; without one (lost), the latest event nothing follows. */
function endOfRequest(dag: Dag, spans: readonly SpanRecord[]): number | undefined {
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => s.parentSpanId === undefined || !ids.has(s.parentSpanId));
  if (root !== undefined) {
    let found: number | undefined;
    dag.events.forEach((e, i) => {
      if (e.spanId === root.spanId && e.kind === "end") found = i;
    });
    if (found !== undefined) return found;
  }
  let best: number | undefined;
  dag.events.forEach((e, i) => {
    if (dag.children[i]!.length > 0) return;
    if (best === undefined || e.timestamp >= dag.events[best]!.timestamp) best = i;
  });
  return best;
}

/** The predecessor with the latest timestamp; ties: same span, then the later in DAG order. */
function lastArriving(dag: Dag, v: number): number | undefined {
  const own = dag.events[v]!.spanId;
  let best: number | undefined;
  for (const p of dag.parents[v]!) {
    if (best === undefined) {
      best = p;
      continue;
    }
    const a = dag.events[p]!;
    const b = dag.events[best]!;
    if (a.timestamp !== b.timestamp) {
      if (a.timestamp > b.timestamp) best = p;
      continue;
    }
    const sameA = a.spanId === own;
    const sameB = b.spanId === own;
    if (sameA !== sameB) {
      if (sameA) best = p;
      continue;
    }
    if (p > best) best = p;
  }
  return best;
}

function segmentsOf(sections: readonly DagSection[]): Segment[] {
  const acc = new Map<string, Segment & { time: number }>();
  for (const s of sections) {
    const key = segmentKey(s.callPath, s.kind);
    const t = Math.max(0, s.end - s.start);
    const seg = acc.get(key);
    if (seg) seg.time += t;
    else acc.set(key, { key, service: s.service, operation: s.operation, callPath: s.callPath, kind: s.kind, time: t });
  }
  return [...acc.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export type { TraceEvent };
