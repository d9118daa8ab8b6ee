// The diagnosis as plain data (JSON-ready): what changed between two sets of traces, and which
// critical-path segments account for it.
import type { SectionKind } from "../dag-critical-path/types.ts";
import type { RankingEntry } from "./ranking.ts";

export interface DiagnoseOptions {
  /** Significance level for adjusted p-values (default 0.01). */
  readonly alpha?: number;
  /**
   * The false-discovery rate at which the ranking names components (default 0.05). On a run
   * where nothing changed, Benjamini–Hochberg at q names anything at all with probability at
   * most q, so this is also the false-alarm rate a fault-free run can expect.
   */
  readonly rankingAlpha?: number;
  /** Multiple-testing correction (default "bh", Benjamini–Hochberg; or "holm"). */
  readonly correction?: "bh" | "holm";
  /** Rank test for distributions (default "mann-whitney"; or "ks"). */
  readonly test?: "mann-whitney" | "ks";
  /**
   * A segment is a culprit only if its mean change is at least this fraction of its
   * workflow's mean response time before (default 0.02): significance alone is not enough
   * with thousands of traces.
   */
  readonly minRelativeChange?: number;
  /** …and at least this share of the total change (default 0.05). */
  readonly minShare?: number;
  /** An error origin is a culprit only if the share of traces with it grew by at least this much, absolute (default 0.01). */
  readonly minErrorRateChange?: number;
  /** A unit of evidence counts as changed for the ranking when a test of it gives a raw p-value at most this (default 0.05)… */
  readonly screen?: number;
  /** …its time per span grew by at least this fraction (default 0.1)… */
  readonly minUnitChange?: number;
  /** …and its added time is at least this fraction of the response time of the requests that cross it (default 0.005). */
  readonly minImpact?: number;
  /** …or one of its units surely added at least this fraction to the response time of the requests that met it (default 0.05, a choice: a slowdown a user of those pages notices). */
  readonly minImpactOnCrossing?: number;
  /** A host's clock is named when it moved by at least this many ns (default 250 µs, about the network's jitter). */
  readonly minClockShiftNs?: number;
  /** Culprits reported at most (default 10). */
  readonly top?: number;
  /** Exemplar trace ids per window and culprit (default 2). */
  readonly exemplars?: number;
  readonly reconstruction?: "explicit" | "itc";
  readonly spanSemantics?: "jaeger" | "crisp";
  /** The weight of each trace (requests it stands for: a stratified sample's), by trace id; 1 when absent. */
  readonly weightOf?: (traceId: string) => number;
}

export interface WindowSummary {
  readonly traces: number;
  /** Traces that could not be profiled (no root span, malformed) and were left out. */
  readonly skipped: number;
  /** Why, for the first few of them. */
  readonly problems: readonly string[];
  /** Traces with lost events or orphan spans (still used). */
  readonly partial: number;
  /** Earliest and latest root start, host-clock ns (absent when empty). */
  readonly firstStart?: number;
  readonly lastStart?: number;
}

export interface DurationStats {
  readonly count: number;
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p95Ns: number;
}

export interface WorkflowChange {
  readonly workflow: string;
  readonly before: DurationStats;
  readonly after: DurationStats;
  readonly changeNs: number;
  readonly p: number;
  readonly adjustedP: number;
  readonly significant: boolean;
}

/** Response-time change of one (workflow, shape) group present in both windows. */
export interface GroupChange {
  readonly workflow: string;
  readonly shape: string;
  readonly before: DurationStats;
  readonly after: DurationStats;
  readonly changeNs: number;
  readonly p: number;
  readonly adjustedP: number;
  readonly significant: boolean;
}

export interface Culprit {
  readonly rank: number;
  readonly service: string;
  readonly operation: string;
  readonly callPath: string;
  readonly kind: SectionKind;
  readonly workflow: string;
  /** Mean critical-path time of the segment per trace of the workflow (0 where absent). */
  readonly beforeNs: number;
  readonly afterNs: number;
  /** Change of that mean, ns per trace. */
  readonly changeNs: number;
  /** changeNs × the workflow's traces after, as a fraction of the total change (only workflows that changed have culprits). */
  readonly share: number;
  readonly p: number;
  readonly adjustedP: number;
  /** Traces of the workflow that have the segment on their critical path. */
  readonly tracesBefore: number;
  readonly tracesAfter: number;
  readonly exemplars: { readonly before: readonly string[]; readonly after: readonly string[] };
}

/**
 * A place where errors start (a span that ended in error with no failed child; for a client
 * span, the peer it called) that appears in a significantly larger share of traces after.
 */
export interface ErrorCulprit {
  readonly rank: number;
  /** The failing service: a client span's `peer.service`, else the span's own service. */
  readonly service: string;
  readonly operation: string;
  /** Services whose spans recorded it. */
  readonly reportedBy: readonly string[];
  /** Traces with this error origin, and their share of the window's traces. */
  readonly tracesBefore: number;
  readonly tracesAfter: number;
  readonly rateBefore: number;
  readonly rateAfter: number;
  readonly p: number;
  readonly adjustedP: number;
  /** Traces of the after window that have it (by id). */
  readonly exemplars: readonly string[];
}

/** Culprits of every call path and workflow summed per (service, operation, kind). */
export interface OperationCulprit {
  readonly service: string;
  readonly operation: string;
  readonly kind: SectionKind;
  /** Σ of the culprits' changeNs × traces, per trace after (like meanChangeNs). */
  readonly changeNs: number;
  readonly share: number;
  /** How many culprit rows (call paths × workflows) it sums. */
  readonly callPaths: number;
}

export interface ShapeChange {
  readonly workflow: string;
  readonly shape: string;
  readonly change: "new" | "vanished" | "more" | "fewer";
  readonly countBefore: number;
  readonly countAfter: number;
  readonly p: number;
  readonly adjustedP: number;
  /** For a new or grown shape: the closest shape of the other window, and how it differs. */
  readonly nearest?: {
    readonly shape: string;
    readonly distance: number;
    /** Labelled edges (counted) this shape has more of, and fewer of, than the nearest one. */
    readonly added: readonly string[];
    readonly removed: readonly string[];
  };
  readonly exemplars: readonly string[];
}

export interface Diagnosis {
  readonly before: WindowSummary;
  readonly after: WindowSummary;
  /**
   * Σ over the workflows whose response time changed significantly of (mean change × traces
   * after), ns: the change culprits explain, and what their shares divide. 0 when none changed.
   */
  readonly totalChangeNs: number;
  /** totalChangeNs per trace after (of those workflows). */
  readonly meanChangeNs: number;
  readonly workflows: readonly WorkflowChange[];
  readonly groups: readonly GroupChange[];
  /** Best first. Empty when nothing changed significantly. */
  readonly culprits: readonly Culprit[];
  /** The culprits summed per operation across call paths and workflows, best first. */
  readonly operations: readonly OperationCulprit[];
  readonly structuralChanges: readonly ShapeChange[];
  /** Error origins that became more common, largest growth first: what a latency comparison misses when a dependency fails fast. */
  readonly errors: readonly ErrorCulprit[];
  readonly segmentsTested: number;
  /** Components best first: what changed, named as specifically as the evidence allows. Empty when nothing changed. */
  readonly ranking: readonly RankingEntry[];
  readonly settings: {
    readonly alpha: number;
    readonly correction: "bh" | "holm";
    readonly test: "mann-whitney" | "ks";
    readonly minRelativeChange: number;
    readonly minShare: number;
    readonly minErrorRateChange: number;
  };
}
