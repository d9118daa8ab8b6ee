// Kept traces → the report's trace data: spans for the timeline with the critical path the
// diagnosis itself uses (on the DAG when the trace has events, else Jaeger's span semantics),
// and the event DAG of one fan-out / fan-in request.
import { dagCriticalPath } from "../../tracer/analysis/dag-critical-path/index.ts";
import { dagFromParents, ReconstructionError, transitiveReduction } from "../../tracer/analysis/reconstruct/index.ts";
import type { Dag } from "../../tracer/analysis/reconstruct/index.ts";
import { cpSpansFromRecords, spanCriticalPath } from "../../tracer/analysis/span-critical-path/index.ts";
import { spansOf } from "../../tracer/export/index.ts";
import type { ReportDag, ReportTrace, TimelineSection, TimelineSpan } from "../../tracer/export/html/index.ts";
import type { SpanRecord, Trace } from "../../tracer/model/types.ts";
import type { KeptTrace } from "../run/reservoir.ts";

/** The trace's DAG as diagnosis builds it, or null for span-only traces and malformed ones. */
export function dagOf(trace: Trace): Dag | null {
  if (trace.events.length === 0) return null;
  try {
    return transitiveReduction(dagFromParents(trace));
  } catch (e) {
    if (e instanceof ReconstructionError) return null;
    throw e;
  }
}

function timelineSpans(spans: readonly SpanRecord[]): TimelineSpan[] {
  return spans.map((s) => ({
    spanId: s.spanId,
    parentSpanId: s.parentSpanId ?? null,
    service: s.service,
    operation: s.name,
    host: s.host,
    kind: s.kind,
    start: s.start,
    end: s.end,
    error: s.status.code === "error",
  }));
}

export function reportTrace(kept: KeptTrace, label: string): ReportTrace {
  const trace = kept.trace!;
  const spans = spansOf(trace);
  const dag = dagOf(trace);
  let criticalPath: TimelineSection[];
  let method: string;
  if (dag !== null) {
    const cp = dagCriticalPath(dag, { spans });
    criticalPath = cp.sections.map((s) => ({ spanId: s.spanId, start: s.start, end: s.end, kind: s.kind }));
    method = "walking the event DAG back from the request's end (last-arriving predecessor at each join)";
  } else {
    const cp = spanCriticalPath(cpSpansFromRecords(spans), "jaeger");
    criticalPath = cp.sections.map((s) => ({ spanId: s.spanID, start: s.start, end: s.end, kind: "work" }));
    method = "Jaeger UI's span semantics (the tracer recorded spans only)";
  }
  return {
    traceId: trace.traceId,
    label,
    workflow: kept.workflow,
    period: kept.period,
    latencyNs: kept.latencyNs,
    spans: timelineSpans(spans),
    criticalPath,
    criticalPathMethod: method,
  };
}

/** Node indices along the critical path, from its sections' from/to events. */
function pathNodes(dag: Dag): number[] {
  const cp = dagCriticalPath(dag);
  const path: number[] = [];
  for (const s of cp.sections) {
    for (const id of [s.from, s.to]) {
      const i = dag.indexOf.get(id);
      if (i !== undefined && path[path.length - 1] !== i) path.push(i);
    }
  }
  return path;
}

function joins(dag: Dag): number {
  return dag.parents.reduce((a, p) => a + (p.length > 1 ? 1 : 0), 0);
}

/** Joins beyond this many make a picture no clearer, only bigger. */
const ENOUGH_JOINS = 4;

/**
 * One request to draw as a DAG: of the first preferred workflow that has one (Horizon's
 * instances page fans out to Nova, Glance, Neutron, Cinder and Keystone), else of any
 * workflow, a complete kept trace with as many joins as make the point (up to four), and of
 * those the smallest — the clearest picture of fan-out and fan-in; ties go to the earlier request.
 */
export function chooseDag(kept: readonly KeptTrace[], preferred: readonly string[] = ["horizon-instances", "pattern-concurrent"]): ReportDag | null {
  let best: { k: KeptTrace; dag: Dag; key: readonly [number, number, number] } | null = null;
  const better = (a: readonly number[], b: readonly number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  for (const k of kept) {
    if (k.trace === undefined) continue;
    const p = preferred.indexOf(k.workflow);
    const rank = p < 0 ? preferred.length : p;
    // A trace that cannot win even with enough joins is not reconstructed at all.
    if (best !== null && better([rank, -ENOUGH_JOINS, k.trace.events.length], best.key) >= 0) continue;
    const dag = dagOf(k.trace);
    if (dag === null || dag.partial) continue;
    const j = joins(dag);
    if (j === 0) continue;
    const key = [rank, -Math.min(j, ENOUGH_JOINS), dag.events.length] as const;
    if (best === null || better(key, best.key) < 0) best = { k, dag, key };
  }
  if (best === null) return null;
  const { dag, k } = best;
  const edges: [number, number][] = [];
  dag.parents.forEach((ps, i) => {
    for (const p of ps) edges.push([p, i]);
  });
  return {
    traceId: dag.traceId,
    workflow: k.workflow,
    nodes: dag.events.map((e) => ({ eventId: e.eventId, kind: e.kind, service: e.service, operation: e.name, host: e.host, timestamp: e.timestamp })),
    edges,
    criticalPath: pathNodes(dag),
    partial: dag.partial,
  };
}
