// Dapper (Google, 2010): uniform 1/1024 sampling, spans written to local logs and pulled by
// daemons into Bigtable, span trees. tracing-systems.md §1.8, §2.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const dapper: PresetDefinition = {
  name: "dapper",
  system: "Dapper",
  summary: "Uniform 1/1024 sampling, asynchronous log collection, span trees.",
  notes: [
    "sampler probabilistic 1/1024: the original uniform rate (later adaptive, by override) [D1]",
    "collection async: spans go to local log files that daemons pull, so the queue is large and reliable, and shipping is slow (median collection latency < 15 s) [D1]",
    "flushInterval 10 s and costPerTracePoint 200 ns: root/non-root span create+destroy 204/176 ns in the report's Table 2† [D1]",
    "model span: trees of spans with annotations, 64-bit random ids [D1]",
    "propagation w3c: Dapper's RPC-library context is internal; the W3C header carries the same trace and span ids",
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
    propagation: "w3c",
    sampler: { type: "probabilistic", rate: 1 / 1024 },
    collection: { ...BASE_COLLECTION, queueSize: 100_000, batchSize: 1000, flushInterval: 10e9, completionWindow: 60e9, costPerTracePoint: 200 },
  },
};
