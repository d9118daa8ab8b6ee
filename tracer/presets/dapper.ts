// Dapper (Google, 2010): uniform 1/1024 sampling; spans written to local log files that Dapper
// daemons read and ship to Bigtable, one row per trace, read at query time. The log files are on
// disk, so what a process wrote survives its crash and is shipped after the restart.
// tracing-systems.md §1.8, §2.
import type { PresetDefinition } from "./types.ts";

export const dapper: PresetDefinition = {
  name: "dapper",
  system: "Dapper",
  summary: "Uniform 1/1024 sampling; spans in local log files (kept across a crash) pulled by a daemon into Bigtable; span trees read at query time.",
  notes: [
    "sampler probabilistic 1/1024: the original uniform rate (later adaptive) [D1]",
    "collection: spans go to local log files, daemons pull them into Bigtable; median collection latency under 15 s [D1]. The file is durable (survives a crash, shipped after restart) and the daemon retries until it can ship; capacity, batch and pull interval are choices (the report publishes none)",
    "assembly query-time: one Bigtable row per trace, read when queried [D1]",
    "costPerTracePoint 200 ns: root/non-root span create+destroy 204/176 ns in the report's Table 2† [D1]",
    "model span: trees of spans with annotations, 64-bit random ids [D1]",
    "propagation w3c: Dapper's RPC-library context is internal; the W3C header carries the same trace and span ids (a choice)",
  ],
  sources: ["D1 Sigelman et al., Dapper, Google TR dapper-2010-1"],
  paper: { onDemand: false, sampling: true, asyncCollection: true, dagModel: false, intervalTreeClock: false },
  trigger: "none",
  samplerAtTenPercent: { type: "probabilistic", rate: 0.1 },
  config: {
    enabled: true,
    preset: "dapper",
    model: "span",
    metadata: "ids",
    propagation: "w3c", // a choice (internal format)
    sampler: { type: "probabilistic", rate: 1 / 1024 }, // [D1]
    collection: {
      mode: "async", // out-of-band collection [D1]
      queueSize: 1_000_000, // a choice: the log file's room on local disk
      batchSize: 1000, // a choice
      flushInterval: 10e9, // a choice, within the < 15 s median collection latency [D1]
      overflow: "drop-newest", // a choice: a full disk refuses new writes
      transport: "reliable", // the daemon knows whether its write to Bigtable landed [D1]
      retry: { maxRetries: 1_000_000, initialBackoff: 1e9, maxBackoff: 10e9 }, // a choice: the daemon re-reads the file until it ships
      concurrentExports: 1, // one daemon per host [D1]
      durable: true, // local log files [D1]
      route: "network", // daemon → collectors → Bigtable [D1]
      assembly: { rule: "query-time", window: 0 }, // Bigtable row per trace [D1]
      costPerTracePoint: 200, // [D1] Table 2†
      costPerKiB: 2_000, // a choice
    },
  },
};
