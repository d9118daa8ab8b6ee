// How records get from a trace point to storage, stage by stage, as the real pipelines do it:
// an in-process reporter (span processor, reporter, notifier) with its queue and batches; an
// optional host-local relay (Jaeger's agent); the backend's ingest queue (Jaeger's collector
// queue, the OpenTelemetry Collector's sending queue); and the rule that says when a stored
// trace is judged complete. Each stage drops in its own way, and every drop is counted.
import { z } from "zod";
import type { Units } from "./units.ts";

const count = z.number().int().positive();
const overflow = z
  .enum(["drop-newest", "drop-oldest"])
  .describe("What a full queue does: refuse the new item (OTel BatchSpanProcessor, Jaeger's queues) or overwrite the oldest (a flight recorder).");
const transport = z
  .enum(["reliable", "lossy"])
  .describe("reliable: the sender hears whether a batch arrived and may retry (HTTP, gRPC); lossy: fire and forget, a lost batch is gone (UDP).");

export function collectionSchemas(units: Units) {
  const retry = z
    .strictObject({
      maxRetries: z.number().int().nonnegative().describe("Attempts after the first before a batch is given up (0: no retry)."),
      initialBackoff: units.duration.describe("Wait before the first retry; doubled per retry."),
      maxBackoff: units.duration.describe("Longest wait between retries."),
    })
    .describe("Retries of a reliable sender. Ignored for lossy transports.");

  const relay = z
    .strictObject({
      queueSize: count.describe("Batches (datagrams) the relay holds waiting for a worker."),
      workers: count.describe("Batches forwarded at once; each worker waits for its forward to finish."),
      overflow,
      transport: transport.describe("From the relay to the backend."),
      retry,
    })
    .describe("A host-local daemon between the reporter and the backend (Jaeger's agent): the reporter ships to it over loopback.");

  const backend = z
    .strictObject({
      queueSize: count.describe("Items the backend's ingest queue holds."),
      unit: z.enum(["records", "batches"]).describe("What the queue counts: records (Jaeger collector spans) or received batches (OTel Collector requests)."),
      workers: count.describe("Items written to storage at once."),
      writeLatency: units.duration.describe("Storage time per record, ns (per item of records)."),
      overflow,
    })
    .describe("The backend's ingest queue in front of storage; without it, records are stored as they arrive.");

  const assembly = z
    .strictObject({
      rule: z
        .enum(["query-time", "quiet-window", "first-window"])
        .describe(
          "query-time: records are stored as they arrive and a trace is judged when it is read (span backends: Jaeger, Zipkin); quiet-window: a trace is assembled once no record arrived for `window`; first-window: `window` after its first record.",
        ),
      window: units.duration.describe("For the window rules; a record arriving later is still stored, and counted as after the window."),
    })
    .describe("When a stored trace is assembled and judged complete.");

  const retroactive = z
    .strictObject({
      buffers: count.describe("Buffers in each host's pool; when none is free the oldest is evicted (Hindsight cap 10000)."),
      bufferBytes: count.describe("Bytes per buffer; a trace's records on a host fill buffers of this size (Hindsight 32 KiB)."),
      latencyTrigger: units.duration.optional().describe("Fire a trigger when a root span lasts at least this long."),
      errorTrigger: z.boolean().describe("Fire a trigger when a root span ends in error."),
    })
    .describe("Hindsight's retroactive sampling: every record goes to a local buffer; a trigger pulls the trace's buffers from every agent its breadcrumbs lead to.");

  const collection = z
    .strictObject({
      mode: z
        .enum(["async", "sync", "retroactive", "off"])
        .describe("async: a queue shipped in the background; sync: each record sent inline by the trace point, no queue; retroactive: Hindsight buffers; off: nothing collected."),
      queueSize: count.describe("Records the in-process reporter holds."),
      batchSize: count.describe("Records per batch; a batch ships when full or at the flush interval."),
      flushInterval: units.positiveDuration.describe("Longest time a record waits in the reporter before its batch ships."),
      overflow,
      transport,
      retry,
      concurrentExports: count.describe("Batches the reporter has out at once (OTel: exports are never concurrent, 1)."),
      durable: z.boolean().describe("Records queued on the host survive a crash and ship after restart (Dapper's local log files)."),
      route: z
        .enum(["network", "broker"])
        .describe("network: batches go to the backend host (or the relay); broker: every record is a notification published on the message bus to the backend's queue (OSProfiler's messaging driver)."),
      relay: relay.optional(),
      backend: backend.optional(),
      assembly,
      retroactive: retroactive.optional(),
      costPerTracePoint: units.duration.describe("CPU charged to the host per record emitted, ns."),
      costPerKiB: units.duration.describe("CPU charged per KiB serialized, ns."),
    })
    .describe("How records get from trace points to storage.");

  return { retry, relay, backend, assembly, retroactive, collection };
}
