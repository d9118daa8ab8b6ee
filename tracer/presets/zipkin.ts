// Zipkin (Twitter, OpenZipkin): B3 propagation, probabilistic head sampling in the tracer
// libraries, asynchronous HTTP reporters, v2 spans with a single parentId. §1.2, §2, §4.2.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const zipkin: PresetDefinition = {
  name: "zipkin",
  system: "Zipkin",
  summary: "B3 propagation, probabilistic head sampling, asynchronous reporter, span model with a single parent.",
  notes: [
    "sampler probabilistic 0.01: a library-side rate (the B3 README's common use is a small percentage; brave's own default differs) [Z1]",
    "propagation b3: the single b3 header; the debug state 'd' forces tracing and is unauthenticated [Z1]",
    "collection async: the AsyncReporter queues spans and POSTs /api/v2/spans, dropping new spans when its bounded queue is full [Z2]",
    "model span: v2 spans with one parentId and no links [Z2]",
  ],
  sources: ["Z1 openzipkin/b3-propagation README", "Z2 openzipkin/zipkin-api zipkin2-api.yaml", "Z3 zipkin-server README (COLLECTOR_SAMPLE_RATE)"],
  paper: { onDemand: false, sampling: true, asyncCollection: true, dagModel: false, intervalTreeClock: false },
  trigger: "debug-flag",
  samplerAtTenPercent: { type: "probabilistic", rate: 0.1 },
  config: {
    enabled: true,
    preset: "zipkin",
    model: "span",
    metadata: "ids",
    propagation: "b3",
    sampler: { type: "probabilistic", rate: 0.01 },
    collection: { ...BASE_COLLECTION, queueSize: 10_000, batchSize: 500, flushInterval: 1e9 },
  },
};
