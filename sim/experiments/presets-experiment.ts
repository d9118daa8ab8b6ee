// The presets themselves: each one's configuration, next to what its trigger and its sampler
// measurably do. Needs no cloud, so it is the fast subset `npm test` checks on every change.
import { PRESET_NAMES, PRESETS } from "../../tracer/presets/index.ts";
import type { PresetConfig, PresetSamplerSpec } from "../../tracer/presets/index.ts";
import { samplingJobId, samplingJobs } from "./diagnosis-experiment.ts";
import type { Experiment } from "./experiment.ts";
import { need } from "./experiment.ts";
import type { Job } from "./jobs.ts";
import type { SamplingResult, TriggerResult } from "./probes.ts";
import { fixed, int, percent } from "./tables.ts";
import { patternsJobId, triggerJobId } from "./table2.ts";
import type { RunResult } from "./jobs.ts";

export function describeSampler(s: PresetSamplerSpec): string {
  switch (s.type) {
    case "const":
      return s.decision ? "always" : "never";
    case "probabilistic":
      return `probabilistic ${s.rate}`;
    case "ratelimiting":
      return `rate limiting ${s.tracesPerSecond}/s`;
    case "per-operation":
      return `per-operation ${s.defaultRate ?? "default"}, floor ${s.lowerBoundTracesPerSecond ?? "default"}/s`;
    case "adaptive":
      return `adaptive ${s.targetTracesPerSecond ?? "default"}/s`;
    case "consistent":
      return `consistent ${s.probability}`;
    case "on-demand":
      return `on-demand (${s.hmacKeys.length} HMAC key${s.hmacKeys.length === 1 ? "" : "s"})`;
    case "parent-based":
      return `parent-based(${describeSampler(s.root)})`;
  }
}

const secs = (ns: number): string => `${fixed(ns / 1e9, ns % 1e8 === 0 ? 1 : 3)} s`;

/** The collection path in words: each stage with its sizes and policies, and the assembly rule. */
export function describeCollection(config: PresetConfig): string {
  const c = config.collection;
  if (c.mode === "off") return "off";
  const s = config.sampler;
  if (s.type === "const" && !s.decision && s.followParent === false && (config.queries?.length ?? 0) > 0) {
    return `no spans recorded; query results reported every ${secs(c.flushInterval)}`;
  }
  const parts: string[] = [];
  if (c.mode === "retroactive") {
    const r = c.retroactive;
    parts.push(r === undefined ? "retroactive" : `retroactive: ${int(r.buffers)} × ${int(r.bufferBytes)} B buffers per host`);
  }
  if (c.mode === "sync") parts.push(`sync: each record sent inline${c.route === "broker" ? " as a notification on the message bus" : ""}`);
  else parts.push(`reporter ${int(c.queueSize)}, batch ${int(c.batchSize)}, every ${secs(c.flushInterval)}, ${c.overflow}, ${c.transport}${c.durable ? ", durable" : ""}`);
  parts.push(c.retry.maxRetries === 0 ? "no retry" : `${int(c.retry.maxRetries)} retries`);
  if (c.relay !== undefined) parts.push(`relay ${int(c.relay.queueSize)} batches × ${int(c.relay.workers)} workers, ${c.relay.overflow}`);
  if (c.backend !== undefined) parts.push(`backend queue ${int(c.backend.queueSize)} ${c.backend.unit} × ${int(c.backend.workers)} workers, ${c.backend.overflow}`);
  parts.push(c.assembly.rule === "query-time" ? "judged at query time" : `assembled after a ${secs(c.assembly.window)} ${c.assembly.rule === "quiet-window" ? "quiet period" : "window"}`);
  return parts.join("; ");
}

const rate = (r: SamplingResult): string => (r.decisions === 0 ? "—" : percent(r.sampled, r.decisions, 3));

export const presetsExperiment: Experiment = {
  id: "presets",
  title: "Presets",
  about: "Each preset's configuration (model, metadata, propagation, sampler, collection) with its trigger and sampler measured in isolation.",
  jobs: (): Job[] => [
    ...PRESET_NAMES.map((p): Job => ({ kind: "trigger", id: triggerJobId(p), preset: p })),
    ...samplingJobs("default"),
    ...samplingJobs("ten-percent"),
    ...PRESET_NAMES.map((p): Job => ({ kind: "run", id: patternsJobId(p), scenario: "patterns", preset: p, sampling: "full" })),
  ],
  build(results) {
    const rows = PRESET_NAMES.map((p) => {
      const d = PRESETS[p]!;
      const c = d.config.collection;
      const t = need<TriggerResult>(results, triggerJobId(p));
      return [
        p,
        d.config.model,
        d.config.metadata,
        d.config.propagation,
        describeSampler(d.config.sampler),
        describeCollection(d.config),
        `${int(c.costPerTracePoint)} ns`,
        `${t.valid} / ${t.forged} / ${t.none} of ${t.requests}`,
        rate(need<SamplingResult>(results, samplingJobId(p, "default"))),
        rate(need<SamplingResult>(results, samplingJobId(p, "ten-percent"))),
        ...((m) => [int(m.tracePoints), int(m.stored), int(m.storedTraces), int(m.metadataBytes), int(m.collectionBytes)])(need<RunResult>(results, patternsJobId(p)).metrics),
      ];
    });
    return {
      tables: [
        {
          id: "presets",
          title: "Presets",
          description: "Each preset (`tracer/presets/<name>.ts`, with the source of every value beside it, or \"a choice\" where the real system publishes none). Collection: the reporter's queue, batch, interval, drop policy and transport, its retries, the host-local relay and the backend's ingest queue where the real pipeline has them, and when the backend judges a trace. Trigger: requests traced out of 200 with a valid trigger / a forged one / none, at a server trace point built from the preset. Sampling: root decisions sampled out of 100,000 at 1,000 requests/s over ten operations, for the preset's default sampler and for its own sampler family at a 10% target (— when the system has none). Short run: \`sim/experiments/scenarios/patterns.yaml\` with every request traced — trace points executed, records and traces stored, header bytes written and bytes shipped to the collector, so any change in the tracer, collection or model shows here.",
          columns: ["Preset", "Model", "Metadata", "Propagation", "Sampler", "Collection", "CPU / trace point", "Traced: trigger / forged / none", "Default sampling achieved", "10% target achieved", "Short run: trace points", "Records stored", "Traces stored", "Metadata bytes", "Collection bytes"],
          rows,
        },
      ],
      files: {},
    };
  },
};
