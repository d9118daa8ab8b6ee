// Diagnosis: compare two sets of traces and name the critical-path segments that account for
// the change in response time.
//
// Why critical-path exclusive time and not span durations: a parent's span contains its
// children's, so when Keystone's token validation slows, Horizon's span grows by as much and
// a "largest span duration increase" ranking blames Horizon. Exclusive critical-path time
// moves only where the time was actually spent, and the segments' changes add up to the
// response-time change, so each culprit's share of the change is meaningful.
import type { SpanRecord, Trace } from "../../model/types.ts";
import { ReconstructionError } from "../reconstruct/index.ts";
import { adjust, byString, groupByWorkflow, groupChanges, segmentTests, workflowChanges } from "./compare.ts";
import type { SegmentTest, Settings, WorkflowWindows } from "./compare.ts";
import { profileTrace } from "./profile.ts";
import type { ProfileOptions, SegmentCatalog, ShapeCatalog, TraceProfile } from "./profile.ts";
import { errorCulprits } from "./errors.ts";
import type { ErrorCatalog, ErrorSettings } from "./errors.ts";
import { shapeChanges } from "./structure.ts";
import type { UnitCatalog } from "./evidence.ts";
import { clockEntries, clockShifts, movedClocks } from "./clock.ts";
import { EvidenceBuilder } from "./evidence.ts";
import { meanResponse, mergeRankings, rankComponents } from "./ranking.ts";
import type { RankingEntry } from "./ranking.ts";
import type { Culprit, DiagnoseOptions, Diagnosis, OperationCulprit, WindowSummary } from "./types.ts";

export interface ProfiledWindow {
  readonly profiles: readonly TraceProfile[];
  readonly skipped: number;
  /** Why traces were skipped (the first few), e.g. a trace whose parent edges form a cycle. */
  readonly problems: readonly string[];
}

const MAX_PROBLEMS = 5;

/** Profiles a window's traces (reconstruction and critical path once per trace). */
export function profileWindow(traces: readonly Trace[], catalogs: Catalogs, options: ProfileOptions = {}): ProfiledWindow {
  const profiles: TraceProfile[] = [];
  const problems: string[] = [];
  let skipped = 0;
  for (const t of traces) {
    let p: TraceProfile | undefined;
    try {
      p = profileTrace(t, catalogs.segments, catalogs.shapes, options, catalogs.errors, catalogs.units);
      if (p === undefined && problems.length < MAX_PROBLEMS) problems.push(`trace ${t.traceId}: no root span`);
    } catch (error) {
      if (!(error instanceof ReconstructionError)) throw error;
      if (problems.length < MAX_PROBLEMS) problems.push(error.message);
    }
    if (p === undefined) skipped++;
    else profiles.push(p);
  }
  return { profiles, skipped, problems };
}

export interface Catalogs {
  readonly segments: SegmentCatalog;
  readonly shapes: ShapeCatalog;
  readonly errors: ErrorCatalog;
  readonly units: UnitCatalog;
}

export const newCatalogs = (): Catalogs => ({ segments: new Map(), shapes: new Map(), errors: new Map(), units: new Map() });

/** Compares two sets of traces (two runs, two files). */
export function diagnose(before: readonly Trace[], after: readonly Trace[], options: DiagnoseOptions = {}): Diagnosis {
  const catalogs = newCatalogs();
  return diagnoseProfiles(profileWindow(before, catalogs, options), profileWindow(after, catalogs, options), catalogs, options);
}

/**
 * A request of the window before `at` as it stood at `at`: one still running then met whatever
 * changed at `at`, so only what it did before counts. Spans started later are left out, and so
 * are the messages then on their way (their callee started later: neither taken nor lost yet);
 * spans still running end at `at`, without the status they ended with; the request has not
 * failed. Choosing the requests over by `at` instead would leave out the long ones that started
 * near it, and make the window before look faster than it was.
 */
export function asOf(p: TraceProfile, at: number, units: UnitCatalog): TraceProfile {
  if (p.start + p.duration <= at) return p;
  const inFlight = new Set<string>();
  for (const s of p.spans) if (s.start >= at && (s.kind === "server" || s.kind === "consumer") && s.parentSpanId !== undefined) inFlight.add(s.parentSpanId);
  const spans: SpanRecord[] = [];
  for (const s of p.spans) {
    if (s.start >= at || inFlight.has(s.spanId)) continue;
    spans.push(s.end <= at ? s : { ...s, end: at, status: { code: "unset" } });
  }
  return { ...p, duration: at - p.start, failed: false, evidence: new EvidenceBuilder(units).evidence(spans), spans };
}

/** Compares the traces whose root started before `splitAt` (host-clock ns), as they stood then, with the rest. */
export function diagnoseSplit(traces: readonly Trace[], splitAt: number, options: DiagnoseOptions = {}): Diagnosis {
  const catalogs = newCatalogs();
  const all = profileWindow(traces, catalogs, options);
  const before = all.profiles.filter((p) => p.start < splitAt).map((p) => asOf(p, splitAt, catalogs.units));
  const after = all.profiles.filter((p) => p.start >= splitAt);
  return diagnoseProfiles({ profiles: before, skipped: all.skipped, problems: all.problems }, { profiles: after, skipped: 0, problems: [] }, catalogs, options);
}

export function diagnoseProfiles(before: ProfiledWindow, after: ProfiledWindow, catalogs: Catalogs, options: DiagnoseOptions = {}): Diagnosis {
  const settings: ErrorSettings = {
    alpha: options.alpha ?? 0.01,
    correction: options.correction ?? "bh",
    test: options.test ?? "mann-whitney",
    minRelativeChange: options.minRelativeChange ?? 0.02,
    minShare: options.minShare ?? 0.05,
    minErrorRateChange: options.minErrorRateChange ?? 0.01,
  };
  // Latency comparisons read the requests that succeeded; the ranking and the error origins read all.
  const windows = groupByWorkflow(before.profiles.filter((p) => !p.failed), after.profiles.filter((p) => !p.failed));
  const workflows = workflowChanges(settings, windows);
  const groups = groupChanges(settings, windows);
  const tests = segmentTests(settings, windows);
  const adjusted = adjust(settings, tests.map((t) => t.p));
  // The change to explain: workflows whose response time changed significantly. Noise in the
  // others (a handful of multi-second requests) would otherwise swamp or offset it.
  let totalChangeNs = 0;
  let afterCount = 0;
  const changed = new Set<string>();
  for (const w of workflows) {
    if (!w.significant) continue;
    changed.add(w.workflow);
    totalChangeNs += w.changeNs * w.after.count;
    afterCount += w.after.count;
  }
  const all = rankCulprits(settings, windows.filter((w) => changed.has(w.workflow)), tests, adjusted, totalChangeNs, catalogs.segments, options);
  const culprits = all.slice(0, options.top ?? 10);
  return {
    before: summary(before),
    after: summary(after),
    totalChangeNs,
    meanChangeNs: afterCount === 0 ? 0 : totalChangeNs / afterCount,
    workflows,
    groups,
    culprits,
    operations: byOperation(all, windows, afterCount, totalChangeNs),
    structuralChanges: shapeChanges(settings, windows, catalogs.shapes, options.exemplars ?? 2),
    errors: errorCulprits(settings, before.profiles, after.profiles, catalogs.errors, options.exemplars ?? 2),
    segmentsTested: tests.length,
    ranking: componentRanking(settings, options, catalogs, before.profiles, after.profiles),
    settings,
  };
}

function rankCulprits(
  settings: Settings,
  windows: readonly WorkflowWindows[],
  tests: readonly SegmentTest[],
  adjusted: readonly number[],
  totalChangeNs: number,
  catalog: SegmentCatalog,
  options: DiagnoseOptions,
): Culprit[] {
  if (totalChangeNs === 0) return [];
  const byWorkflow = new Map(windows.map((w) => [w.workflow, w]));
  const baseline = new Map(windows.map((w) => [w.workflow, w.before.reduce((s, p) => s + p.duration, 0) / Math.max(1, w.before.length)]));
  const found: Omit<Culprit, "rank">[] = [];
  tests.forEach((t, i) => {
    const w = byWorkflow.get(t.workflow);
    if (w === undefined) return;
    const changeNs = t.meanAfter - t.meanBefore;
    const share = (changeNs * w.after.length) / totalChangeNs;
    if (adjusted[i]! > settings.alpha || share < settings.minShare) return;
    if (Math.abs(changeNs) < settings.minRelativeChange * baseline.get(t.workflow)!) return;
    const info = catalog.get(t.key)!;
    found.push({
      service: info.service,
      operation: info.operation,
      callPath: info.callPath,
      kind: info.kind,
      workflow: t.workflow,
      beforeNs: t.meanBefore,
      afterNs: t.meanAfter,
      changeNs,
      share,
      p: t.p,
      adjustedP: adjusted[i]!,
      tracesBefore: t.presentBefore,
      tracesAfter: t.presentAfter,
      exemplars: { before: exemplarsOf(w.before, t.key, options.exemplars ?? 2), after: exemplarsOf(w.after, t.key, options.exemplars ?? 2) },
    });
  });
  found.sort((a, b) => b.share - a.share || byString(a.workflow, b.workflow) || byString(a.callPath, b.callPath) || byString(a.kind, b.kind));
  return found.map((c, i) => ({ rank: i + 1, ...c }));
}

function byOperation(culprits: readonly Culprit[], windows: readonly WorkflowWindows[], afterCount: number, totalChangeNs: number): OperationCulprit[] {
  const afterOf = new Map(windows.map((w) => [w.workflow, w.after.length]));
  const acc = new Map<string, { service: string; operation: string; kind: Culprit["kind"]; total: number; callPaths: number }>();
  for (const c of culprits) {
    const key = `${c.service}\u0000${c.operation}\u0000${c.kind}`;
    const contribution = c.changeNs * afterOf.get(c.workflow)!;
    const a = acc.get(key);
    if (a) {
      a.total += contribution;
      a.callPaths++;
    } else acc.set(key, { service: c.service, operation: c.operation, kind: c.kind, total: contribution, callPaths: 1 });
  }
  return [...acc.values()]
    .map((a) => ({ service: a.service, operation: a.operation, kind: a.kind, changeNs: a.total / Math.max(1, afterCount), share: a.total / totalChangeNs, callPaths: a.callPaths }))
    .sort((x, y) => y.share - x.share || byString(x.service, y.service) || byString(x.operation, y.operation) || byString(x.kind, y.kind));
}

/** The trace at the median of the segment's time, then the one at its maximum. */
function exemplarsOf(profiles: readonly TraceProfile[], key: string, count: number): string[] {
  const having = profiles
    .filter((p) => p.segments.has(key))
    .sort((a, b) => a.segments.get(key)! - b.segments.get(key)! || byString(a.traceId, b.traceId));
  if (having.length === 0) return [];
  const picks = [having[(having.length - 1) >> 1]!, having[having.length - 1]!];
  for (let i = having.length - 2; picks.length < count && i >= 0; i--) picks.push(having[i]!);
  return [...new Set(picks.map((p) => p.traceId))].slice(0, count);
}

function summary(w: ProfiledWindow): WindowSummary {
  let firstStart = Number.POSITIVE_INFINITY;
  let lastStart = Number.NEGATIVE_INFINITY;
  for (const p of w.profiles) {
    if (p.start < firstStart) firstStart = p.start;
    if (p.start > lastStart) lastStart = p.start;
  }
  return {
    traces: w.profiles.length,
    skipped: w.skipped,
    problems: w.problems,
    partial: w.profiles.filter((p) => p.partial).length,
    ...(w.profiles.length === 0 ? {} : { firstStart, lastStart }),
  };
}

/**
 * Components best first: hosts whose clocks moved (whose timestamps are then corrected before
 * anything else is read from them), and the components that cover the rest of the change.
 */
function componentRanking(settings: ErrorSettings, options: DiagnoseOptions, catalogs: Catalogs, before: readonly TraceProfile[], after: readonly TraceProfile[]): RankingEntry[] {
  const moved = movedClocks(
    clockShifts(
      { alpha: settings.alpha, correction: settings.correction, minShiftNs: options.minClockShiftNs ?? 250e3 },
      before.map((p) => p.clock),
      after.map((p) => p.clock),
    ),
  );
  let corrected = after;
  if (moved.length > 0) {
    const shifts = new Map(moved.map((m) => [m.host, m.shiftNs]));
    const builder = new EvidenceBuilder(catalogs.units);
    corrected = after.map((p) => ({ ...p, evidence: builder.evidence(p.spans, shifts) }));
  }
  const rest = rankComponents(
    { alpha: options.rankingAlpha ?? 0.05, correction: settings.correction, screen: options.screen ?? 0.05, minUnitChange: options.minUnitChange ?? 0.1, minImpact: options.minImpact ?? 0.005, minErrorRateChange: settings.minErrorRateChange, minImpactOnCrossing: options.minImpactOnCrossing ?? 0.05 },
    catalogs.units,
    before,
    corrected,
  );
  return mergeRankings(clockEntries(moved, meanResponse(before)), rest);
}
