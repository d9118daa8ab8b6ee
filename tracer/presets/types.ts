// A tracer preset: one real system's design as plain data, in the same shape as the runner's
// resolved tracer configuration (sim/scenario/tracer-config.ts), so a scenario can name it and
// override any field. tracer/ imports nothing from sim/, so the shape is restated here; a test
// checks that every preset is assignable to, and accepted by, the runner's configuration.
import type { PivotQuery } from "../pivot/query.ts";
import type { SamplerSpec } from "../sampling/config.ts";

/** A preset's sampler: tracer/sampling's own plain-data spec. */
export type PresetSamplerSpec = SamplerSpec;
/** A sampler that decides for new traces (the root of a parent-based sampler). */
export type PresetRootSamplerSpec = Exclude<SamplerSpec, { readonly type: "parent-based" }>;

export interface PresetTail {
  readonly latencyThreshold?: number;
  readonly errors: boolean;
  readonly operations: string[];
  readonly rareShapes: boolean;
  readonly decisionWait: number;
  readonly maxPendingTraces: number;
}

export interface PresetCollection {
  readonly mode: "async" | "sync" | "retroactive" | "off";
  readonly queueSize: number;
  readonly batchSize: number;
  /** ns */
  readonly flushInterval: number;
  readonly overflow: "drop-newest" | "drop-oldest";
  readonly transport: "reliable" | "lossy";
  /** ns the collector waits for a trace's last records. */
  readonly completionWindow: number;
  /** Whether the window counts from a trace's first or its latest record. */
  readonly completionFrom: "first" | "last";
  readonly bufferEvents: number;
  /** CPU charged to the host per trace point, ns. */
  readonly costPerTracePoint: number;
  /** CPU charged per KiB serialized, ns. */
  readonly costPerKiB: number;
}

export type PropagationFormat = "w3c" | "b3" | "b3multi" | "jaeger" | "osprofiler" | "itc";

/** The resolved configuration a run uses (the runner's TracerConfig, field for field). */
export interface PresetConfig {
  readonly enabled: boolean;
  readonly preset: string;
  readonly model: "span" | "dag";
  readonly metadata: "ids" | "itc";
  readonly propagation: PropagationFormat;
  readonly sampler: PresetSamplerSpec;
  readonly tail?: PresetTail;
  readonly collection: PresetCollection;
  /** Pivot Tracing queries evaluated as the run goes (their tuples ride in baggage). */
  readonly queries?: readonly PivotQuery[];
}

/** A Table 2 cell as the seed talk printed it: ✓ (true) or ✗ (false). */
export interface PaperRow {
  readonly onDemand: boolean;
  readonly sampling: boolean;
  readonly asyncCollection: boolean;
  readonly dagModel: boolean;
  readonly intervalTreeClock: boolean;
}

/** How an on-demand trigger reaches this system: a signed OSProfiler header, or an unauthenticated debug flag. */
export type TriggerKind = "hmac" | "debug-flag" | "none";

export interface PresetDefinition {
  readonly name: string;
  /** The system's name as the talk and the literature spell it. */
  readonly system: string;
  readonly summary: string;
  /** Why each choice: a line per differing field, with the reference keys of tracing-systems.md. */
  readonly notes: readonly string[];
  /** Reference keys and files (../shared/reference/tracing-systems.md §6). */
  readonly sources: readonly string[];
  /** The seed talk's Table 2 row; absent for systems the table does not list. */
  readonly paper?: PaperRow;
  readonly trigger: TriggerKind;
  /**
   * The system's own sampler family at a 10% target, or null when it has no sampling: what
   * the sampling experiment measures next to the preset's default.
   */
  readonly samplerAtTenPercent: PresetSamplerSpec | null;
  readonly config: PresetConfig;
}
