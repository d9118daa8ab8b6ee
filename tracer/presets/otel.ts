// OpenTelemetry as an OpenStack (Python) service runs it: the SDK's default sampler, W3C Trace
// Context, the BatchSpanProcessor and the OTLP/HTTP exporter, an OpenTelemetry Collector whose
// sending queue feeds the storage backend, which judges traces at query time.
// tracing-systems.md §1.3, §2, §4.1.
import type { PresetDefinition } from "./types.ts";

export const otel: PresetDefinition = {
  name: "otel",
  system: "OpenTelemetry",
  summary: "W3C context, the SDK default ParentBased(AlwaysOn), BatchSpanProcessor (2048/512/5 s, drop newest), OTLP/HTTP with 3 retries, Collector sending queue (1000 batches, 10 consumers); spans judged at query time.",
  notes: [
    "sampler parent-based(const on): the SDK default ParentBased(root=AlwaysOn) (OTEL_TRACES_SAMPLER default parentbased_always_on) [O1][O2]; the 10% family is parentbased with the consistent-probability threshold (ot=th) [O3]",
    "propagation w3c: traceparent + tracestate; a caller's sampled flag is honoured by ParentBased, unauthenticated [W1]",
    "BatchSpanProcessor: maxQueueSize 2048, maxExportBatchSize 512, scheduledDelay 5 s, new spans dropped when full, exports never concurrent [O1][O2]",
    "OTLP/HTTP exporter (opentelemetry-python): backoff 1, 2, 4 s within the 10 s export timeout (_MAX_RETRYS 6, DEFAULT_TIMEOUT 10), so 3 retries",
    "Collector exporter sending_queue: queue_size 1000 requests, num_consumers 10, new data rejected when full [O6]; storage write time per span is a choice (1 ms)",
    "assembly query-time: the storage backend keeps spans as they arrive; completeness is judged on read",
  ],
  sources: [
    "O1 opentelemetry-specification specification/trace/sdk.md",
    "O2 specification/configuration/sdk-environment-variables.md",
    "O3 tracestate-probability-sampling.md",
    "O6 opentelemetry-collector exporter/exporterhelper/README.md",
    "W1 w3c/trace-context",
    "open-telemetry/opentelemetry-python exporter/opentelemetry-exporter-otlp-proto-http (_MAX_RETRYS, DEFAULT_TIMEOUT)",
  ],
  trigger: "debug-flag",
  samplerAtTenPercent: { type: "parent-based", root: { type: "consistent", probability: 0.1 } },
  config: {
    enabled: true,
    preset: "otel",
    model: "span",
    metadata: "ids",
    propagation: "w3c", // [W1]
    sampler: { type: "parent-based", root: { type: "const", decision: true } }, // parentbased_always_on [O2]
    collection: {
      mode: "async", // BatchSpanProcessor [O1]
      queueSize: 2048, // OTEL_BSP_MAX_QUEUE_SIZE [O2]
      batchSize: 512, // OTEL_BSP_MAX_EXPORT_BATCH_SIZE [O2]
      flushInterval: 5e9, // OTEL_BSP_SCHEDULE_DELAY 5000 ms [O2]
      overflow: "drop-newest", // "new spans are dropped" when the queue is full [O1]
      transport: "reliable", // OTLP/HTTP
      retry: { maxRetries: 3, initialBackoff: 1e9, maxBackoff: 4e9 }, // backoff 2^n s (1, 2, 4) within the 10 s export timeout (_MAX_RETRYS 6, DEFAULT_TIMEOUT 10); jitter left out for determinism
      concurrentExports: 1, // "Export ... MUST NOT be called concurrently" [O1]
      durable: false, // an in-memory queue [O1]
      route: "network", // OTLP/HTTP to the Collector
      backend: { queueSize: 1000, unit: "batches", workers: 10, writeLatency: 1e6, overflow: "drop-newest" }, // Collector sending_queue: queue_size 1000, num_consumers 10, reject when full [O6]; write time per span a choice (1 ms)
      assembly: { rule: "query-time", window: 0 }, // the storage backend keeps spans as they arrive
      costPerTracePoint: 1_000, // a choice
      costPerKiB: 2_000, // a choice
    },
  },
};
