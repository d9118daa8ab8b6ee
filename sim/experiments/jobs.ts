// The units of work the experiments are made of: plain data in, plain data out, so they run
// the same in this thread or in a worker, in any order.
import { fileURLToPath } from "node:url";
import { PRESETS } from "../../tracer/presets/index.ts";
import type { PresetDefinition } from "../../tracer/presets/index.ts";
import type { SamplerSpec } from "../../tracer/sampling/index.ts";
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
import type { RunMetrics } from "./measure.ts";
import { probeSampler, probeTrigger } from "./probes.ts";
import type { MatrixCell } from "./diagnosis-matrix.ts";
import { runMatrixCell } from "./matrix-run.ts";
import type { MatrixResult } from "./matrix-run.ts";
import type { SamplingResult, TriggerResult } from "./probes.ts";

export type ExperimentScenario = "cost" | "patterns" | "fidelity" | "diagnosis";

export type Job =
  | { readonly kind: "run"; readonly id: string; readonly scenario: ExperimentScenario; readonly preset: string | null; readonly sampling: "native" | "full" }
  | { readonly kind: "trigger"; readonly id: string; readonly preset: string }
  | { readonly kind: "sampling"; readonly id: string; readonly preset: string; readonly which: "default" | "ten-percent" }
  | { readonly kind: "golden"; readonly id: string; readonly file: string }
  | { readonly kind: "matrix"; readonly id: string; readonly cell: MatrixCell };

export interface LossTotals {
  complete: number;
  partial: number;
  orphanSpans: number;
}

export interface WindowLoss {
  readonly window: string;
  requests: number;
  complete: number;
}

export interface RunResult {
  metrics: RunMetrics;
  loss: LossTotals;
  patterns?: PatternResult;
  windows?: WindowLoss[];
  wrongEdges?: number | null;
  order?: { crossHostEdges: number; timestampErrors: number; clockErrors: number | null };
  diagnosis?: DiagnosisResult & { requestsPerSecond: number };
}

export type JobResult = RunResult | TriggerResult | SamplingResult | GoldenResult | MatrixResult;

export const scenarioFile = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}.yaml`, import.meta.url));

const loaded = new Map<string, Scenario>();
function scenarioOf(file: string): Scenario {
  let s = loaded.get(file);
  if (s === undefined) loaded.set(file, (s = loadScenario(file, defaultCatalog())));
  return s;
}

export function presetOf(name: string): PresetDefinition {
  const p = PRESETS[name];
  if (p === undefined) throw new Error(`no preset ${name}`);
  return p;
}

/**
 * A preset with every request traced: its sampler replaced by "always", except an on-demand
 * system, which keeps its trigger check and gets a client that signs every request.
 */
export function fullConfig(preset: PresetDefinition): { config: TracerConfig; triggerKey?: string } {
  const c = preset.config as TracerConfig;
  if (c.sampler.type === "on-demand") return { config: c, triggerKey: c.sampler.hmacKeys[0]! };
  return { config: { ...c, sampler: { type: "const", decision: true } } };
}

function runJob(job: Extract<Job, { kind: "run" }>): RunResult {
  const scenario = scenarioOf(scenarioFile(job.scenario));
  const preset = job.preset === null ? null : presetOf(job.preset);
  const setup = preset === null ? { config: null } : job.sampling === "full" ? fullConfig(preset) : { config: preset.config as TracerConfig };
  const itc = setup.config?.metadata === "itc";
  const loss: LossTotals = { complete: 0, partial: 0, orphanSpans: 0 };
  const keep = job.scenario !== "cost";
  const obs = measureRun(scenario, setup.config, {
    keepTraces: keep,
    triggerKey: "triggerKey" in setup ? setup.triggerKey : undefined,
    onTrace: (t) => {
      const l = lossOf(t);
      loss.complete += l.complete;
      loss.partial += l.partial;
      loss.orphanSpans += l.orphanSpans;
    },
  });
  const result: RunResult = { metrics: obs.metrics, loss };
  const tracesOf = (workflow?: string) =>
    obs.requests.filter((r) => r.traceId !== undefined && (workflow === undefined || r.workflow === workflow) && obs.traces.has(r.traceId)).map((r) => obs.traces.get(r.traceId!)!);
  if (job.scenario === "patterns") result.patterns = comparePatterns(tracesOf("pattern-concurrent"), tracesOf("pattern-sequential"), itc);
  if (job.scenario === "fidelity") {
    const windows: WindowLoss[] = [];
    const burst = scenario.workload.find((g) => g.name === "burst");
    const spans: [string, number, number][] = obs.faults.filter((f) => f.kind !== "clock-skew").map((f) => [f.id ?? f.kind, f.start, f.end]);
    if (burst !== undefined) spans.push(["burst", burst.start, burst.stop ?? scenario.duration]);
    spans.push(["all", scenario.warmup, scenario.duration]);
    for (const [window, from, to] of spans) {
      const w: WindowLoss = { window, requests: 0, complete: 0 };
      for (const r of obs.requests) {
        if (r.start < from || r.start >= to) continue;
        w.requests++;
        const t = r.traceId === undefined ? undefined : obs.traces.get(r.traceId);
        if (t !== undefined && lossOf(t).complete === 1) w.complete++;
      }
      windows.push(w);
    }
    result.windows = windows;
    let wrong: number | null = itc ? 0 : null;
    const order = { crossHostEdges: 0, timestampErrors: 0, clockErrors: itc ? 0 : (null as number | null) };
    for (const id of [...obs.traces.keys()].sort()) {
      const t = obs.traces.get(id)!;
      const w = wrongEdges(t, itc);
      if (w !== null && wrong !== null) wrong += w;
      const o = causalOrder(t, itc);
      order.crossHostEdges += o.crossHostEdges;
      order.timestampErrors += o.timestampErrors;
      if (o.clockErrors !== null && order.clockErrors !== null) order.clockErrors += o.clockErrors;
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
      return probeSampler(spec as SamplerSpec, `${job.preset}/${job.which}`);
    }
    case "golden":
      return goldenOf(scenarioOf(job.file));
    case "matrix":
      return runMatrixCell(job.cell);
  }
}
