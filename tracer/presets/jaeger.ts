// Jaeger (Uber, CNCF), v1 clients: probabilistic 0.001 head sampling, client queue → UDP agent
// → collector, the oldest batches overwritten. tracing-systems.md §1.1, §2.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const jaeger: PresetDefinition = {
  name: "jaeger",
  system: "Jaeger",
  summary: "Probabilistic 0.001 head sampling (remote per-operation/adaptive by override), client queue → agent → collector, drop-oldest, span model with references.",
  notes: [
    "sampler probabilistic 0.001: the classic clients' default, decided at the root and propagated (parent-based) [J1][J2]",
    "propagation jaeger: uber-trace-id {trace}:{span}:{parent}:{flags}; the debug flag 0x02 is an unauthenticated trigger [J4]",
    "collection async over lossy UDP: 1000-batch agent queue that overwrites the oldest, flush every 1 s, 100 spans per batch (tracer/collect AGENT_PRESETS.jaeger) [J2][J5]",
    "model span: one record per span at its end, CHILD_OF/FOLLOWS_FROM references; the UI builds a single-parent tree [JU1][JU2]",
    "override to { type: per-operation } or { type: adaptive } for remote per-operation / adaptive sampling (target 1/s, initial 0.001, min 1e-5) [J1][J5]",
  ],
  sources: ["J1 jaeger docs architecture/sampling", "J2 jaeger docs 1.35 performance-tuning", "J4 client-libraries (propagation)", "J5 jaeger-agent / collector-adaptive CLI 1.35", "JU1 jaeger-ui types/trace.ts", "JU2 jaeger-ui transform-trace-data.ts"],
  paper: { onDemand: false, sampling: true, asyncCollection: true, dagModel: false, intervalTreeClock: false },
  trigger: "debug-flag",
  samplerAtTenPercent: { type: "probabilistic", rate: 0.1 },
  config: {
    enabled: true,
    preset: "jaeger",
    model: "span",
    metadata: "ids",
    propagation: "jaeger",
    sampler: { type: "probabilistic", rate: 0.001 },
    collection: { ...BASE_COLLECTION, queueSize: 1000, batchSize: 100, flushInterval: 1e9, overflow: "drop-oldest", transport: "lossy" },
  },
};
