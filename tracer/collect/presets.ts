// Agent configurations of the real systems (defaults from tracing-systems.md §1).
import type { AgentConfig } from "./agent.ts";

export const AGENT_PRESETS: Readonly<Record<"otel" | "jaeger" | "osprofiler", AgentConfig>> = Object.freeze({
  /** OTel BatchSpanProcessor + OTLP exporter: 2048 queue, 512 batch, 5 s, drop newest, retry 5 s..30 s. */
  otel: { mode: "async", maxQueueSize: 2048, maxBatchSize: 512, flushIntervalNs: 5e9, overflow: "drop-newest", delivery: "reliable", retryInitialNs: 5e9, retryMaxNs: 30e9, maxRetries: 5 },
  /** Jaeger client RemoteReporter over UDP to the agent: flush every 1 s; the agent overwrites the oldest. */
  jaeger: { mode: "async", maxQueueSize: 1000, maxBatchSize: 100, flushIntervalNs: 1e9, overflow: "drop-oldest", delivery: "lossy", maxConcurrentSends: 10 },
  /** OSProfiler: every start/stop notification is sent as it happens, on the request's path. */
  osprofiler: { mode: "sync", delivery: "reliable", maxRetries: 0 },
});
