// OSProfiler (OpenStack) with its default driver, messaging://: on demand only, no sampling,
// and every trace point's -start and -stop sent inline as an oslo.messaging notification on
// the cloud's own message bus, consumed by the backend. tracing-systems.md §1.4, §2, §4.2.
import type { PresetDefinition } from "./types.ts";

export const osprofiler: PresetDefinition = {
  name: "osprofiler",
  system: "OSProfiler",
  summary: "On-demand HMAC trigger, no sampling; every trace point notified inline over the message bus (messaging:// driver, retry=0) to the backend's queue; a tree of points read at query time.",
  notes: [
    "sampler on-demand: only requests whose X-Trace-Info verifies under an hmac_keys entry (default SECRET_KEY) are traced; invalid or missing headers are served untraced [P1][P2][P4]",
    "propagation osprofiler: X-Trace-Info (base64url JSON) + X-Trace-HMAC (HMAC-SHA1 over the base64 text); trace_info in the RPC context [P2][P9]",
    "collection sync over the broker: connection_string defaults to messaging:// [P4]; each -start/-stop is Notifier.info(..., 'profiler.<service>', ...) on topic profiler, sent by the trace point itself, no agent or batching [P3][P6]",
    "the notifier is built with retry=0: a notification the broker cannot take is dropped (osprofiler/drivers/messaging.py)",
    "the publish does not wait for the consumer (oslo.messaging notifications are fire-and-forget casts), so a stalled backend fills the broker queue, not the request",
    "assembly query-time: `osprofiler trace show` reads the notifications and builds the tree when asked; a missing start or stop gives a 0 ms point [P5][P8]",
    "costPerTracePoint 2 µs: building and serialising one JSON notification in Python (a choice; no published figure)",
  ],
  sources: [
    "P1 osprofiler/web.py",
    "P2 osprofiler/_utils.py",
    "P3 osprofiler/profiler.py",
    "P4 osprofiler/opts.py",
    "P5 osprofiler/drivers/base.py",
    "P6 osprofiler/drivers/messaging.py",
    "P8 osprofiler doc/source/user (collectors, api)",
    "P9 nova/rpc.py",
  ],
  paper: { onDemand: true, sampling: false, asyncCollection: false, dagModel: false, intervalTreeClock: false },
  trigger: "hmac",
  samplerAtTenPercent: null,
  config: {
    enabled: true,
    preset: "osprofiler",
    model: "span", // one parent_id per point: a tree [P3][P5]
    metadata: "ids",
    propagation: "osprofiler", // [P2][P9]
    sampler: { type: "on-demand", hmacKeys: ["SECRET_KEY"] }, // hmac_keys default "SECRET_KEY" [P4]
    collection: {
      mode: "sync", // notify() from the trace point [P3]
      queueSize: 1, // no queue
      batchSize: 1, // one notification per -start/-stop [P3]
      flushInterval: 1e9, // unused without a queue
      overflow: "drop-newest", // unused without a queue
      transport: "reliable", // AMQP over TCP to the broker
      retry: { maxRetries: 0, initialBackoff: 0, maxBackoff: 0 }, // Notifier(..., retry=0) [P6]
      concurrentExports: 1, // unused without a queue
      durable: false, // no local state
      route: "broker", // messaging:// : oslo.messaging notifications, topic profiler [P4][P6]
      assembly: { rule: "query-time", window: 0 }, // built by `osprofiler trace show` [P8]
      costPerTracePoint: 2_000, // a choice
      costPerKiB: 2_000, // a choice
    },
  },
};
