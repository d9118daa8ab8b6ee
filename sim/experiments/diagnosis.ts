// Diagnosis with a preset's traces: profile every trace once, then ask diagnose to compare
// the windows before and after the fault start with more and more traces per window, and
// record the fewest with which its top culprit is the ground truth's service (and stays so
// for every larger count tried).
import type { Trace } from "../../tracer/index.ts";
import { diagnoseProfiles, newCatalogs, profileWindow } from "../../tracer/analysis/diagnose/index.ts";
import type { TraceProfile } from "../../tracer/analysis/diagnose/index.ts";

export const TRACE_LADDER: readonly number[] = [5, 10, 20, 40, 80, 160, 320, 640];

export interface DiagnosisResult {
  tracesBefore: number;
  tracesAfter: number;
  /** The top culprit with every trace: "service operation", or "" when none. */
  topCulprit: string;
  named: boolean;
  /** Fewest traces per window with which the truth is named (null: never). */
  tracesNeeded: number | null;
}

/** `count` of `items` spread evenly (first, last and equal steps between), in order. */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(items[Math.floor((i * (items.length - 1)) / Math.max(1, count - 1))]!);
  return out;
}

/** Compares traces whose root started in [from, splitAt) with those that started at or after `after`. */
export function diagnoseWithTraces(traces: readonly Trace[], from: number, splitAt: number, after: number, truthService: string): DiagnosisResult {
  const catalogs = newCatalogs();
  const all = profileWindow(traces, catalogs);
  const byStart = (a: TraceProfile, b: TraceProfile) => a.start - b.start || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0);
  const before = all.profiles.filter((p) => p.start >= from && p.start < splitAt).sort(byStart);
  // Compare with the fault well under way, where a growing fault shows.
  const later = all.profiles.filter((p) => p.start >= after).sort(byStart);
  const top = (b: readonly TraceProfile[], a: readonly TraceProfile[]): string => {
    const d = diagnoseProfiles({ ...all, profiles: b, skipped: 0 }, { ...all, profiles: a, skipped: 0 }, catalogs);
    const c = d.operations[0];
    return c === undefined ? "" : `${c.service} ${c.operation}`;
  };
  const isTruth = (name: string) => name.split(" ")[0] === truthService;
  const topCulprit = before.length > 0 && later.length > 0 ? top(before, later) : "";
  let tracesNeeded: number | null = null;
  const ladder = TRACE_LADDER.filter((k) => k < Math.min(before.length, later.length));
  for (let i = ladder.length - 1; i >= 0; i--) {
    const k = ladder[i]!;
    if (!isTruth(top(spread(before, k), spread(later, k)))) break;
    tracesNeeded = k;
  }
  if (tracesNeeded === null && isTruth(topCulprit)) tracesNeeded = Math.min(before.length, later.length);
  return { tracesBefore: before.length, tracesAfter: later.length, topCulprit, named: isTruth(topCulprit), tracesNeeded };
}
