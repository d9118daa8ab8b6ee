// Jaeger v1 as an OpenStack (Python) service runs it: jaeger-client-python's reporter queue
// shipping UDP datagrams to the jaeger-agent on the same host, the agent forwarding over gRPC to
// the collector, whose bounded queue feeds storage. Each stage drops in its own way.
// tracing-systems.md §1.1, §2; sources in `sources` and beside each value.
import { JAEGER_AGENT, JAEGER_COLLECTOR } from "../config/index.ts";
import type { PresetDefinition } from "./types.ts";

export const jaeger: PresetDefinition = {
  name: "jaeger",
  system: "Jaeger",
  summary: "Probabilistic 0.001 head sampling; client queue (100) → UDP → agent (1000 datagrams, 10 workers) → gRPC → collector queue (2000 spans, 50 workers), each dropping the newest when full; spans judged at query time.",
  notes: [
    "sampler probabilistic 0.001, decided at the root and followed downstream: jaeger-client-python's initial sampler when no strategy is configured (DEFAULT_SAMPLING_PROBABILITY), and what the collector serves without a strategies file [J1]",
    "propagation jaeger: uber-trace-id {trace}:{span}:{parent}:{flags}; the debug flag 0x02 is an unauthenticated trigger [J4]",
    "client reporter: queue 100 spans, batches of 10, flush 1 s, one batch at a time, a full queue drops the new span, no retry (jaeger_client/reporter.py, config.py)",
    "agent: 1000-datagram queue, 10 workers, a full queue drops the new datagram (cmd/agent/app/servers/tbuffered_server.go); gRPC to the collector with 3 retries (--reporter.grpc.retry.max) [J2][J5]",
    "collector: 2000-span queue, 50 workers, a full queue drops the new span (pkg/queue/bounded_queue.go) [J2]; storage write time per span is a choice (1 ms)",
    "assembly query-time: the collector stores each span as it arrives; jaeger-query assembles a trace when it is read [J7]",
    "model span: one record per span at its end, CHILD_OF/FOLLOWS_FROM references; the UI builds a single-parent tree [JU1][JU2]",
  ],
  sources: [
    "J1 jaeger docs architecture/sampling",
    "J2 jaeger docs 1.35 performance-tuning",
    "J4 client-libraries (propagation)",
    "J5 jaeger-agent CLI 1.35",
    "J7 jaeger docs apis",
    "jaegertracing/jaeger-client-python jaeger_client/reporter.py, config.py",
    "jaegertracing/jaeger cmd/agent/app/servers/tbuffered_server.go, pkg/queue/bounded_queue.go",
    "JU1 jaeger-ui types/trace.ts",
    "JU2 jaeger-ui transform-trace-data.ts",
  ],
  paper: { onDemand: false, sampling: true, asyncCollection: true, dagModel: false, intervalTreeClock: false },
  trigger: "debug-flag",
  samplerAtTenPercent: { type: "probabilistic", rate: 0.1 },
  config: {
    enabled: true,
    preset: "jaeger",
    model: "span",
    metadata: "ids",
    propagation: "jaeger", // uber-trace-id [J4]
    sampler: { type: "probabilistic", rate: 0.001 }, // DEFAULT_SAMPLING_PROBABILITY [J1]
    collection: {
      mode: "async", // a background reporter (reporter.py)
      queueSize: 100, // reporter_queue_size default 100 (config.py)
      batchSize: 10, // reporter_batch_size default 10 (config.py)
      flushInterval: 1e9, // DEFAULT_FLUSH_INTERVAL 1 s (constants.py)
      overflow: "drop-newest", // queue.put_nowait → QueueFull → reporter_dropped (reporter.py)
      transport: "lossy", // emitBatch over UDP to the local agent, port 6831 [J3]
      retry: { maxRetries: 0, initialBackoff: 0, maxBackoff: 0 }, // a failed submit is counted, not retried (reporter.py _submit)
      concurrentExports: 1, // _consume_queue submits one batch at a time (reporter.py)
      durable: false, // an in-memory tornado queue
      route: "network", // UDP to the agent on the same host [J3]
      relay: JAEGER_AGENT, // agent queue, workers, gRPC retries (tracer/config/defaults.ts)
      backend: JAEGER_COLLECTOR, // collector queue and workers (tracer/config/defaults.ts)
      assembly: { rule: "query-time", window: 0 }, // spans stored as they arrive, traces assembled on read [J7]
      costPerTracePoint: 1_000, // a choice: no published per-span cost for jaeger-client-python
      costPerKiB: 2_000, // a choice
    },
  },
};
