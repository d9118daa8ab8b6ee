// The resolved tracer configuration of a run: a base design (a preset, or the talk's
// DAG + ITC design by default) with a scenario's overrides laid over it, derived with immer.
import { produce } from "immer";
import { dagItc } from "../../tracer/presets/dag-itc.ts";
import type { PivotQuery } from "../../tracer/pivot/index.ts";
import type { PresetCollection } from "../../tracer/presets/types.ts";
import type { SamplerSpec } from "../../tracer/sampling/config.ts";
import type { TailSpec, TracerOverrides } from "./tracer-schema.ts";

/** How records get from a host to the collector (the presets' shape, one definition). */
export type CollectionConfig = PresetCollection;

export interface TracerConfig {
  readonly enabled: boolean;
  readonly preset: string;
  readonly model: "span" | "dag";
  readonly metadata: "ids" | "itc";
  readonly propagation: "w3c" | "b3" | "b3multi" | "jaeger" | "osprofiler" | "itc";
  readonly sampler: SamplerSpec;
  readonly tail?: TailSpec;
  readonly collection: CollectionConfig;
  /** Pivot Tracing queries (tracer/pivot), evaluated as the run goes; none by default. */
  readonly queries?: readonly PivotQuery[];
}

/** The talk's proposal (the `dag-itc` preset): DAG model, ITC metadata, always-on head sampling, asynchronous collection. */
export const DEFAULT_TRACER: TracerConfig = dagItc.config;

/** Base configurations a scenario may name in `tracer.preset`. */
export type PresetTable = Readonly<Record<string, TracerConfig>>;

export const BUILTIN_PRESETS: PresetTable = { "dag-itc": DEFAULT_TRACER };

/** The preset (or the default) with the scenario's fields laid over it. */
export function resolveTracerConfig(overrides: TracerOverrides, presets: PresetTable = BUILTIN_PRESETS): TracerConfig {
  const base = presets[overrides.preset ?? DEFAULT_TRACER.preset] ?? DEFAULT_TRACER;
  return produce(base, (draft) => {
    if (overrides.preset !== undefined) draft.preset = overrides.preset;
    if (overrides.enabled !== undefined) draft.enabled = overrides.enabled;
    if (overrides.model !== undefined) draft.model = overrides.model;
    if (overrides.metadata !== undefined) draft.metadata = overrides.metadata;
    if (overrides.propagation !== undefined) draft.propagation = overrides.propagation;
    if (overrides.sampler !== undefined) draft.sampler = overrides.sampler;
    if (overrides.tail !== undefined) draft.tail = overrides.tail;
    for (const [key, value] of Object.entries(overrides.collection ?? {})) {
      if (value !== undefined) (draft.collection as Record<string, unknown>)[key] = value;
    }
    if (overrides.queries !== undefined) draft.queries = overrides.queries;
  });
}
