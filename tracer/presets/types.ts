// A tracer preset: one real system's design as plain data, typed by the tracer configuration's
// schema (tracer/config), with the source of every value cited beside it in the preset's file.
import type { CollectionConfig, PropagationFormat, RootSamplerSpec, SamplerSpec, TailConfig, TracerConfig } from "../config/index.ts";

/** A preset's configuration: the tracer configuration itself (tracer/config). */
export type PresetConfig = TracerConfig;
export type PresetSamplerSpec = SamplerSpec;
export type PresetRootSamplerSpec = RootSamplerSpec;
export type PresetTail = TailConfig;
export type PresetCollection = CollectionConfig;
export type { PropagationFormat };

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
  /** Why each choice, in a line each (the values' sources are cited beside them in the file). */
  readonly notes: readonly string[];
  /** Reference keys and files (../shared/reference/tracing-systems.md §6, and code). */
  readonly sources: readonly string[];
  /** The seed talk's Table 2 row; absent for systems the table does not list. */
  readonly paper?: PaperRow;
  readonly trigger: TriggerKind;
  /**
   * The system's own sampler family at a 10% target, or null when it has no sampling: what
   * the sampling probe runs in the cloud next to the preset's default.
   */
  readonly samplerAtTenPercent: SamplerSpec | null;
  readonly config: TracerConfig;
}
