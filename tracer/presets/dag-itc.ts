// The seed talk's proposal: a DAG of start/end/fork/join events whose metadata is an Interval
// Tree Clock, always on because collection is asynchronous, with smart sampling available.
// It is the runner's default design (sim/scenario/tracer-config.ts's DEFAULT_TRACER is this
// preset's config), so naming it changes nothing for scenarios written before presets existed.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const dagItc: PresetDefinition = {
  name: "dag-itc",
  system: "DAG + ITC (the talk's proposal)",
  summary: "DAG model, ITC metadata, asynchronous collection, always on, with consistent threshold sampling as its smart-sampling knob.",
  notes: [
    "model dag: separate start/end events plus fork and join, so concurrency and joins are explicit (the talk's Pattern #1 vs #2) [X2] (§5.1)",
    "metadata itc: an Interval Tree Clock stamp in tracestate orders events without trusting host clocks [ITC][TP1] (§1.13, §5.9)",
    "collection async: per-host agent, 8192-record queue, 256-record batches every 1 s, reliable delivery, every loss counted (§5.4, §5.5)",
    "sampler const on by default (always on); smart sampling by override: consistent threshold (exact adjusted counts), per-operation, adaptive or tail policies [O3][J5][S1]",
  ],
  sources: ["seed talk (Sun, 2018)", "ITC Almeida, Baquero, Fonte, OPODIS 2008", "TP1 tracingplane README", "X2 xtrace reporting.proto", "O3 tracestate-probability-sampling.md", "S1 Sifter"],
  trigger: "none",
  samplerAtTenPercent: { type: "consistent", probability: 0.1 },
  config: {
    enabled: true,
    preset: "dag-itc",
    model: "dag",
    metadata: "itc",
    propagation: "w3c",
    sampler: { type: "const", decision: true },
    collection: { ...BASE_COLLECTION },
  },
};
