// Tracer presets: the seed's systems (and X-Trace, OpenTelemetry, Hindsight, the talk's plan and
// its DAG + ITC proposal) as tracer configurations (tracer/config) a scenario names in
// `tracer.preset` and may override.
export { PRESETS, PRESET_CONFIGS, PRESET_NAMES } from "./table.ts";
export { applyOverrides, closestName, presetDefinition, resolvePreset, UnknownPresetError } from "./resolve.ts";
export type { PresetOverrides } from "./resolve.ts";
export type { PaperRow, PresetCollection, PresetConfig, PresetDefinition, PresetRootSamplerSpec, PresetSamplerSpec, PresetTail, PropagationFormat, TriggerKind } from "./types.ts";
