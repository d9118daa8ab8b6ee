// The compact form of a diagnosis for a run's summary.json: culprits best first (each with at
// least service and operation), the per-operation totals, and the workflows that changed.
import type { Component } from "./components.ts";
import type { RankingEntry } from "./ranking.ts";
import type { Diagnosis } from "./types.ts";

/** One ranked component as summary.json and the report show it: the component's fields, then its evidence. */
export type RankingSummary = Component & {
  readonly rank: number;
  /** What weighs most: work, queue, network, timeout, retry, errors, stopped (work that vanished) or clock. */
  readonly evidence: string;
  /** Added own time per request by kind (ms, only kinds that grew), added error-origin rate, clock shift (ms). */
  readonly addedMs: Readonly<Record<string, number>>;
  readonly errorRate?: number;
  readonly clockShiftMs?: number;
  /** Work per request it did before and no longer does (ms): a crashed or unreachable server. */
  readonly stoppedMs?: number;
  /** Effect size: added time per request / mean response time before, plus added error rate. */
  readonly effect: number;
  /** precision × recall (see tracer/analysis/diagnose/ranking.ts). */
  readonly score: number;
  readonly p: number;
  readonly units: readonly string[];
};

/** One culprit as summary.json and the report show it. */
export interface CulpritSummary {
  readonly service: string;
  readonly operation: string;
  readonly kind: string;
  readonly callPath: string;
  readonly workflow: string;
  readonly changeNs: number;
  readonly share: number;
  readonly p: number;
  readonly traces: number;
  readonly exemplars: { readonly before: readonly string[]; readonly after: readonly string[] };
}

export interface DiagnosisSummary {
  readonly tracesBefore: number;
  readonly tracesAfter: number;
  /** Components best first (empty when nothing changed): the diagnosis's answer. */
  readonly ranking: readonly RankingSummary[];
  readonly meanChangeNs: number;
  readonly culprits: readonly CulpritSummary[];
  readonly operations: Diagnosis["operations"];
  readonly workflowsChanged: readonly { readonly workflow: string; readonly changeNs: number; readonly p: number }[];
  readonly structuralChanges: number;
  /** Error origins that became more common, largest growth first. */
  readonly errors: readonly ErrorCulpritSummary[];
}

/** One error origin as summary.json and the report show it. */
export interface ErrorCulpritSummary {
  readonly service: string;
  readonly operation: string;
  readonly reportedBy: readonly string[];
  readonly rateBefore: number;
  readonly rateAfter: number;
  readonly p: number;
  readonly traces: number;
  readonly exemplars: readonly string[];
}

/** Rounds ns to whole ns and shares/p-values to 4 significant digits, so the JSON stays readable. */
export function summarizeDiagnosis(d: Diagnosis, top = 5): DiagnosisSummary {
  const sig = (x: number) => (x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(4)));
  return {
    tracesBefore: d.before.traces,
    tracesAfter: d.after.traces,
    ranking: d.ranking.slice(0, top).map((e) => rankingSummary(e, sig)),
    meanChangeNs: Math.round(d.meanChangeNs),
    culprits: d.culprits.slice(0, top).map((c) => ({
      service: c.service,
      operation: c.operation,
      kind: c.kind,
      callPath: c.callPath,
      workflow: c.workflow,
      changeNs: Math.round(c.changeNs),
      share: sig(c.share),
      p: sig(c.adjustedP),
      traces: c.tracesAfter,
      exemplars: c.exemplars,
    })),
    operations: d.operations.map((o) => ({ ...o, changeNs: Math.round(o.changeNs), share: sig(o.share) })),
    workflowsChanged: d.workflows.filter((w) => w.significant).map((w) => ({ workflow: w.workflow, changeNs: Math.round(w.changeNs), p: sig(w.adjustedP) })),
    structuralChanges: d.structuralChanges.length,
    errors: d.errors.slice(0, top).map((e) => ({
      service: e.service,
      operation: e.operation,
      reportedBy: e.reportedBy,
      rateBefore: sig(e.rateBefore),
      rateAfter: sig(e.rateAfter),
      p: sig(e.adjustedP),
      traces: e.tracesAfter,
      exemplars: e.exemplars,
    })),
  };
}

function rankingSummary(e: RankingEntry, sig: (x: number) => number): RankingSummary {
  const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;
  const addedMs: Record<string, number> = {};
  for (const [k, ns] of Object.entries(e.evidence.addedNs)) if (ns > 0) addedMs[k] = ms(ns);
  return {
    rank: e.rank,
    ...e.component,
    evidence: e.evidence.dominant,
    addedMs,
    ...(e.evidence.errorRate > 0 ? { errorRate: sig(e.evidence.errorRate) } : {}),
    ...(e.evidence.clockShiftNs === undefined ? {} : { clockShiftMs: ms(e.evidence.clockShiftNs) }),
    ...(e.evidence.stoppedNs === undefined ? {} : { stoppedMs: ms(e.evidence.stoppedNs) }),
    effect: sig(e.impact),
    score: sig(e.score),
    p: sig(e.adjustedP),
    units: e.units,
  };
}
