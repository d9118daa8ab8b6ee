// Assembles summary.json from a finished run.
import { formatNs } from "../scenario/duration.ts";
import type { AccountingSummary } from "../../tracer/collect/index.ts";
import type { QueryResult } from "../../tracer/pivot/index.ts";
import { diagnoseRun } from "./diagnosis.ts";
import { Histogram } from "./histogram.ts";
import type { ExpectedCulprit, RunDiagnosis } from "./diagnosis.ts";
import type { RankingSummary } from "../../tracer/analysis/diagnose/index.ts";
import type { ScenarioRun } from "./runner.ts";
import type { LatencySummary, RequestsSummary } from "./summary.ts";
import type { SecuritySummary } from "./security.ts";
import type { SpanStats } from "./spans.ts";
import { serverSpanSection } from "./spans.ts";
import { errorsSection, latencySection, ms, requestsSection, timelineSection } from "./summary.ts";


export interface SloResult {
  workflow: string;
  percentile: number;
  period: string;
  maxMs: number;
  actualMs: number | null;
  met: boolean | null;
}

export interface Summary {
  scenario: { name: string; description: string; sourceHash: string };
  seed: string | number;
  durationNs: number;
  warmupNs: number;
  periods: { name: string; startNs: number; endNs: number }[];
  requests: Record<string, RequestsSummary>;
  latencyMs: Record<string, Record<string, LatencySummary>>;
  errors: Record<string, Record<string, number>>;
  /** Server-span durations (ms) per "[service] operation" and period, from the kept traces. */
  serverSpansMs: Record<string, Record<string, SpanStats>>;
  timeline: { stepNs: number; workflows: Record<string, [number, number, number][]> };
  tracer: {
    enabled: boolean;
    preset: string;
    model: string;
    metadata: string;
    propagation: string;
    sampler: string;
    collection: string;
    accounting: AccountingSummary;
    /** Refused triggers by reason and rejected propagation headers by format (sim/run/security.ts). */
    security: SecuritySummary;
    /** Pivot Tracing queries' results, when the tracer configuration has queries. */
    queries?: QueryResult[];
  };
  faults: {
    id: string | null;
    kind: string;
    target: Record<string, unknown>;
    startNs: number;
    endNs: number;
    params: Record<string, unknown>;
    resolved: Record<string, readonly string[]>;
    /** What the fault hit, as components a diagnosis names (sim/faults/components.ts; score with faultComponents). */
    components: readonly Readonly<Record<string, string>>[];
  }[];
  expect: { culprits: ExpectedCulprit[]; noCulprit: boolean; slo: SloResult[] };
  /** Before vs during the faults (a fault-free run: the steady period's halves); see diagnosis.ts. */
  diagnosis?: RunDiagnosis;
  kernel: { events: number; endNs: number; eventLogHash: string };
}

function sloResults(run: ScenarioRun): SloResult[] {
  return run.scenario.expect.slo.map((o) => {
    // An SLO over "all" is judged on every request after the warm-up.
    const merged = new Histogram();
    run.periods.forEach((p, i) => {
      if (o.period === "all" ? p.name !== "warmup" : p.name === o.period) {
        const h = run.aggregates.histogram(o.workflow, i);
        if (h !== undefined) merged.merge(h);
      }
    });
    const actual = merged.count === 0 ? null : ms(merged.percentile(o.percentile));
    return { workflow: o.workflow, percentile: o.percentile, period: o.period, maxMs: ms(o.max), actualMs: actual, met: actual === null ? null : actual <= ms(o.max) };
  });
}

export function buildSummary(run: ScenarioRun, diagnosis: Summary["diagnosis"] | null = diagnoseRun(run) ?? null): Summary {
  const s = run.scenario;
  const t = run.tracerConfig;
  const latencyMs = latencySection(run.aggregates);
  const summary: Summary = {
    scenario: { name: s.name, description: s.description, sourceHash: s.sourceHash },
    seed: run.seed,
    durationNs: s.duration,
    warmupNs: s.warmup,
    periods: run.periods.map((p) => ({ name: p.name, startNs: p.start, endNs: p.end })),
    requests: requestsSection(run.aggregates),
    latencyMs,
    errors: errorsSection(run.aggregates),
    serverSpansMs: serverSpanSection(run.keptTraces("ok"), run.periods.map((p) => p.name)),
    timeline: timelineSection(run.aggregates),
    tracer: {
      enabled: t.enabled,
      preset: t.preset,
      model: t.model,
      metadata: t.metadata,
      propagation: t.propagation,
      sampler: t.sampler.type,
      collection: t.collection.mode,
      accounting: run.tracing.accounting(),
      security: run.tracing.security(),
    },
    faults: run.faults.map((f) => ({
      id: f.id ?? null,
      kind: f.kind,
      target: { ...f.target },
      startNs: f.start,
      endNs: f.end,
      params: { ...f.params },
      resolved: { ...f.resolved },
      components: (f.components ?? []).map((c) => ({ ...c })),
    })),
    expect: { culprits: s.expect.culprits.map((c) => ({ ...c })), noCulprit: s.expect.noCulprit, slo: sloResults(run) },
    kernel: { events: run.sim.eventLog.count, endNs: run.sim.now, eventLogHash: run.sim.eventLog.hash() },
  };
  const queries = run.tracing.queryResults();
  if (queries.length > 0) summary.tracer.queries = queries;
  if (diagnosis !== null) summary.diagnosis = diagnosis;
  return summary;
}

/** One ranked component in words: what, the evidence that weighs most, its size and significance. */
export function rankingLine(e: RankingSummary): string {
  return `${rankingName(e)} (${e.evidence}): ${rankingDetail(e)}, score ${e.score}, p=${e.p}`;
}

/** A ranked component's figures in words. */
export function rankingDetail(e: RankingSummary): string {
  const added = Object.entries(e.addedMs).map(([k, v]) => `${k} +${v} ms`).join(", ");
  const parts: string[] = [];
  if (e.clockShiftMs !== undefined) parts.push(`clock moved ${e.clockShiftMs > 0 ? "+" : ""}${e.clockShiftMs} ms`);
  if (added !== "") parts.push(`${added} per request`);
  if (e.errorRate !== undefined) parts.push(`errors +${(e.errorRate * 100).toFixed(1)}% of requests`);
  if (e.stoppedMs !== undefined) parts.push(`stopped: ${e.stoppedMs} ms of work per request no longer done`);
  return parts.join("; ");
}

/** `operation keystone.validate_token`, `instance keystone-1 (keystone on controller-1)`, `link a<->b`. */
export function rankingName(e: RankingSummary): string {
  switch (e.kind) {
    case "operation":
      return `operation ${e.service}.${e.operation}`;
    case "instance":
      return `instance ${e.instance} (${e.service} on ${e.host})`;
    case "service":
    case "dependency":
      return `${e.kind} ${e.service}`;
    case "host":
    case "clock":
      return `${e.kind} ${e.host}`;
    case "link":
      return `link ${e.link}`;
    case "queue":
      return `queue ${e.queue}`;
  }
}

/** The human summary printed on stdout. */
export function humanSummary(summary: Summary): string {
  const lines: string[] = [];
  lines.push(`${summary.scenario.name} (seed ${summary.seed}): ${formatNs(summary.durationNs)} simulated, ${summary.kernel.events} kernel events`);
  const periods = summary.periods.filter((p) => p.name !== "warmup").map((p) => p.name);
  const wfWidth = Math.max(8, ...Object.keys(summary.requests).map((w) => w.length));
  lines.push("");
  lines.push(`${"workflow".padEnd(wfWidth)}  ${"requests".padStart(8)}  ${"failed".padStart(6)}  ${periods.map((p) => `${p} p50/p99 ms`.padStart(22)).join("  ")}`);
  for (const [wf, r] of Object.entries(summary.requests)) {
    const cells = periods.map((p) => {
      const l = summary.latencyMs[wf]?.[p];
      return (l === undefined || l.count === 0 ? "-" : `${l.p50.toFixed(1)} / ${l.p99.toFixed(1)}`).padStart(22);
    });
    lines.push(`${wf.padEnd(wfWidth)}  ${String(r.issued).padStart(8)}  ${String(r.failed).padStart(6)}  ${cells.join("  ")}`);
  }
  const a = summary.tracer.accounting;
  const dropped = Object.entries(a.dropped).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ");
  lines.push("");
  lines.push(
    summary.tracer.enabled
      ? `tracer ${summary.tracer.preset} (${summary.tracer.model}, ${summary.tracer.metadata}): ${a.tracePoints} trace points, ${a.notSampled} not sampled, ${a.emitted} emitted, ${a.stored} stored, dropped: ${dropped === "" ? "none" : dropped}`
      : "tracer off",
  );
  const sec = summary.tracer.security;
  const rejected = Object.entries(sec.rejectedHeaders).flatMap(([format, reasons]) => Object.entries(reasons).map(([reason, n]) => `${format} ${reason} ${n}`));
  const refused = Object.entries(sec.triggers?.refused ?? {}).filter(([, n]) => n > 0).map(([reason, n]) => `${reason} ${n}`);
  if (rejected.length > 0) lines.push(`rejected headers: ${rejected.join(", ")}`);
  if (refused.length > 0) lines.push(`refused triggers: ${refused.join(", ")}`);
  for (const q of summary.tracer.queries ?? []) {
    lines.push(`query ${q.name}: ${q.text}`);
    for (const r of q.rows.slice(0, 5)) lines.push(`  ${r.group}: ${r.count} × ${ms(r.totalNs / r.count)} ms = ${ms(r.totalNs)} ms`);
    if (q.rows.length > 5) lines.push(`  … ${q.rows.length - 5} more groups`);
    if (q.unjoined > 0) lines.push(`  (${q.unjoined} with no tuple joined)`);
  }
  for (const f of summary.faults) {
    lines.push(`fault ${f.kind} on ${JSON.stringify(f.target)} from ${formatNs(f.startNs)} to ${formatNs(f.endNs)}`);
  }
  for (const o of summary.expect.slo) {
    lines.push(`SLO ${o.workflow} p${o.percentile} <= ${o.maxMs} ms (${o.period}): ${o.met === null ? "no data" : o.met ? `met (${o.actualMs} ms)` : `MISSED (${o.actualMs} ms)`}`);
  }
  const d = summary.diagnosis;
  if (d !== undefined) {
    const head = `diagnosis (${d.compared.before} vs ${d.compared.after}, ${d.tracesBefore} + ${d.tracesAfter} traces)`;
    const verdict = d.expected === null ? "" : d.expected ? " — matches the scenario's ground truth" : " — does NOT match the scenario's ground truth";
    if (d.ranking.length === 0) lines.push(`${head}: nothing changed significantly${verdict}`);
    else {
      lines.push(`${head}${verdict}:`);
      d.ranking.slice(0, 3).forEach((e) => lines.push(`  ${e.rank}. ${rankingLine(e)}`));
    }
    const top = d.culprits[0];
    if (top !== undefined) {
      lines.push(`  critical path: [${top.service}] ${top.operation} (${top.kind}) in ${top.workflow}: ${top.changeNs >= 0 ? "+" : ""}${ms(top.changeNs)} ms per request, ${(top.share * 100).toFixed(0)}% of the change, p=${top.p}`);
      lines.push(`     call path: ${top.callPath}`);
    }
    if (d.errors.length > 0) lines.push("  error origins that became more common:");
    d.errors.slice(0, 3).forEach((e, i) => {
      lines.push(`  ${i + 1}. [${e.service}] ${e.operation}: in ${(e.rateBefore * 100).toFixed(0)}% → ${(e.rateAfter * 100).toFixed(0)}% of traces, p=${e.p}, reported by ${e.reportedBy.join(", ")}`);
    });
  }
  return lines.join("\n") + "\n";
}
