// X-Trace (Berkeley/Brown, NSDI 2007): tasks are DAGs of events with random ids; each event is
// reported out of band, with the ids of its causal predecessors, to a report server that stores
// reports and rebuilds a task's graph when it is queried. tracing-systems.md §1.5, §2.
import type { PresetDefinition } from "./types.ts";

export const xtrace: PresetDefinition = {
  name: "xtrace",
  system: "X-Trace",
  summary: "Event DAG with random ids and explicit edges (repeated parent_event_id), every task traced, out-of-band reports read at query time.",
  notes: [
    "model dag: events with repeated parent_event_id, native fan-in [X2]",
    "metadata ids: task id + the last event's random id on the current path, no logical clock [X1]",
    "sampler const on: metadata is inserted at task entry and every task is traced [X1]",
    "collection async: each event is reported out of band to the report server, forwarded promptly rather than aggregated [X1]; 64-record batches every 200 ms are choices",
    "assembly query-time: reports are stored as they arrive and a task's graph is rebuilt when queried by task id [X1][X2]",
  ],
  sources: ["X1 X-Trace metadata spec v2.1.1, NSDI 2007", "X2 brownsys/tracing-framework xtrace reporting.proto"],
  trigger: "none",
  samplerAtTenPercent: null,
  config: {
    enabled: true,
    preset: "xtrace",
    model: "dag", // [X2]
    metadata: "ids", // [X1]
    propagation: "w3c", // a choice: X-Trace metadata carried in the W3C header's ids
    sampler: { type: "const", decision: true }, // [X1]
    collection: {
      mode: "async", // out-of-band reports [X1]
      queueSize: 8192, // a choice
      batchSize: 64, // a choice
      flushInterval: 200e6, // a choice
      overflow: "drop-newest", // a choice
      transport: "reliable", // a choice
      retry: { maxRetries: 5, initialBackoff: 1e9, maxBackoff: 30e9 }, // a choice
      concurrentExports: 1, // a choice
      durable: false, // a choice
      route: "network", // to the report server [X1]
      assembly: { rule: "query-time", window: 0 }, // rebuilt per task on query [X1]
      costPerTracePoint: 1_000, // a choice
      costPerKiB: 2_000, // a choice
    },
  },
};
