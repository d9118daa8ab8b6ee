// Blkin (Ceph, 2014): Dapper-style spans with timestamp and key/value annotations written to
// LTTng-UST ring buffers, switched on per component by configuration. §1.9, §2.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const blkin: PresetDefinition = {
  name: "blkin",
  system: "Blkin",
  summary: "Dapper-style spans with annotations, no sampling, LTTng ring-buffer collection.",
  notes: [
    "sampler const on: no sampling; tracing is switched on per component (rbd/osd/osdc_blkin_trace_all), on demand in the configuration sense only [B1][B2]",
    "model span, metadata ids: blkin_trace_info{trace_id, span_id, parent_span_id}, random 64-bit ids [B1]",
    "propagation b3multi: the three ids travel as separate fields, converted to Zipkin by babeltrace [B1]",
    "collection async through per-CPU ring buffers drained by the consumer daemon: a 4096-record buffer, discard mode (drop newest), local and reliable [B1]",
    "costPerTracePoint 300 ns: an LTTng-UST tracepoint (assumed)",
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
    propagation: "b3multi",
    sampler: { type: "const", decision: true },
    collection: { ...BASE_COLLECTION, queueSize: 4096, batchSize: 512, flushInterval: 1e9, costPerTracePoint: 300 },
  },
};
