// OpenTelemetry SDK: W3C Trace Context, ParentBased(TraceIdRatio) sampling with the consistent
// threshold, BatchSpanProcessor defaults, drop newest. tracing-systems.md §1.3, §2, §4.1.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const otel: PresetDefinition = {
  name: "otel",
  system: "OpenTelemetry",
  summary: "W3C context, parent-based ratio sampler, BatchSpanProcessor defaults (2048/512/5 s), drop-newest.",
  notes: [
    "sampler parent-based(consistent 0.1): parentbased_traceidratio with the consistent-probability threshold written as ot=th in tracestate [O1][O2][O3]",
    "propagation w3c: traceparent + tracestate [W1]",
    "collection async: BatchSpanProcessor maxQueueSize 2048, maxExportBatchSize 512, scheduledDelay 5 s, new spans dropped when full; OTLP exporter retries [O1][O2][O6]",
    "model span: one parent plus links, exported only at end [O1][O8]",
  ],
  sources: ["O1 otel spec trace/sdk.md", "O2 sdk-environment-variables.md", "O3 tracestate-probability-sampling.md", "O6 exporterhelper README", "O8 trace.proto", "W1 w3c/trace-context"],
  trigger: "debug-flag",
  samplerAtTenPercent: { type: "parent-based", root: { type: "consistent", probability: 0.1 } },
  config: {
    enabled: true,
    preset: "otel",
    model: "span",
    metadata: "ids",
    propagation: "w3c",
    sampler: { type: "parent-based", root: { type: "consistent", probability: 0.1 } },
    collection: { ...BASE_COLLECTION, queueSize: 2048, batchSize: 512, flushInterval: 5e9, overflow: "drop-newest", transport: "reliable" },
  },
};
