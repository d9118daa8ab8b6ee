// Tracer presets: the seed's systems (and X-Trace, OpenTelemetry, the talk's DAG + ITC design)
// as plain-data tracer configurations a scenario names in `tracer.preset` and may override.
export { PRESETS, PRESET_CONFIGS, PRESET_NAMES } from "./table.ts";
export { applyOverrides, closestName, presetDefinition, resolvePreset, UnknownPresetError } from "./resolve.ts";
export type { PresetOverrides } from "./resolve.ts";
export type { PaperRow, PresetCollection, PresetConfig, PresetDefinition, PresetRootSamplerSpec, PresetSamplerSpec, PresetTail, PropagationFormat, TriggerKind } from "./types.ts";
