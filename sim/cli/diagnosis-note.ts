// Why a run printed no diagnosis: the comparison needs kept traces on both sides, and a preset
// that samples little (jaeger's 0.1% probabilistic default) may store none in a short run. The
// note names the periods without traces, how many requests they had, the sampler, and what to
// raise.
import type { ScenarioRun } from "../run/runner.ts";
import type { Summary } from "../run/result.ts";

function samplerText(sampler: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(sampler).filter(([k, v]) => k !== "type" && (typeof v === "number" || typeof v === "string"));
  return parts.length === 0 ? String(sampler["type"]) : `${String(sampler["type"])} ${parts.map(([k, v]) => `${k} ${String(v)}`).join(", ")}`;
}

/** A one-line explanation when the run has no diagnosis for want of traces; undefined otherwise. */
export function diagnosisNote(run: ScenarioRun, summary: Summary): string | undefined {
  if (summary.diagnosis !== undefined || !run.tracerConfig.enabled) return undefined;
  const kept = run.keptTraces();
  const workflows = Object.keys(summary.requests);
  const periods = run.periods
    .map((p, i) => ({ name: p.name, kept: kept.filter((k) => k.period === p.name).length, requests: workflows.reduce((n, w) => n + (run.aggregates.histogram(w, i)?.count ?? 0), 0) }))
    .filter((p) => p.name !== "warmup");
  if (periods.length === 0) return undefined;
  const stored = summary.tracer.accounting.stored;
  const counts = periods.map((p) => `${p.kept} of ${p.requests} successful requests in period ${p.name}`).join(", ");
  return (
    `diagnosis: none — it compares the kept traces before and during the faults (a steady run: its two halves), and one side has none ` +
    `(kept ${counts}; the tracer stored ${stored} records in all, sampling with ${samplerText(run.tracerConfig.sampler as unknown as Record<string, unknown>)}): ` +
    `raise tracer.sampler.rate (or use a preset that samples more), lengthen the run, or raise report.keepTraces\n`
  );
}
