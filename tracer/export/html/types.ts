// The report as plain data: everything report.html shows, already chosen and measured, so the
// renderer is a pure function of it. Times are ns (run time, or host-clock ns inside a trace);
// latencies from the run's aggregates are ms, as summary.json has them.
import type { CulpritSummary, ErrorCulpritSummary } from "../../analysis/diagnose/summary.ts";

export interface ReportRun {
  readonly scenario: string;
  readonly description: string;
  readonly seed: string;
  readonly durationNs: number;
  readonly warmupNs: number;
  readonly kernelEvents: number;
  readonly eventLogHash: string;
  readonly sourceHash: string;
}

export interface ReportPeriod {
  readonly name: string;
  readonly startNs: number;
  readonly endNs: number;
}

export interface ReportWorkflowRow {
  readonly workflow: string;
  readonly issued: number;
  readonly ok: number;
  readonly failed: number;
  readonly unfinished: number;
  /** Per reported period (warm-up excluded): count and percentiles in ms. */
  readonly periods: readonly { readonly period: string; readonly count: number; readonly p50: number; readonly p99: number }[];
}

export interface ReportTracer {
  readonly enabled: boolean;
  readonly preset: string;
  readonly model: string;
  readonly metadata: string;
  readonly propagation: string;
  readonly sampler: string;
  readonly collection: string;
  readonly tracePoints: number;
  readonly notSampled: number;
  readonly emitted: number;
  readonly stored: number;
  /** Drop reason → count, every reason the collector knows (zeros included). */
  readonly dropped: Readonly<Record<string, number>>;
}

/** A fault as injected: the run's ground truth. */
export interface ReportFault {
  readonly id: string | null;
  readonly kind: string;
  /** "service=keystone, operation=validate_token". */
  readonly target: string;
  readonly startNs: number;
  readonly endNs: number;
  /** Parameters as compact JSON. */
  readonly params: string;
  /** What the target resolved to: "instances: keystone-1, keystone-2". */
  readonly resolved: string;
}

export interface ReportSlo {
  readonly workflow: string;
  readonly percentile: number;
  readonly period: string;
  readonly maxMs: number;
  readonly actualMs: number | null;
  readonly met: boolean | null;
}

/** Latency over time of one workflow: per step, [requests started, p50 ms, p99 ms]. */
export interface ReportSeries {
  readonly workflow: string;
  readonly points: readonly (readonly [number, number, number])[];
}

export interface ReportLatency {
  readonly stepNs: number;
  readonly durationNs: number;
  readonly series: readonly ReportSeries[];
}

/** A culprit exactly as the run's summary.json holds it. */
export type ReportCulprit = CulpritSummary;

/** An error origin that became more common, exactly as summary.json holds it. */
export type ReportErrorOrigin = ErrorCulpritSummary;

/** One ranked component: its name, the evidence that weighs most, the figures behind it. */
export interface ReportRanked {
  readonly rank: number;
  /** "operation keystone.validate_token", "link controller-1<->broker-1". */
  readonly name: string;
  readonly evidence: string;
  /** The figures in words ("work +34.9 ms per request; errors +2.0% of requests"). */
  readonly detail: string;
  readonly score: number;
  readonly p: number;
}

export interface ReportDiagnosis {
  readonly before: string;
  readonly after: string;
  readonly tracesBefore: number;
  readonly tracesAfter: number;
  readonly meanChangeNs: number;
  /** Agreement with the scenario's expectation; null when it states none. */
  readonly expected: boolean | null;
  /** What the scenario says the culprit is ("[keystone] validate_token"), or "no culprit". */
  readonly groundTruth: readonly string[];
  /** Components best first: the diagnosis's answer. */
  readonly ranking: readonly ReportRanked[];
  readonly culprits: readonly ReportCulprit[];
  readonly errors: readonly ReportErrorOrigin[];
  readonly structuralChanges: number;
}

/** One span of an exemplar trace. */
export interface TimelineSpan {
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly service: string;
  readonly operation: string;
  readonly host: string;
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  readonly error: boolean;
}

/** A stretch of the critical path, charged to one span. */
export interface TimelineSection {
  readonly spanId: string;
  readonly start: number;
  readonly end: number;
  /** work | queue | network | retry | timeout. */
  readonly kind: string;
}

export interface ReportTrace {
  readonly traceId: string;
  /** What the trace stands for: "before the fault", "during the fault". */
  readonly label: string;
  readonly workflow: string;
  readonly period: string;
  readonly latencyNs: number;
  readonly spans: readonly TimelineSpan[];
  readonly criticalPath: readonly TimelineSection[];
  /** How the critical path was found: "DAG (last-arriving predecessor)" or "spans (jaeger)". */
  readonly criticalPathMethod: string;
}

export interface ReportExemplars {
  /** Why these two traces: "exemplars of the top culprit, [keystone] …". */
  readonly reason: string;
  readonly before: ReportTrace | null;
  readonly after: ReportTrace | null;
}

export interface DagNode {
  readonly eventId: string;
  readonly kind: string;
  readonly service: string;
  readonly operation: string;
  readonly host: string;
  readonly timestamp: number;
}

/** A request's event DAG: nodes in topological order, edges as [from, to] node indices. */
export interface ReportDag {
  readonly traceId: string;
  readonly workflow: string;
  readonly nodes: readonly DagNode[];
  readonly edges: readonly (readonly [number, number])[];
  /** Node indices on the critical path, in path order. */
  readonly criticalPath: readonly number[];
  readonly partial: boolean;
}

export interface ReportData {
  readonly title: string;
  readonly run: ReportRun;
  readonly periods: readonly ReportPeriod[];
  readonly workflows: readonly ReportWorkflowRow[];
  readonly errors: readonly { readonly workflow: string; readonly error: string; readonly count: number }[];
  readonly tracer: ReportTracer;
  readonly faults: readonly ReportFault[];
  readonly slo: readonly ReportSlo[];
  readonly latency: ReportLatency;
  readonly diagnosis: ReportDiagnosis | null;
  readonly exemplars: ReportExemplars | null;
  readonly dag: ReportDag | null;
}
