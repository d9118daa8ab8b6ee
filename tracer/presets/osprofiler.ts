// OSProfiler (OpenStack): on demand only, no sampling, every trace point notified to the
// backend as it happens. tracing-systems.md §1.4, §2, §4.2.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const osprofiler: PresetDefinition = {
  name: "osprofiler",
  system: "OSProfiler",
  summary: "On-demand HMAC trigger, no sampling, synchronous per-point notifications, a tree of points with one parent each.",
  notes: [
    "sampler on-demand: only requests whose X-Trace-Info verifies under an hmac_keys entry (default key SECRET_KEY) are traced; invalid or missing headers are served untraced [P1][P2][P4]",
    "propagation osprofiler: X-Trace-Info (base64url JSON) + X-Trace-HMAC (HMAC-SHA1 over the base64 text) [P2]",
    "collection sync: each -start/-stop notification goes through the driver as it happens; no agent, batching or drop counter [P3][P6]",
    "model span: every point has exactly one parent_id, so the trace is a tree; start and stop are separate records, which the sync send charges per record [P3][P5]",
    "costPerTracePoint 2 us: a Python notifier building a JSON payload per point (assumed; no published figure)",
  ],
  sources: ["P1 osprofiler/web.py", "P2 osprofiler/_utils.py", "P3 osprofiler/profiler.py", "P4 osprofiler/opts.py", "P5 osprofiler/drivers/base.py", "P6 osprofiler/drivers/messaging.py"],
  paper: { onDemand: true, sampling: false, asyncCollection: false, dagModel: false, intervalTreeClock: false },
  trigger: "hmac",
  samplerAtTenPercent: null,
  config: {
    enabled: true,
    preset: "osprofiler",
    model: "span",
    metadata: "ids",
    propagation: "osprofiler",
    sampler: { type: "on-demand", hmacKeys: ["SECRET_KEY"] },
    collection: { ...BASE_COLLECTION, mode: "sync", queueSize: 1, batchSize: 1, costPerTracePoint: 2_000 },
  },
};
