// The units of work the experiments are made of: plain data in, plain data out, so they run
// the same in this thread or in a worker, in any order.
import { fileURLToPath } from "node:url";
import { PRESETS } from "../../tracer/presets/index.ts";
import type { PresetDefinition } from "../../tracer/presets/index.ts";
import type { RandomSource, Trace, TraceRecord } from "../../tracer/index.ts";
import { HINDSIGHT_BUFFERS } from "../../tracer/config/index.ts";
import seedrandom from "seedrandom";
import { loadScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/load.ts";
import type { TracerConfig } from "../scenario/tracer-config.ts";
import { defaultCatalog } from "../run/catalog.ts";
import { causalOrder, comparePatterns, lossOf, wrongEdges } from "./analyses.ts";
import type { PatternResult } from "./analyses.ts";
import { diagnoseWithTraces } from "./diagnosis.ts";
import type { DiagnosisResult } from "./diagnosis.ts";
import { goldenOf } from "./golden.ts";
import type { GoldenResult } from "./golden.ts";
import { measureRun } from "./measure.ts";
import type { MeasureOptions, RunMetrics } from "./measure.ts";
import { probeSampler, probeTrigger, triggerHeaders } from "./probes.ts";
import type { MatrixCell } from "./diagnosis-matrix.ts";
import { runMatrixCell } from "./matrix-run.ts";
import type { MatrixResult } from "./matrix-run.ts";
import type { SamplingResult, TriggerResult } from "./probes.ts";
import { runThesis } from "./thesis/run.ts";
import type { ThesisRunResult, ThesisScenario } from "./thesis/run.ts";
import { presetTracing } from "./thesis/tracing.ts";

export type ExperimentScenario = "cost" | "patterns" | "fidelity" | "diagnosis" | "stall" | "overload";

/**
 * How a run samples: the preset's own default (native), every request traced (full), or the
 * preset's own sampler family at a 10% target (ten; the default when it has none).
 */
export type Sampling = "native" | "full" | "ten";

/** A preset changed for an experiment: every queue dropping its oldest item, or a scaled-down Hindsight pool. */
export type Variant = "drop-oldest" | "small-pool";

export type Job =
  | {
      readonly kind: "run";
      readonly id: string;
      readonly scenario: ExperimentScenario;
      readonly preset: string | null;
      readonly sampling: Sampling;
      /** The client sends a valid trigger, a forged one, or none, in turn (the on-demand probe). */
      readonly triggers?: "mixed";
      readonly variant?: Variant;
    }
  | { readonly kind: "trigger"; readonly id: string; readonly preset: string }
  | { readonly kind: "sampling"; readonly id: string; readonly preset: string; readonly which: "default" | "ten-percent" }
  | { readonly kind: "golden"; readonly id: string; readonly file: string }
  /** A diagnosis-matrix cell, with the default tracer or (`preset`) a preset tracing every request. */
  | { readonly kind: "matrix"; readonly id: string; readonly cell: MatrixCell; readonly preset?: string }
  /** The thesis experiment's run of one preset: true critical paths and orderings against its traces. */
  | { readonly kind: "thesis"; readonly id: string; readonly preset: string; readonly scenario: ThesisScenario };

export interface LossTotals {
  complete: number;
  partial: number;
  orphanSpans: number;
}

export interface WindowLoss {
  readonly window: string;
  requests: number;
  /** Requests whose stored trace is complete at query time (late records included). */
  complete: number;
  /** … and as assembled when the backend's window closed (the same for query-time backends). */
  completeAtAssembly: number;
}

export interface TriggerCounts {
  requests: number;
  stored: number;
}

export interface RunResult {
  metrics: RunMetrics;
  /** Stored traces at query time: every record stored, late ones included. */
  loss: LossTotals;
  /** Stored traces as the backend assembled them (at its window's close, for a window rule). */
  lossAtAssembly: LossTotals;
  /** Records stored after their trace was assembled. */
  lateRecords: number;
  /** Requests whose trace was stored (whole or not). */
  storedRequests: number;
  /** The on-demand probe: requests and stored traces per trigger class. */
  triggers?: Record<string, TriggerCounts>;
  patterns?: PatternResult;
  windows?: WindowLoss[];
  wrongEdges?: number | null;
  order?: { crossHostEdges: number; timestampErrors: number; clockErrors: number | null };
  retroactive?: { triggers: number; pulls: number; messages: number; pullLatencyMeanNs: number; pullLatencyMaxNs: number; evictedBeforeTrigger: number };
  diagnosis?: DiagnosisResult & { requestsPerSecond: number };
}

export type JobResult = RunResult | TriggerResult | SamplingResult | GoldenResult | MatrixResult | ThesisRunResult;

export const scenarioFile = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}.yaml`, import.meta.url));

const loaded = new Map<string, Scenario>();
export function scenarioOf(file: string): Scenario {
  let s = loaded.get(file);
  if (s === undefined) loaded.set(file, (s = loadScenario(file, defaultCatalog())));
  return s;
}

export function presetOf(name: string): PresetDefinition {
  const p = PRESETS[name];
  if (p === undefined) throw new Error(`no preset ${name}`);
  return p;
}

const TRIGGER_CLASSES = ["valid", "forged", "none"] as const;

/** A trigger on every request: OSProfiler's `--os-profile KEY` for an on-demand system. */
function everyRequest(preset: PresetDefinition): MeasureOptions["trigger"] {
  const random = triggerStream(`full/${preset.name}`);
  return () => ({ headers: triggerHeaders(preset, "valid", random), kind: "valid", asParent: preset.config.propagation !== "osprofiler" });
}

function triggerStream(name: string): RandomSource {
  const r = seedrandom.alea(`experiments/trigger-run/${name}`);
  return { next: () => r() };
}

/**
 * A preset with every request traced: its sampler replaced by "always", except an on-demand
 * system, which keeps its trigger check and gets a client that signs every request, and a
 * system that records no traces by design (Pivot Tracing's queries already see every request).
 */
export function fullConfig(preset: PresetDefinition): { config: TracerConfig; trigger?: MeasureOptions["trigger"] } {
  const c = preset.config;
  if (c.sampler.type === "on-demand") return { config: c, trigger: everyRequest(preset) };
  if (c.sampler.type === "const" && !c.sampler.decision && c.sampler.followParent === false) return { config: c };
  return { config: { ...c, sampler: { type: "const", decision: true } } };
}

/** The preset changed for an experiment (see Variant). */
export function variantConfig(config: TracerConfig, variant: Variant | undefined): TracerConfig {
  if (variant === undefined) return config;
  const c = config.collection;
  if (variant === "drop-oldest") {
    const relay = c.relay === undefined ? {} : { relay: { ...c.relay, overflow: "drop-oldest" as const } };
    const backend = c.backend === undefined ? {} : { backend: { ...c.backend, overflow: "drop-oldest" as const } };
    return { ...config, collection: { ...c, overflow: "drop-oldest", ...relay, ...backend } };
  }
  return { ...config, collection: { ...c, retroactive: { ...(c.retroactive ?? HINDSIGHT_BUFFERS), buffers: SMALL_POOL } } };
}

/** Buffers per host in the scaled-down Hindsight pool: a 20 s overload fills it as hours of production traffic would fill 10,000. */
export const SMALL_POOL = 300;

function setupOf(job: Extract<Job, { kind: "run" }>, preset: PresetDefinition | null): { config: TracerConfig | null; trigger?: MeasureOptions["trigger"] } {
  if (preset === null) return { config: null };
  let setup: { config: TracerConfig; trigger?: MeasureOptions["trigger"] };
  if (job.sampling === "full") setup = fullConfig(preset);
  else if (job.sampling === "ten" && preset.samplerAtTenPercent !== null) setup = { config: { ...preset.config, sampler: preset.samplerAtTenPercent } };
  else setup = { config: preset.config };
  if (job.triggers === "mixed") {
    const random = triggerStream(`mixed/${preset.name}`);
    // A signed OSProfiler trigger is verified by the client's own profiler; any other trigger is a
    // context (a debug or sampled flag) the request arrives with.
    const asParent = preset.config.propagation !== "osprofiler";
    setup = { ...setup, trigger: (n) => ({ headers: n % 3 === 2 ? {} : triggerHeaders(preset, TRIGGER_CLASSES[n % 3]!, random), kind: TRIGGER_CLASSES[n % 3]!, asParent }) };
  }
  return { ...setup, config: variantConfig(setup.config, job.variant) };
}

const add = (to: LossTotals, l: LossTotals): void => {
  to.complete += l.complete;
  to.partial += l.partial;
  to.orphanSpans += l.orphanSpans;
};

/** A trace with the records that arrived after its assembly. */
function withLate(trace: Trace, late: readonly TraceRecord[] | undefined): Trace {
  if (late === undefined || late.length === 0) return trace;
  const events = [...trace.events];
  const spans = [...trace.spans];
  for (const r of late) if (r.type === "event") events.push(r.event);
  else spans.push(r.span);
  return { traceId: trace.traceId, events, spans };
}

function runJob(job: Extract<Job, { kind: "run" }>): RunResult {
  const scenario = scenarioOf(scenarioFile(job.scenario));
  const preset = job.preset === null ? null : presetOf(job.preset);
  const setup = setupOf(job, preset);
  const obs = measureRun(scenario, setup.config, { keepTraces: true, trigger: setup.trigger });
  const loss: LossTotals = { complete: 0, partial: 0, orphanSpans: 0 };
  const lossAtAssembly: LossTotals = { complete: 0, partial: 0, orphanSpans: 0 };
  let lateRecords = 0;
  /** Trace id → complete at query time, complete as assembled. */
  const completeness = new Map<string, [boolean, boolean]>();
  const queried = new Map<string, Trace>();
  for (const id of [...obs.traces.keys()].sort()) {
    const assembled = obs.traces.get(id)!;
    const late = obs.late.get(id);
    lateRecords += late?.length ?? 0;
    const full = withLate(assembled, late);
    queried.set(id, full);
    const a = lossOf(assembled);
    const q = full === assembled ? a : lossOf(full);
    add(lossAtAssembly, a);
    add(loss, q);
    completeness.set(id, [q.complete === 1, a.complete === 1]);
  }
  const storedRequests = obs.requests.filter((r) => r.traceId !== undefined && obs.storedIds.has(r.traceId)).length;
  const result: RunResult = { metrics: obs.metrics, loss, lossAtAssembly, lateRecords, storedRequests };
  if (job.triggers === "mixed") {
    const triggers: Record<string, TriggerCounts> = {};
    for (const k of TRIGGER_CLASSES) triggers[k] = { requests: 0, stored: 0 };
    for (const r of obs.requests) {
      const k = r.traceId === undefined ? undefined : obs.triggerClass.get(r.traceId);
      if (k === undefined) continue;
      triggers[k]!.requests++;
      if (obs.storedIds.has(r.traceId!)) triggers[k]!.stored++;
    }
    result.triggers = triggers;
  }
  if (obs.retroactive !== null) {
    const s = obs.retroactive;
    result.retroactive = {
      triggers: s.triggers,
      pulls: s.pulls,
      messages: s.messages,
      pullLatencyMeanNs: s.pulls === 0 ? 0 : Math.round(s.pullLatencyTotalNs / s.pulls),
      pullLatencyMaxNs: s.pullLatencyMaxNs,
      evictedBeforeTrigger: s.evictedBeforeTrigger,
    };
  }
  const tracesOf = (workflow?: string) =>
    obs.requests.filter((r) => r.traceId !== undefined && (workflow === undefined || r.workflow === workflow) && queried.has(r.traceId)).map((r) => queried.get(r.traceId!)!);
  if (job.scenario === "patterns") result.patterns = comparePatterns(tracesOf("pattern-concurrent"), tracesOf("pattern-sequential"));
  if (job.scenario === "fidelity" || job.scenario === "overload") {
    const windows: WindowLoss[] = [];
    const burst = scenario.workload.find((g) => g.name === "burst");
    const spans: [string, number, number][] = obs.faults.filter((f) => f.kind !== "clock-skew").map((f) => [f.id ?? f.kind, f.start, f.end]);
    if (burst !== undefined) spans.push(["burst", burst.start, burst.stop ?? scenario.duration]);
    spans.push(["all", scenario.warmup, scenario.duration]);
    for (const [window, from, to] of spans) {
      const w: WindowLoss = { window, requests: 0, complete: 0, completeAtAssembly: 0 };
      for (const r of obs.requests) {
        if (r.start < from || r.start >= to) continue;
        w.requests++;
        const c = r.traceId === undefined ? undefined : completeness.get(r.traceId);
        if (c?.[0]) w.complete++;
        if (c?.[1]) w.completeAtAssembly++;
      }
      windows.push(w);
    }
    result.windows = windows;
    let wrong: number | null = null;
    const order = { crossHostEdges: 0, timestampErrors: 0, clockErrors: null as number | null };
    for (const id of [...queried.keys()].sort()) {
      const t = queried.get(id)!;
      const w = wrongEdges(t);
      if (w !== null) wrong = (wrong ?? 0) + w;
      const o = causalOrder(t);
      order.crossHostEdges += o.crossHostEdges;
      order.timestampErrors += o.timestampErrors;
      if (o.clockErrors !== null) order.clockErrors = (order.clockErrors ?? 0) + o.clockErrors;
    }
    result.wrongEdges = wrong;
    result.order = order;
  }
  if (job.scenario === "diagnosis") {
    const fault = obs.faults[0]!;
    const truth = scenario.expect.culprits[0]!.service!;
    const measured = scenario.duration - scenario.warmup;
    const d = diagnoseWithTraces(tracesOf(), scenario.warmup, fault.start, fault.start + (scenario.duration - fault.start) / 2, truth);
    result.diagnosis = { ...d, requestsPerSecond: obs.requests.filter((r) => r.start >= scenario.warmup).length / (measured / 1e9) };
  }
  return result;
}

export function executeJob(job: Job): JobResult {
  switch (job.kind) {
    case "run":
      return runJob(job);
    case "trigger":
      return probeTrigger(presetOf(job.preset));
    case "sampling": {
      const p = presetOf(job.preset);
      const spec = job.which === "default" ? p.config.sampler : p.samplerAtTenPercent;
      if (spec === null) return { decisions: 0, sampled: 0 };
      return probeSampler(spec, `${job.preset}/${job.which}`);
    }
    case "golden":
      return goldenOf(scenarioOf(job.file));
    case "matrix":
      return job.preset === undefined ? runMatrixCell(job.cell) : runMatrixCell(job.cell, presetTracing(job.preset));
    case "thesis":
      return runThesis(job.preset, job.scenario);
  }
}
