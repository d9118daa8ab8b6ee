// The resolved tracer configuration of a run: a base design (a preset, or the talk's DAG + ITC
// design by default) with a scenario's overrides laid over it (tracer/config's applyOverrides).
import { applyOverrides } from "../../tracer/config/index.ts";
import type { CollectionConfig, TracerConfig, TracerOverrides } from "../../tracer/config/index.ts";
import { dagItc } from "../../tracer/presets/dag-itc.ts";

export type { CollectionConfig, TracerConfig };

/** The talk's proposal (the `dag-itc` preset): DAG model, ITC metadata, always-on head sampling, asynchronous collection. */
export const DEFAULT_TRACER: TracerConfig = dagItc.config;

/** Base configurations a scenario may name in `tracer.preset`. */
export type PresetTable = Readonly<Record<string, TracerConfig>>;

export const BUILTIN_PRESETS: PresetTable = { "dag-itc": DEFAULT_TRACER };

/** The preset (or the default) with the scenario's fields laid over it. */
export function resolveTracerConfig(overrides: TracerOverrides, presets: PresetTable = BUILTIN_PRESETS): TracerConfig {
  const base = presets[overrides.preset ?? DEFAULT_TRACER.preset] ?? DEFAULT_TRACER;
  return applyOverrides(base, overrides);
}
