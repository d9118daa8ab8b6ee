// Blkin (Ceph, 2014): Dapper-style spans with timestamp and key/value annotations written to
// LTTng-UST tracepoints; LTTng's per-CPU ring buffers and consumer daemon write them locally,
// babeltrace converts them to Zipkin. Switched on per component by configuration.
// tracing-systems.md §1.9, §2.
import type { PresetDefinition } from "./types.ts";

export const blkin: PresetDefinition = {
  name: "blkin",
  system: "Blkin",
  summary: "Dapper-style spans with annotations, no sampling (on per component), LTTng ring buffer in discard mode, converted to Zipkin and read at query time.",
  notes: [
    "sampler const on: no sampling; tracing is switched on per component (rbd/osd/osdc_blkin_trace_all, default false), on demand in the configuration sense only [B1][B2]",
    "model span, metadata ids: blkin_trace_info{trace_id, span_id, parent_span_id}, random 64-bit ids [B1]",
    "propagation b3multi: the three ids travel as separate fields, converted to Zipkin by babeltrace [B1]",
    "collection async through LTTng-UST ring buffers drained by the consumer daemon, in LTTng's default discard mode (a full buffer refuses the new event) [B1]; buffer size and drain interval are choices",
    "assembly query-time: babeltrace converts the CTF traces to Zipkin, which stores spans and assembles on read [B1]",
    "costPerTracePoint 300 ns: an LTTng-UST tracepoint (a choice)",
  ],
  sources: ["B1 marioskogias/blkin README, zipkin_c.h", "B2 ceph doc/dev/blkin.rst"],
  paper: { onDemand: true, sampling: false, asyncCollection: false, dagModel: false, intervalTreeClock: false },
  trigger: "none",
  samplerAtTenPercent: null,
  config: {
    enabled: true,
    preset: "blkin",
    model: "span",
    metadata: "ids",
    propagation: "b3multi", // [B1]
    sampler: { type: "const", decision: true }, // trace_all on [B2]
    collection: {
      mode: "async", // LTTng-UST: tracepoints write to ring buffers, a consumer daemon drains them [B1]
      queueSize: 4096, // a choice: the ring buffer's room
      batchSize: 512, // a choice
      flushInterval: 1e9, // a choice
      overflow: "drop-newest", // LTTng discard mode (its default) [B1]
      transport: "reliable", // the consumer daemon writes to local disk
      retry: { maxRetries: 5, initialBackoff: 1e9, maxBackoff: 30e9 }, // a choice
      concurrentExports: 1, // one consumer daemon (a choice)
      durable: false, // the ring buffers are shared memory
      route: "network", // to the backend host (babeltrace → Zipkin) [B1]
      assembly: { rule: "query-time", window: 0 }, // Zipkin after babeltrace [B1]
      costPerTracePoint: 300, // a choice
      costPerKiB: 2_000, // a choice
    },
  },
};
