// summary.json: what a run measured, in a fixed layout and fixed number formats so the same
// scenario and seed give the same bytes (times in ns are integers; latencies in ms are
// rounded to the microsecond).
import type { Aggregates } from "./aggregate.ts";
import type { Histogram } from "./histogram.ts";

export const PERCENTILES = [50, 90, 95, 99] as const;

/** ns → ms rounded to the µs, the resolution every latency in the summary has. */
export function ms(ns: number): number {
  return Math.round(ns / 1e3) / 1e3;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencySummary(h: Histogram): LatencySummary {
  if (h.count === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  return {
    count: h.count,
    mean: ms(h.sum / h.count),
    p50: ms(h.percentile(50)),
    p90: ms(h.percentile(90)),
    p95: ms(h.percentile(95)),
    p99: ms(h.percentile(99)),
    max: ms(h.max),
  };
}

export interface RequestsSummary {
  issued: number;
  completed: number;
  ok: number;
  failed: number;
  unfinished: number;
}

export function requestsSection(agg: Aggregates): Record<string, RequestsSummary> {
  const out: Record<string, RequestsSummary> = {};
  for (const wf of agg.workflows()) {
    const c = agg.counts.get(wf)!;
    out[wf] = { issued: c.issued, completed: c.completed, ok: c.ok, failed: c.failed, unfinished: c.issued - c.completed };
  }
  return out;
}

export function latencySection(agg: Aggregates): Record<string, Record<string, LatencySummary>> {
  const out: Record<string, Record<string, LatencySummary>> = {};
  for (const wf of agg.workflows()) {
    const byPeriod: Record<string, LatencySummary> = {};
    agg.periods.forEach((p, i) => {
      byPeriod[p.name] = latencySummary(agg.histogram(wf, i)!);
    });
    out[wf] = byPeriod;
  }
  return out;
}

export function errorsSection(agg: Aggregates): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const wf of [...agg.errors.keys()].sort()) {
    const errs = agg.errors.get(wf)!;
    const sorted: Record<string, number> = {};
    for (const k of [...errs.keys()].sort()) sorted[k] = errs.get(k)!;
    out[wf] = sorted;
  }
  return out;
}

/** Per workflow, per timeline step: [requests, p50 ms, p99 ms] of requests started in that step. */
export function timelineSection(agg: Aggregates): { stepNs: number; workflows: Record<string, [number, number, number][]> } {
  const workflows: Record<string, [number, number, number][]> = {};
  for (const wf of agg.workflows()) {
    workflows[wf] = agg.timelineOf(wf).map((h) => [h.count, ms(h.count === 0 ? 0 : h.percentile(50)), ms(h.count === 0 ? 0 : h.percentile(99))]);
  }
  return { stepNs: agg.timelineStep, workflows };
}

/** The summary as bytes: two-space JSON with a final newline. Key order is construction order. */
export function summaryBytes(summary: unknown): string {
  return JSON.stringify(summary, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
