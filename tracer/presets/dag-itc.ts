// The seed talk's proposal: a DAG of start/end/fork/join events whose metadata is an Interval
// Tree Clock, always on because collection is asynchronous, with smart sampling available. No
// real system exists, so every collection value is a choice; the backend assembles a trace after
// a quiet period, and the fidelity table shows that window's effect next to query time.
// It is the runner's default design (sim/scenario/tracer-config.ts's DEFAULT_TRACER).
import type { PresetDefinition } from "./types.ts";

export const dagItc: PresetDefinition = {
  name: "dag-itc",
  system: "DAG + ITC (the talk's proposal)",
  summary: "DAG model, ITC metadata, asynchronous collection, always on, with consistent threshold sampling as its smart-sampling knob; traces assembled after a 30 s quiet period.",
  notes: [
    "model dag: separate start/end events plus fork and join, so concurrency and joins are explicit (the talk's Pattern #1 vs #2) [X2] (§5.1)",
    "metadata itc: an Interval Tree Clock stamp in tracestate orders events without trusting host clocks [ITC][TP1] (§1.13, §5.9)",
    "collection async: per-host agent, 8192-record queue, 256-record batches every 1 s, retries, every loss counted: choices (the talk proposes no numbers) (§5.4, §5.5)",
    "assembly quiet-window 30 s: a choice, so server creates that poll for tens of seconds are assembled whole; records after it are still stored, and the fidelity table shows both",
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
    sampler: { type: "const", decision: true }, // the talk: always on
    collection: {
      mode: "async", // the talk: asynchronous collection
      queueSize: 8192, // a choice
      batchSize: 256, // a choice
      flushInterval: 1e9, // a choice
      overflow: "drop-newest", // a choice
      transport: "reliable", // a choice
      retry: { maxRetries: 5, initialBackoff: 5e9, maxBackoff: 30e9 }, // a choice (OTel exporterhelper's 5 s / 30 s shape [O6])
      concurrentExports: 1, // a choice
      durable: false, // a choice
      route: "network", // to the backend host
      assembly: { rule: "quiet-window", window: 30e9 }, // a choice
      costPerTracePoint: 1_000, // a choice
      costPerKiB: 2_000, // a choice
    },
  },
};
