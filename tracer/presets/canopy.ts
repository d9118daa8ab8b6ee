// Canopy (Facebook, SOSP 2017): instrumentation emits low-level events, decoupled from the trace
// model; a backend pipeline assembles them into modelled traces in near real time and extracts
// features. The paper publishes no sampling default and no queue sizes: those values below are
// choices, and say so. tracing-systems.md §1.6, §2.
import type { PresetDefinition } from "./types.ts";

export const canopy: PresetDefinition = {
  name: "canopy",
  system: "Canopy",
  summary: "Event model assembled into modelled traces after a quiet period; user-customised sampling (no published default: 1% per operation with a floor, a choice); asynchronous collection.",
  notes: [
    "model dag: instrumentation emits events (points and edges) that the backend assembles into a modelled trace [C1]",
    "metadata ids: random ids, no logical clock [C1]†",
    "sampler: Canopy samples by user-customised policies per request type and publishes no default [C1]; per-operation 1% with a 0.1 trace/s floor is a choice",
    "collection async: events go through Facebook's log pipeline to be processed in near real time [C1][C2]†; queue, batch and interval are choices",
    "assembly quiet-window 30 s: the pipeline builds a modelled trace once its events stop arriving, and tolerates incomplete traces [C1]†; the window length is a choice. Records after the window are still stored; the fidelity table shows completeness at the window and at query time",
  ],
  sources: ["C1 Kaldor et al., Canopy, SOSP 2017", "C2 The Morning Paper summary"],
  paper: { onDemand: false, sampling: true, asyncCollection: true, dagModel: true, intervalTreeClock: false },
  trigger: "none",
  samplerAtTenPercent: { type: "per-operation", defaultRate: 0.1, lowerBoundTracesPerSecond: 0 },
  config: {
    enabled: true,
    preset: "canopy",
    model: "dag", // [C1]
    metadata: "ids",
    propagation: "w3c", // a choice (Canopy's own context format is not published)
    sampler: { type: "per-operation", defaultRate: 0.01, lowerBoundTracesPerSecond: 0.1 }, // a choice: no published default [C1]
    collection: {
      mode: "async", // an event pipeline [C1]
      queueSize: 8192, // a choice
      batchSize: 256, // a choice
      flushInterval: 2e9, // a choice
      overflow: "drop-newest", // a choice
      transport: "reliable", // a choice
      retry: { maxRetries: 5, initialBackoff: 1e9, maxBackoff: 30e9 }, // a choice
      concurrentExports: 1, // a choice
      durable: false, // a choice
      route: "network", // to the backend host
      assembly: { rule: "quiet-window", window: 30e9 }, // a choice of window [C1]†
      costPerTracePoint: 1_000, // a choice
      costPerKiB: 2_000, // a choice
    },
  },
};
