// X-Trace (Berkeley/Brown, NSDI 2007): tasks are DAGs of events with random ids; each event is
// reported out of band with the ids of its causal predecessors. §1.5, §2.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const xtrace: PresetDefinition = {
  name: "xtrace",
  system: "X-Trace",
  summary: "Event DAG with random ids and explicit edges (repeated parent_event_id), out-of-band reporting, no sampling.",
  notes: [
    "model dag: events with repeated parent_event_id, native fan-in [X2]",
    "metadata ids: task id + the last event's random id on the current path, no logical clock [X1]",
    "sampler const on: metadata is inserted at task entry and every task is traced [X1]",
    "collection async: each event is reported out of band through a local proxy daemon to the report server, forwarded promptly rather than aggregated: 64-record batches every 200 ms (assumed) [X1]",
  ],
  sources: ["X1 X-Trace metadata spec v2.1.1, NSDI 2007", "X2 brownsys/tracing-framework xtrace reporting.proto"],
  trigger: "none",
  samplerAtTenPercent: null,
  config: {
    enabled: true,
    preset: "xtrace",
    model: "dag",
    metadata: "ids",
    propagation: "w3c",
    sampler: { type: "const", decision: true },
    collection: { ...BASE_COLLECTION, batchSize: 64, flushInterval: 200e6 },
  },
};
