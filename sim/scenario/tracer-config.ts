// The resolved tracer configuration of a run: a base design (a preset, or the talk's
// DAG + ITC design by default) with a scenario's overrides laid over it, derived with immer.
import { produce } from "immer";
import type { SamplerSpec, TailSpec, TracerOverrides } from "./tracer-schema.ts";

export interface CollectionConfig {
  readonly mode: "async" | "sync" | "retroactive" | "off";
  readonly queueSize: number;
  readonly batchSize: number;
  readonly flushInterval: number;
  readonly overflow: "drop-newest" | "drop-oldest";
  readonly transport: "reliable" | "lossy";
  readonly completionWindow: number;
  readonly completionFrom: "first" | "last";
  readonly bufferEvents: number;
  /** CPU charged to the host per trace point executed, ns. */
  readonly costPerTracePoint: number;
  /** CPU charged per KiB serialized for shipping, ns. */
  readonly costPerKiB: number;
}

export interface TracerConfig {
  readonly enabled: boolean;
  readonly preset: string;
  readonly model: "span" | "dag";
  readonly metadata: "ids" | "itc";
  readonly propagation: "w3c" | "b3" | "b3multi" | "jaeger" | "osprofiler" | "itc";
  readonly sampler: SamplerSpec;
  readonly tail?: TailSpec;
  readonly collection: CollectionConfig;
}

/** The talk's proposal: DAG model, ITC metadata, always-on head sampling, asynchronous collection. */
export const DEFAULT_TRACER: TracerConfig = {
  enabled: true,
  preset: "dag-itc",
  model: "dag",
  metadata: "itc",
  propagation: "w3c",
  sampler: { type: "const", decision: true },
  collection: {
    mode: "async",
    queueSize: 8192,
    batchSize: 256,
    flushInterval: 1e9,
    overflow: "drop-newest",
    transport: "reliable",
    // A quiet period rather than a fixed wait: server creates poll for tens of seconds.
    completionWindow: 30e9,
    completionFrom: "last",
    bufferEvents: 100_000,
    costPerTracePoint: 1_000,
    costPerKiB: 2_000,
  },
};

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
  });
}
