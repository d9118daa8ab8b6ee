// Canopy (Facebook, SOSP 2017): low-level events decoupled from the trace model, assembled into
// modelled traces by an asynchronous pipeline, with user-customised sampling. §1.6, §2.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const canopy: PresetDefinition = {
  name: "canopy",
  system: "Canopy",
  summary: "Event model assembled into modelled traces, per-policy sampling, asynchronous collection.",
  notes: [
    "model dag: instrumentation emits events (points and edges) that the backend assembles into a modelled trace [C1]",
    "metadata ids: random ids, no logical clock [C1]†",
    "sampler per-operation 1% with a 0.1 trace/s floor per operation: user-customised sampling policies per request type [C1]",
    "collection async: an event pipeline (Scribe) processing traces in near real time [C1][C2]†",
  ],
  sources: ["C1 Kaldor et al., Canopy, SOSP 2017", "C2 The Morning Paper summary"],
  paper: { onDemand: false, sampling: true, asyncCollection: true, dagModel: true, intervalTreeClock: false },
  trigger: "none",
  samplerAtTenPercent: { type: "per-operation", defaultRate: 0.1, lowerBoundTracesPerSecond: 0 },
  config: {
    enabled: true,
    preset: "canopy",
    model: "dag",
    metadata: "ids",
    propagation: "w3c",
    sampler: { type: "per-operation", defaultRate: 0.01, lowerBoundTracesPerSecond: 0.1 },
    collection: { ...BASE_COLLECTION, flushInterval: 2e9 },
  },
};
