// Collection defaults the presets start from: the talk's asynchronous agent as the runner
// configures it by default (sim/scenario/tracer-config.ts DEFAULT_TRACER), so a preset lists
// only what its system does differently.
import type { PresetCollection } from "./types.ts";

export const BASE_COLLECTION: PresetCollection = {
  mode: "async",
  queueSize: 8192,
  batchSize: 256,
  flushInterval: 1e9,
  overflow: "drop-newest",
  transport: "reliable",
  // A quiet period after the trace's latest record: server creates poll for tens of seconds.
  completionWindow: 30e9,
  completionFrom: "last",
  bufferEvents: 100_000,
  costPerTracePoint: 1_000,
  costPerKiB: 2_000,
};
