// Reference defaults of the pipeline stages a configuration may add to a preset that lacks
// them (e.g. `collection: { mode: retroactive }` on a preset without buffers): each one is a
// real system's published default, cited beside it.
import type { BackendQueueConfig, RelayConfig, RetroactiveConfig, TailConfig } from "./schema.ts";

/** Jaeger agent (jaeger-agent 1.x). */
export const JAEGER_AGENT: RelayConfig = {
  // processor.jaeger-compact.server-queue-size 1000 packets, processor.*.workers 10
  // (cmd/agent/app/servers/tbuffered_server.go: a full dataChan drops the new packet).
  queueSize: 1000,
  workers: 10,
  overflow: "drop-newest",
  // gRPC reporter to the collector: --reporter.grpc.retry.max 3, go-grpc-middleware's retry
  // backoff 50 ms linear (BackoffLinearWithJitter(50ms, 0.10); jitter left out for determinism).
  transport: "reliable",
  retry: { maxRetries: 3, initialBackoff: 50e6, maxBackoff: 50e6 },
};

/** Jaeger collector: --collector.queue-size 2000 spans, --collector.num-workers 50 (pkg/queue/bounded_queue.go: Produce drops the new item when full). */
export const JAEGER_COLLECTOR: BackendQueueConfig = {
  queueSize: 2000,
  unit: "records",
  workers: 50,
  // Storage write time per span: no published default (it is the storage's); a choice of 1 ms.
  writeLatency: 1e6,
  overflow: "drop-newest",
};

/** Hindsight (NSDI 2023), conf/default.conf: cap 10000 buffers of buf_length 32768 bytes per node. */
export const HINDSIGHT_BUFFERS: RetroactiveConfig = {
  buffers: 10_000,
  bufferBytes: 32_768,
  // Triggers are the application's (no default); a failed root is the paper's own example.
  errorTrigger: true,
};

/** OpenTelemetry Collector tail_sampling processor: decision_wait 30 s, num_traces 50000 (processor/tailsamplingprocessor/README.md). */
export const OTEL_TAIL: TailConfig = {
  errors: true,
  operations: [],
  rareShapes: false,
  decisionWait: 30e9,
  maxPendingTraces: 50_000,
};
