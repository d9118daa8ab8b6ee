// A finished run's summary and kept traces → the report's plain data.
import type { ReportData, ReportDiagnosis, ReportFault } from "../../tracer/export/html/index.ts";
import type { Summary } from "../run/result.ts";
import type { KeptTrace } from "../run/reservoir.ts";
import { expectedLabel } from "../run/diagnosis.ts";
import { rankingDetail, rankingName } from "../run/result.ts";
import { chooseExemplars } from "./exemplars.ts";
import { chooseDag } from "./traces.ts";

function describeTarget(target: Record<string, unknown>): string {
  const parts = Object.entries(target).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return parts.length === 0 ? "everything" : parts.join(", ");
}

function describeResolved(resolved: Record<string, readonly string[]>): string {
  const parts = Object.entries(resolved)
    .filter(([, v]) => v.length > 0)
    .map(([k, v]) => `${k}: ${v.join(", ")}`);
  return parts.length === 0 ? "–" : parts.join("; ");
}

function faults(summary: Summary): ReportFault[] {
  return summary.faults.map((f) => ({
    id: f.id,
    kind: f.kind,
    target: describeTarget(f.target),
    startNs: f.startNs,
    endNs: f.endNs,
    params: JSON.stringify(f.params),
    resolved: describeResolved(f.resolved),
  }));
}

function diagnosis(summary: Summary): ReportDiagnosis | null {
  const d = summary.diagnosis;
  if (d === undefined) return null;
  const e = summary.expect;
  const groundTruth = e.noCulprit ? ["no culprit (fault-free)"] : e.culprits.map(expectedLabel);
  return {
    before: d.compared.before,
    after: d.compared.after,
    tracesBefore: d.tracesBefore,
    tracesAfter: d.tracesAfter,
    meanChangeNs: d.meanChangeNs,
    expected: d.expected,
    groundTruth,
    ranking: d.ranking.map((e) => ({ rank: e.rank, name: rankingName(e), evidence: e.evidence, detail: rankingDetail(e), score: e.score, p: e.p })),
    culprits: d.culprits,
    errors: d.errors,
    structuralChanges: d.structuralChanges,
  };
}

export function buildReportData(summary: Summary, kept: readonly KeptTrace[]): ReportData {
  const periods = summary.periods.map((p) => ({ name: p.name, startNs: p.startNs, endNs: p.endNs }));
  const reported = periods.filter((p) => p.name !== "warmup").map((p) => p.name);
  const a = summary.tracer.accounting;
  return {
    title: `tracebed report: ${summary.scenario.name}`,
    run: {
      scenario: summary.scenario.name,
      description: summary.scenario.description,
      seed: String(summary.seed),
      durationNs: summary.durationNs,
      warmupNs: summary.warmupNs,
      kernelEvents: summary.kernel.events,
      eventLogHash: summary.kernel.eventLogHash,
      sourceHash: summary.scenario.sourceHash,
    },
    periods,
    workflows: Object.entries(summary.requests).map(([workflow, r]) => ({
      workflow,
      issued: r.issued,
      ok: r.ok,
      failed: r.failed,
      unfinished: r.unfinished,
      periods: reported.map((p) => {
        const l = summary.latencyMs[workflow]?.[p];
        return { period: p, count: l?.count ?? 0, p50: l?.p50 ?? 0, p99: l?.p99 ?? 0 };
      }),
    })),
    errors: Object.entries(summary.errors).flatMap(([workflow, errs]) => Object.entries(errs).map(([error, count]) => ({ workflow, error, count }))),
    tracer: {
      enabled: summary.tracer.enabled,
      preset: summary.tracer.preset,
      model: summary.tracer.model,
      metadata: summary.tracer.metadata,
      propagation: summary.tracer.propagation,
      sampler: summary.tracer.sampler,
      collection: summary.tracer.collection,
      tracePoints: a.tracePoints,
      notSampled: a.notSampled,
      emitted: a.emitted,
      stored: a.stored,
      dropped: { ...a.dropped },
    },
    faults: faults(summary),
    slo: summary.expect.slo.map((o) => ({ ...o })),
    latency: {
      stepNs: summary.timeline.stepNs,
      durationNs: summary.durationNs,
      series: Object.entries(summary.timeline.workflows).map(([workflow, points]) => ({ workflow, points })),
    },
    diagnosis: diagnosis(summary),
    exemplars: chooseExemplars(summary, kept),
    dag: chooseDag(kept),
  };
}
