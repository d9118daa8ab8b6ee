// The statistical comparison of two windows of profiled traces: per workflow, per
// (workflow, shape) group and per critical-path segment, with multiple-testing correction.
import { benjaminiHochberg, holm, kolmogorovSmirnov, mannWhitneyU, mean, quantile, twoProportionTest } from "../stats/index.ts";
import type { TraceProfile } from "./profile.ts";
import type { DurationStats, GroupChange, WorkflowChange } from "./types.ts";

export interface Settings {
  readonly alpha: number;
  readonly correction: "bh" | "holm";
  readonly test: "mann-whitney" | "ks";
  readonly minRelativeChange: number;
  readonly minShare: number;
}

export interface WorkflowWindows {
  readonly workflow: string;
  readonly before: readonly TraceProfile[];
  readonly after: readonly TraceProfile[];
}

export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function pValue(settings: Settings, after: readonly number[], before: readonly number[]): number {
  return settings.test === "ks" ? kolmogorovSmirnov(after, before).p : mannWhitneyU(after, before).p;
}

export function adjust(settings: Settings, p: readonly number[]): number[] {
  return settings.correction === "holm" ? holm(p) : benjaminiHochberg(p);
}

export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { count: 0, meanNs: 0, p50Ns: 0, p95Ns: 0 };
  return { count: values.length, meanNs: mean(values), p50Ns: quantile(values, 0.5), p95Ns: quantile(values, 0.95) };
}

export function groupByWorkflow(before: readonly TraceProfile[], after: readonly TraceProfile[]): WorkflowWindows[] {
  const map = new Map<string, { before: TraceProfile[]; after: TraceProfile[] }>();
  const slot = (w: string) => {
    let s = map.get(w);
    if (!s) map.set(w, (s = { before: [], after: [] }));
    return s;
  };
  for (const p of before) slot(p.workflow).before.push(p);
  for (const p of after) slot(p.workflow).after.push(p);
  return [...map]
    .sort((a, b) => byString(a[0], b[0]))
    .map(([workflow, w]) => ({ workflow, before: w.before, after: w.after }));
}

const durations = (ps: readonly TraceProfile[]) => ps.map((p) => p.duration);

export function workflowChanges(settings: Settings, windows: readonly WorkflowWindows[]): WorkflowChange[] {
  const rows = windows.map((w) => {
    const b = durations(w.before);
    const a = durations(w.after);
    const before = durationStats(b);
    const after = durationStats(a);
    return { workflow: w.workflow, before, after, changeNs: after.meanNs - before.meanNs, p: pValue(settings, a, b) };
  });
  const adjusted = adjust(settings, rows.map((r) => r.p));
  return rows.map((r, i) => ({ ...r, adjustedP: adjusted[i]!, significant: adjusted[i]! <= settings.alpha && r.before.count > 0 && r.after.count > 0 }));
}

export function groupChanges(settings: Settings, windows: readonly WorkflowWindows[]): GroupChange[] {
  const rows: Omit<GroupChange, "adjustedP" | "significant">[] = [];
  for (const w of windows) {
    const shapes = new Map<string, { b: number[]; a: number[] }>();
    const slot = (s: string) => {
      let x = shapes.get(s);
      if (!x) shapes.set(s, (x = { b: [], a: [] }));
      return x;
    };
    for (const p of w.before) slot(p.shape).b.push(p.duration);
    for (const p of w.after) slot(p.shape).a.push(p.duration);
    for (const [shape, { b, a }] of [...shapes].sort((x, y) => byString(x[0], y[0]))) {
      if (b.length < 2 || a.length < 2) continue;
      const before = durationStats(b);
      const after = durationStats(a);
      rows.push({ workflow: w.workflow, shape, before, after, changeNs: after.meanNs - before.meanNs, p: pValue(settings, a, b) });
    }
  }
  const adjusted = adjust(settings, rows.map((r) => r.p));
  return rows.map((r, i) => ({ ...r, adjustedP: adjusted[i]!, significant: adjusted[i]! <= settings.alpha }));
}

export interface SegmentTest {
  readonly workflow: string;
  readonly key: string;
  /** Traces of the workflow whose critical path crosses the segment, per window. */
  readonly presentBefore: number;
  readonly presentAfter: number;
  /** Mean segment time per trace of the workflow (0 where absent). */
  readonly meanBefore: number;
  readonly meanAfter: number;
  readonly p: number;
}

/**
 * Every segment of every workflow. A segment can change in two ways: its time where it occurs
 * (rank test over the traces that have it) or how often it occurs (proportion test, e.g. more
 * cache misses reaching Keystone); p is the Bonferroni combination of the two. The means count
 * 0 where a trace's path does not cross the segment, so they add up to the response time.
 */
export function segmentTests(settings: Settings, windows: readonly WorkflowWindows[]): SegmentTest[] {
  const out: SegmentTest[] = [];
  for (const w of windows) {
    if (w.before.length === 0 || w.after.length === 0) continue;
    const inBefore = bySegment(w.before);
    const inAfter = bySegment(w.after);
    const keys = new Set([...inBefore.keys(), ...inAfter.keys()]);
    for (const key of [...keys].sort(byString)) {
      const before = inBefore.get(key) ?? [];
      const after = inAfter.get(key) ?? [];
      const pTime = before.length > 0 && after.length > 0 && !allEqual(before, after) ? pValue(settings, after, before) : 1;
      const pCount = twoProportionTest(after.length, w.after.length, before.length, w.before.length).p;
      out.push({
        workflow: w.workflow,
        key,
        presentBefore: before.length,
        presentAfter: after.length,
        meanBefore: sum(before) / w.before.length,
        meanAfter: sum(after) / w.after.length,
        p: Math.min(1, 2 * Math.min(pTime, pCount)),
      });
    }
  }
  return out;
}

/** Each segment's times over the traces that have it, in trace order. */
function bySegment(profiles: readonly TraceProfile[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const p of profiles) {
    for (const [key, t] of p.segments) {
      const list = out.get(key);
      if (list) list.push(t);
      else out.set(key, [t]);
    }
  }
  return out;
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function allEqual(a: readonly number[], b: readonly number[]): boolean {
  const v = a.length > 0 ? a[0] : b[0];
  for (const x of a) if (x !== v) return false;
  for (const x of b) if (x !== v) return false;
  return true;
}
