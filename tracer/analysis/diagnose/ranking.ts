// The ranking of components: which part of the system changed, named as specifically as the
// evidence allows.
//
// Two levels of evidence, tested on every trace that touches them, in every workflow and
// outcome, whether the request's latency moved or not:
//  - each unit (evidence.ts) is screened: did its time per span, how often traces cross it, or
//    the errors that start in it change (raw p-value at most `screen`), by enough to matter?
//    A unit that changed has an impact: its added time per request as a fraction of the mean
//    response time before, plus its added error-origin rate (a failed request counts as a
//    whole request lost — a choice that puts the two on one scale);
//  - lost messages (sent, and taken by no consumer or server) are tested message by message:
//    a healthy system loses none, so a unit or component that lost none before is compared
//    with every message of the window before (one that did, with its own); a unit that lost
//    significantly more changed, and its time and errors count with it;
//  - each component is tested on the sum of its units' time per trace, on how often traces
//    cross it, on the errors that start in it, on its lost messages, and on whether any one of
//    its units changed (Simes). Components that changed as a whole, none of their units alone,
//    lend their units that moved a fault's way an impact (adjusted across all components); so
//    do components where some units changed alone, when the rest of them, tested without
//    those, changed too and holds most of the change (its units lend only added time and
//    errors that matter as part of a whole: a tenth of the screen's floors). Only components
//    some changed unit points at and that stay significant after the false-discovery-rate
//    correction among them (Benjamini–Hochberg) are named.
// A component is then scored by how exactly it covers what changed: precision (its units'
// share of the whole impact, each unit's added or vanished time counted only down to the lower
// end of its one-sided 95% confidence interval, or to the time beyond every value before where
// significantly many went beyond it: a few builds of seconds that ran longer are mostly their
// own spread, every page 3 ms slower is not, nor a few calls held 10 s by a cut link) times
// recall (the share of its traffic — spans per request through its units — that changed). A
// component none of whose impact is sure is not named.
// An operation that alone slowed scores higher than its service, whose other operations did
// not; a service whose every operation slowed scores higher than any one of them; a link
// scores higher than the hosts at its ends when only the calls across it changed.
import { benjaminiHochberg, cochranMantelHaenszel, exceedanceTest, fisherGreater, holm, simes, vanElteren } from "../stats/index.ts";
import { byString } from "./compare.ts";
import { componentKey, componentsOf, destinationReaders, shareOf } from "./components.ts";
import type { Component, ComponentKind, LostShares } from "./components.ts";
import { TIME_KINDS } from "./evidence.ts";
import type { TimeKind, TraceEvidence, UnitCatalog, UnitInfo } from "./evidence.ts";

/** What the ranking needs of one profiled trace. */
export interface EvidenceProfile {
  readonly traceId: string;
  /** Tests compare traces of the same workflow (the root's `[service] operation`). */
  readonly workflow: string;
  readonly duration: number;
  /** Requests this trace stands for (a stratified sample's weight; 1 by default). */
  readonly weight: number;
  readonly evidence: TraceEvidence;
}

export interface RankingSettings {
  /** Components are named when their adjusted p-value is at most this. */
  readonly alpha: number;
  readonly correction: "bh" | "holm";
  /** A unit changed when a test of it gives a raw p-value at most this… */
  readonly screen: number;
  /** …its time per span grew by at least this fraction (or traces cross it that much more often)… */
  readonly minUnitChange: number;
  /** …and its added time is at least this fraction of the response time of the requests that cross it. */
  readonly minImpact: number;
  /** Or its error-origin rate grew by at least this much (absolute). */
  readonly minErrorRateChange: number;
  /**
   * A component is named when what changed in it is at least `minImpact` of the mean response
   * time of all requests, or when one of its units surely added at least this much to the
   * response time of the requests that met it (a rare operation ten times slower).
   */
  readonly minImpactOnCrossing: number;
}

/** What changed in a component, by kind of evidence. */
export interface ComponentEvidence {
  /** Added own time per request, ns, by how it was spent (its changed units only). */
  readonly addedNs: Readonly<Record<TimeKind, number>>;
  /** Added error-origin rate (fraction of requests). */
  readonly errorRate: number;
  /** Work per request it did before and no longer does, ns (a crashed or unreachable server's units that vanished). */
  readonly stoppedNs?: number;
  /** The evidence that weighs most: a time kind, "errors", "stopped" (work that vanished) or "clock" (a clock that moved). */
  readonly dominant: TimeKind | "errors" | "stopped" | "clock";
  /** A clock: how far it moved ahead (negative: behind), ns, and calls its timestamps put out of causal order (before → after). */
  readonly clockShiftNs?: number;
  readonly violations?: readonly [number, number];
}

export interface RankingEntry {
  readonly rank: number;
  readonly component: Component;
  /** precision × recall: how exactly the component covers what changed (precision weighs the sure part of each unit's added time). */
  readonly score: number;
  readonly precision: number;
  readonly recall: number;
  /** Σ impact of its changed units: added time per request / mean response time + added error rate. */
  readonly impact: number;
  readonly evidence: ComponentEvidence;
  /** The component's own test, adjusted across all components. */
  readonly adjustedP: number;
  /** Its changed units, largest impact first (at most five). */
  readonly units: readonly string[];
}

/** One unit's verdict: did it change, by how much, and how much of the system it stands for. */
export interface UnitChange {
  readonly unit: UnitInfo;
  /** Added own time per request / mean response time before, plus added error-origin rate (0 unless it changed). */
  readonly impact: number;
  /** How often it happens: spans (or transits) per request, the larger window's. */
  readonly traffic: number;
  readonly changed: boolean;
  /**
   * The impact it would have if its own tests were not required: what it adds when a component
   * it belongs to changed as a whole (its added time, error-origin rate and vanished work, each
   * counted only in the direction of a fault).
   */
  readonly potential: number;
  /**
   * That potential without the work that vanished (added time and errors only), where either
   * moved by enough to matter as part of a whole (a tenth of the screen's floors), though
   * perhaps not significantly; else 0.
   */
  readonly potentialAdded: number;
  /** Whether that potential holds added time, and the work per request that vanished (ns). */
  readonly potentialTime: boolean;
  readonly potentialStoppedNs: number;
  readonly timeChanged: boolean;
  /**
   * The parts of its impact that are not sure, from added time and from work that vanished: what
   * lies beyond the lower end of the change per request's one-sided 95% confidence interval
   * (added time beyond every value before, where significantly many values went beyond it, is
   * sure; so is the wait of a unit that lost messages).
   */
  readonly unsureTime: number;
  readonly unsureStopped: number;
  readonly errorChanged: boolean;
  /** Whether it lost significantly more messages (its time and errors then count as changed too). */
  readonly lossChanged: boolean;
  /** Raw p-values of its time (rank and presence tests, Bonferroni), error and lost-message tests (1: nothing lost). */
  readonly timeP: number;
  readonly errorP: number;
  readonly lossP: number;
  /** Added own time per request, ns, by kind (after − before). */
  /** Own time per request that vanished (0 unless the unit nearly stopped appearing), ns. */
  readonly stoppedNs: number;
  readonly addedNs: readonly number[];
  readonly errorRateBefore: number;
  readonly errorRateAfter: number;
  readonly perSpanBeforeNs: number;
  readonly perSpanAfterNs: number;
  /**
   * The sure part of the time it added (0 unless its time changed), as a share of the response
   * time of the requests that cross it: what the added time is to those who met it.
   */
  readonly sureShareOfCrossing: number;
  /** Spans (or transits) charged to it per request, before and after. */
  readonly spansBefore: number;
  readonly spansAfter: number;
  /** Messages sent through it before and after (unweighted; 0 unless it is a message), and lost of them after. */
  readonly messagesBefore: number;
  readonly messagesAfter: number;
  readonly lostAfter: number;
}

interface Window {
  readonly profiles: readonly EvidenceProfile[];
  /** Σ weights: the requests the window stands for. */
  readonly requests: number;
  /** Traces per workflow. */
  readonly traces: ReadonlyMap<string, number>;
}

function windowOf(profiles: readonly EvidenceProfile[]): Window {
  let requests = 0;
  const traces = new Map<string, number>();
  for (const p of profiles) {
    requests += p.weight;
    traces.set(p.workflow, (traces.get(p.workflow) ?? 0) + 1);
  }
  return { profiles, requests, traces };
}

/** One workflow's traces that cross a unit or component. */
interface Stratum {
  /** Traces that cross it, and that have an error origin in it. */
  present: number;
  failed: number;
  /** Per trace that crosses it: time per span (units) or time (components). */
  readonly values: number[];
}

interface Acc {
  /** Weighted time and, by kind, weighted time; weighted traces with an error origin here. */
  time: number;
  /** Weighted Σ of each trace's time here, squared: the spread of the time per request. */
  timeSq: number;
  /** Weighted response time of the traces that cross it. */
  crossing: number;
  /** Weighted spans (or transits) charged to it. */
  spans: number;
  readonly byKind: number[];
  errors: number;
  /** Messages sent through it (unweighted), those of them lost, and the weighted lost ones. */
  sends: number;
  lost: number;
  lostWeighted: number;
  readonly strata: Map<string, Stratum>;
}

const newAcc = (): Acc => ({ time: 0, timeSq: 0, crossing: 0, spans: 0, byKind: [0, 0, 0, 0, 0], errors: 0, sends: 0, lost: 0, lostWeighted: 0, strata: new Map() });
const EMPTY: Acc = newAcc();

function slot(map: Map<string, Acc>, key: string): Acc {
  let a = map.get(key);
  if (a === undefined) map.set(key, (a = newAcc()));
  return a;
}

function stratum(a: Acc, workflow: string): Stratum {
  let s = a.strata.get(workflow);
  if (s === undefined) a.strata.set(workflow, (s = { present: 0, failed: 0, values: [] }));
  return s;
}

/** Whether a unit is a message through a broker (its spans are sends that can be lost). */
type IsMessage = (unitKey: string) => boolean;

function accumulateUnits(w: Window, isMessage: IsMessage): Map<string, Acc> {
  const out = new Map<string, Acc>();
  for (const p of w.profiles) {
    for (const [key, u] of p.evidence.units) {
      const a = slot(out, key);
      if (isMessage(key)) a.sends += u.count;
      a.lost += u.lost;
      a.lostWeighted += p.weight * u.lost;
      a.time += p.weight * u.time;
      a.timeSq += p.weight * u.time * u.time;
      a.crossing += p.weight * p.duration;
      a.spans += p.weight * u.count;
      for (let k = 0; k < TIME_KINDS.length; k++) a.byKind[k]! += p.weight * u.byKind[k]!;
      const s = stratum(a, p.workflow);
      s.present++;
      if (u.count > 0) s.values.push(u.time / u.count);
    }
    for (const key of p.evidence.errors) {
      const a = slot(out, key);
      a.errors += p.weight;
      stratum(a, p.workflow).failed++;
    }
  }
  return out;
}

/** Per component: each trace's time in its units, and whether an error started in it. */
function accumulateComponents(w: Window, componentKeysOf: (unitKey: string) => readonly string[], isMessage: IsMessage): Map<string, Acc> {
  const out = new Map<string, Acc>();
  const time = new Map<string, number>();
  const failed = new Set<string>();
  for (const p of w.profiles) {
    time.clear();
    failed.clear();
    for (const [key, u] of p.evidence.units) {
      const message = isMessage(key);
      for (const c of componentKeysOf(key)) {
        time.set(c, (time.get(c) ?? 0) + u.time);
        if (!message && u.lost === 0) continue;
        const a = slot(out, c);
        if (message) a.sends += u.count;
        a.lost += u.lost;
        a.lostWeighted += p.weight * u.lost;
      }
    }
    for (const key of p.evidence.errors) for (const c of componentKeysOf(key)) failed.add(c);
    for (const [c, t] of time) {
      const s = stratum(slot(out, c), p.workflow);
      s.present++;
      s.values.push(t);
    }
    for (const c of failed) stratum(slot(out, c), p.workflow).failed++;
  }
  return out;
}

/** Traces that cross it over all workflows, and the mean of their values. */
function totals(a: Acc): { present: number; mean: number } {
  let present = 0;
  let sum = 0;
  let n = 0;
  for (const s of a.strata.values()) {
    present += s.present;
    for (const v of s.values) sum += v;
    n += s.values.length;
  }
  return { present, mean: n === 0 ? Number.NaN : sum / n };
}

const NO_STRATUM: Stratum = { present: 0, failed: 0, values: [] };

/** The workflows either window has, in a fixed order. */
function workflowsOf(x: Acc, y: Acc): string[] {
  return [...new Set([...x.strata.keys(), ...y.strata.keys()])].sort(byString);
}

/**
 * Bonferroni-combined p of a change in values (van Elteren's rank test), of a few values far
 * above any before (the exceedance test: a freeze or a cut delays a few calls a thousandfold),
 * and in how often traces cross it (Cochran–Mantel–Haenszel), workflow by workflow.
 */
function timeTest(x: Acc, before: Window, y: Acc, after: Window, tail = beyondBefore(x, y).p): number {
  const workflows = workflowsOf(x, y);
  const values = vanElteren(workflows.map((w) => ({ x: (y.strata.get(w) ?? NO_STRATUM).values, y: (x.strata.get(w) ?? NO_STRATUM).values })));
  const presence = cochranMantelHaenszel(
    workflows.map((w) => ({ x1: (y.strata.get(w) ?? NO_STRATUM).present, n1: after.traces.get(w) ?? 0, x2: (x.strata.get(w) ?? NO_STRATUM).present, n2: before.traces.get(w) ?? 0 })),
  );
  return bonferroni([values.p, tail, presence.p]);
}

/** p of a change in how often errors start in it, workflow by workflow (Cochran–Mantel–Haenszel). */
function errorTest(x: Acc, before: Window, y: Acc, after: Window): number {
  const workflows = workflowsOf(x, y).filter((w) => (x.strata.get(w)?.failed ?? 0) + (y.strata.get(w)?.failed ?? 0) > 0);
  if (workflows.length === 0) return 1;
  return cochranMantelHaenszel(workflows.map((w) => ({ x1: y.strata.get(w)?.failed ?? 0, n1: after.traces.get(w) ?? 0, x2: x.strata.get(w)?.failed ?? 0, n2: before.traces.get(w) ?? 0 }))).p;
}

/** A window's traces of some workflows. */
function tracesOf(w: Window, workflows: readonly string[]): number {
  let n = 0;
  for (const wf of workflows) n += w.traces.get(wf) ?? 0;
  return n;
}

/** Bonferroni-combined p of several tests of one change. */
const bonferroni = (p: readonly number[]): number => Math.min(1, p.length * Math.min(...p));

/** Every message of a window: the baseline of what a healthy system loses. */
function allMessages(w: Window, isMessage: IsMessage): Baseline {
  let sends = 0;
  let lost = 0;
  for (const p of w.profiles) {
    for (const [key, u] of p.evidence.units) {
      if (!isMessage(key)) continue;
      sends += u.count;
      lost += u.lost;
    }
  }
  return { sends, lost };
}

type Baseline = { readonly sends: number; readonly lost: number };

/**
 * p of more lost messages after than before (Fisher's exact test, one-sided, message by message).
 * What lost none before is compared with every message before (`baseline`): a healthy system
 * loses none, and one part's own few messages could not show that it never does.
 */
function lossTest(x: Acc, y: Acc, baseline: Baseline): number {
  if (y.lost === 0) return 1;
  return x.lost > 0 ? fisherGreater(y.lost, y.sends, x.lost, x.sends) : fisherGreater(y.lost, y.sends, baseline.lost, baseline.sends);
}

/** Whether a unit's messages can show loss: the loss test counts among its tests only then. */
const lossTestable = (x: Acc, y: Acc): boolean => x.lost + y.lost > 0;

/** A whole's own tests (a component, or the rest of one): its summed time, its errors, and its lost messages where any were lost. */
function wholeTests(x: Acc, before: Window, y: Acc, after: Window, baseline: Baseline): number[] {
  const tests = [timeTest(x, before, y, after), errorTest(x, before, y, after)];
  if (lossTestable(x, y)) tests.push(lossTest(x, y, baseline));
  return tests;
}

function meanResponseOf(w: Window): number {
  let total = 0;
  for (const p of w.profiles) total += p.weight * p.duration;
  return total / Math.max(1e-9, w.requests);
}

/** Screens every unit between two windows. */
export function judgeUnits(settings: RankingSettings, catalog: UnitCatalog, beforeProfiles: readonly EvidenceProfile[], afterProfiles: readonly EvidenceProfile[]): UnitChange[] {
  if (beforeProfiles.length === 0 || afterProfiles.length === 0) return [];
  const before = windowOf(beforeProfiles);
  const after = windowOf(afterProfiles);
  const meanResponse = meanResponseOf(before);
  if (!(meanResponse > 0)) return [];
  const isMessage = messageUnits(catalog);
  const b = accumulateUnits(before, isMessage);
  const a = accumulateUnits(after, isMessage);
  const baseline = allMessages(before, isMessage);
  const perRequest = (x: number, w: Window) => x / Math.max(1e-9, w.requests);
  return [...new Set([...b.keys(), ...a.keys()])].sort(byString).map((key) => {
    const x = b.get(key) ?? EMPTY;
    const y = a.get(key) ?? EMPTY;
    const beyond = beyondBefore(x, y);
    const timeP = timeTest(x, before, y, after, beyond.p);
    const errorP = errorTest(x, before, y, after);
    const lossP = lossTestable(x, y) ? lossTest(x, y, baseline) : 1;
    const timeBefore = perRequest(x.time, before);
    const timeAfter = perRequest(y.time, after);
    const errorBefore = perRequest(x.errors, before);
    const errorAfter = perRequest(y.errors, after);
    const tx = totals(x);
    const ty = totals(y);
    const perSpanBefore = tx.mean;
    const perSpanAfter = ty.mean;
    // How often the traces of its workflows cross it: a workflow that merely ran less often
    // leaves its units as present as before.
    const workflows = workflowsOf(x, y);
    const presentBefore = tx.present / Math.max(1, tracesOf(before, workflows));
    const presentAfter = ty.present / Math.max(1, tracesOf(after, workflows));
    // Time added per request, counting only what each span took longer: a unit that merely runs
    // more often (the load a crashed peer's requests moved onto it, the queries a cold cache
    // sends to the database) shows a consequence, not a cause.
    const added = perSpanBefore > 0 && perSpanAfter > 0 ? Math.min(timeAfter - timeBefore, timeAfter * (1 - perSpanBefore / perSpanAfter)) : timeAfter - timeBefore;
    const spread = spreadOfChange(x, before, y, after);
    // What of the added time is sure: down to the lower end of its confidence interval, or, where
    // significantly many values went beyond every value before, the time beyond it.
    const sureAdded = added > 0 ? Math.min(added, Math.max(added - Z_SURE * spread, beyond.p <= settings.screen ? beyond.excess / Math.max(1, after.profiles.length) : 0)) : 0;
    const spansBefore = perRequest(x.spans, before);
    const spansAfter = perRequest(y.spans, after);
    const grew = !(perSpanBefore > 0) || perSpanAfter >= (1 + settings.minUnitChange) * perSpanBefore;
    // Whether the added time matters is judged against the requests it touched: 10 ms matter to a
    // 100 ms list and not to a 5 s server create.
    const lostAdded = perRequest(y.lostWeighted, after) - perRequest(x.lostWeighted, before);
    const lossChanged = lossP <= settings.screen && lostAdded > 0;
    const timeChanged = (lossChanged && added > 0) || (timeP <= settings.screen && added * after.requests >= settings.minImpact * y.crossing && grew);
    const errorChanged = (lossChanged && errorAfter > errorBefore) || (errorP <= settings.screen && errorAfter - errorBefore >= settings.minErrorRateChange);
    // A unit that (nearly) vanished changed too: a crashed or unreachable server stops doing its
    // work, so the work it no longer does is its impact (its callers' failures and the load its
    // peers take over are evidence of their own).
    const lost = timeBefore - timeAfter;
    const sureLost = lost > 0 ? Math.max(0, lost - Z_SURE * spread) : 0;
    // No floor per unit: a server does many small things, and its component is tested as a whole.
    const vanished = timeP <= settings.screen && presentAfter < presentBefore * (1 - settings.minUnitChange) && lost > 0;
    const potentialTime = grew && added > 0;
    const potentialStoppedNs = presentAfter < presentBefore && lost > 0 ? lost : 0;
    const timeMatters = potentialTime && added * after.requests >= (settings.minImpact / 10) * y.crossing;
    const errorsMatter = errorAfter - errorBefore >= settings.minErrorRateChange / 10;
    const addedImpact = (potentialTime ? added / meanResponse : 0) + Math.max(0, errorAfter - errorBefore);
    const potentialAdded = timeMatters || errorsMatter || lostAdded > 0 ? addedImpact : 0;
    const potential = addedImpact + potentialStoppedNs / meanResponse;
    // A unit that lost messages waited on them (a lost call ends in its timeout): its added time
    // is as sure as the loss is.
    const sureTime = lossChanged ? added : sureAdded;
    const impact = (timeChanged ? added / meanResponse : 0) + (errorChanged ? errorAfter - errorBefore : 0) + (vanished ? lost / meanResponse : 0);
    return {
      unit: catalog.get(key)!,
      potential,
      potentialAdded,
      potentialTime,
      potentialStoppedNs,
      // A lost message weighs at least as much as a failed request would.
      impact: lossChanged ? Math.max(impact, lostAdded) : impact,
      unsureTime: added > 0 ? (added - sureTime) / meanResponse : 0,
      unsureStopped: lost > 0 ? (lost - sureLost) / meanResponse : 0,
      traffic: Math.max(spansBefore, spansAfter, perRequest(x.errors, before), perRequest(y.errors, after)),
      changed: timeChanged || errorChanged || vanished || lossChanged,
      timeChanged,
      errorChanged,
      lossChanged,
      timeP,
      errorP,
      lossP,
      addedNs: y.byKind.map((t, k) => perRequest(t, after) - perRequest(x.byKind[k]!, before)),
      stoppedNs: vanished ? lost : 0,
      errorRateBefore: errorBefore,
      errorRateAfter: errorAfter,
      perSpanBeforeNs: perSpanBefore,
      perSpanAfterNs: perSpanAfter,
      sureShareOfCrossing: timeChanged && y.crossing > 0 ? (sureTime * after.requests) / y.crossing : 0,
      spansBefore,
      spansAfter,
      messagesBefore: x.sends,
      messagesAfter: y.sends,
      lostAfter: y.lost,
    };
  });
}

/** The one-sided 95% normal quantile: how many standard errors a change must clear to count. */
const Z_SURE = 1.645;

/** The variance of a window's mean time per request here (its traces as the sample). */
function perRequestVariance(a: Acc, w: Window): number {
  const mean = a.time / Math.max(1e-9, w.requests);
  return Math.max(0, a.timeSq / Math.max(1e-9, w.requests) - mean * mean) / Math.max(1, w.profiles.length);
}

/** The standard error of the change in a unit's time per request between two windows. */
function spreadOfChange(x: Acc, before: Window, y: Acc, after: Window): number {
  return Math.sqrt(perRequestVariance(x, before) + perRequestVariance(y, after));
}

/**
 * The values after above every value before, workflow by workflow: how far above in all (ns,
 * per span) and the exceedance test's p (1 when none went beyond).
 */
function beyondBefore(x: Acc, y: Acc): { excess: number; p: number } {
  let excess = 0;
  const strata: { x: readonly number[]; y: readonly number[] }[] = [];
  for (const w of workflowsOf(x, y)) {
    const xs = (x.strata.get(w) ?? NO_STRATUM).values;
    const ys = (y.strata.get(w) ?? NO_STRATUM).values;
    strata.push({ x: xs, y: ys });
    if (xs.length === 0) continue;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of xs) if (v > max) max = v;
    for (const v of ys) if (v > max) excess += v - max;
  }
  return { excess, p: excess > 0 ? exceedanceTest(strata) : 1 };
}

/** Units whose spans are messages through a broker. */
const messageUnits = (catalog: UnitCatalog): IsMessage => (key) => {
  const u = catalog.get(key);
  return u !== undefined && u.kind === "call" && u.system !== undefined;
};

/** A unit's own tests, Bonferroni-combined. */
const unitP = (u: UnitChange): number => bonferroni(u.lossP < 1 ? [u.timeP, u.errorP, u.lossP] : [u.timeP, u.errorP]);

export const unitLabel = (u: UnitInfo): string =>
  u.kind === "call"
    ? `call ${u.fromService ?? "?"}@${u.from ?? "?"} -> ${u.service || "?"}@${u.host || "?"}${u.via === undefined ? "" : ` via ${u.via}`} ${u.operation}`
    : u.kind === "dependency"
      ? `dependency ${u.service}${u.host === "" ? "" : `@${u.host}`} ${u.operation} from ${u.fromService ?? "?"}@${u.from ?? "?"}`
      : `${u.kind} ${u.service}@${u.host} ${u.operation}`;

interface Candidate {
  readonly key: string;
  readonly component: Component;
  /** Its units' keys, joined: two components with the same units are the same evidence. */
  members: string;
  impact: number;
  /** Its impact as far as it is sure (see `UnitChange.unsureTime`): what precision weighs. */
  sureImpact: number;
  /** Spans per request through its units, and through those that changed. */
  traffic: number;
  changedTraffic: number;
  readonly addedNs: number[];
  errorRate: number;
  stoppedNs: number;
  /** The most any changed unit of it added, surely, to the requests that cross it (see `UnitChange.sureShareOfCrossing`). */
  touched: number;
  /** Spans per request through all its units, before and after. */
  spansBefore: number;
  spansAfter: number;
  readonly changedUnits: UnitChange[];
}

/** Most specific first: the name kept when several components hold the same evidence (a dependency is named as itself, not as its one instance). */
const SPECIFICITY: readonly ComponentKind[] = ["operation", "dependency", "instance", "queue", "link", "service", "host", "clock"];

/** The components of both channels, best first: clocks that moved, then everything else, by score. */
export function mergeRankings(...lists: (readonly Omit<RankingEntry, "rank">[])[]): RankingEntry[] {
  const all = lists.flat();
  all.sort((x, y) => y.score - x.score || y.impact - x.impact || byString(componentKey(x.component), componentKey(y.component)));
  return all.map((e, i) => ({ ...e, rank: i + 1 }));
}

/** The mean response time of a window (weighted): what impacts are measured against. */
export function meanResponse(profiles: readonly EvidenceProfile[]): number {
  return meanResponseOf(windowOf(profiles));
}

/**
 * Ranks components by how exactly they cover the significant changes between two windows.
 *
 * Every component is tested on its own (time, presence and error origins over the traces that
 * cross it), and the tests are adjusted together. A component that changed as a whole, though
 * none of its units was significant alone (an operation whose errors are split over two
 * instances, a service whose every instance slowed a little), makes its units that moved in a
 * fault's direction count as changed: their point estimates, not their own tests, give their impact.
 */
export function rankComponents(settings: RankingSettings, catalog: UnitCatalog, beforeProfiles: readonly EvidenceProfile[], afterProfiles: readonly EvidenceProfile[]): RankingEntry[] {
  const units = judgeUnits(settings, catalog, beforeProfiles, afterProfiles);
  if (units.length === 0) return [];
  const before = windowOf(beforeProfiles);
  const after = windowOf(afterProfiles);

  const members = new Map<string, { readonly component: Component; readonly units: UnitChange[] }>();
  const keysOfUnit = new Map<string, string[]>();
  const readers = destinationReaders(units.map((u) => u.unit));
  const lostTo = readersShort(units, settings.screen);
  for (const u of units) {
    const keys: string[] = [];
    for (const c of componentsOf(u.unit, readers)) {
      const key = componentKey(c);
      keys.push(key);
      let m = members.get(key);
      if (m === undefined) members.set(key, (m = { component: c, units: [] }));
      m.units.push(u);
    }
    keysOfUnit.set(u.unit.key, keys);
  }

  // The components' own tests, adjusted together.
  const keysOf = (unitKey: string) => keysOfUnit.get(unitKey) ?? [];
  const isMessage = messageUnits(catalog);
  const b = accumulateComponents(before, keysOf, isMessage);
  const a = accumulateComponents(after, keysOf, isMessage);
  const baseline = allMessages(before, isMessage);
  const tested = [...members.keys()].sort(byString);
  // A component changed when its units' sum did (a diffuse change) or when any one of its units
  // did (Simes' test over the units' own p-values: a change in one place among many); three
  // tests, or four where messages were lost (the loss test can say nothing where none were,
  // given how many were), Bonferroni-combined.
  const raw = tested.map((key) => {
    const x = b.get(key) ?? EMPTY;
    const y = a.get(key) ?? EMPTY;
    return bonferroni([...wholeTests(x, before, y, after, baseline), simes(members.get(key)!.units.map(unitP))]);
  });
  const adjust = (p: readonly number[]) => (settings.correction === "holm" ? holm(p) : benjaminiHochberg(p));
  const rawOf = new Map(tested.map((key, i) => [key, raw[i]!]));
  const adjustedAll = adjust(raw);

  // Units that changed with a component that changed as a whole (adjusted across every
  // component), none of them alone: where some of its units changed alone, only when the rest
  // of it, tested without them, changed too (a noisy whole, a host, that holds one changed unit
  // would otherwise lend every unit that drifted up by chance). Those rests are adjusted together.
  // Lent impact by unit key.
  const implied = new Map<string, number>();
  const response = meanResponseOf(before);
  const rests = new Map<string, UnitChange[]>();
  for (const [i, key] of tested.entries()) {
    if (adjustedAll[i]! > settings.alpha) continue;
    const m = members.get(key)!;
    const rest = m.units.filter((u) => !u.changed);
    if (rest.length === m.units.length) {
      let potential = 0;
      for (const u of rest) potential += u.potential;
      // Each lends only what matters as part of a whole (a tenth of the screen's floors): a
      // queue's every message drifting a little would otherwise all count as changed.
      if (potential >= settings.minImpact) for (const u of rest) if (u.potentialAdded > 0 || u.potentialStoppedNs >= (settings.minImpact / 10) * response) implied.set(u.unit.key, u.potential);
      continue;
    }
    // Beside units that changed alone, the rest lends only time added and errors (work that
    // vanished beside them is their consequence: requests they failed stop early), and only
    // when it holds most of the change (a small rest is their side effect: a service's other
    // operations, slower under the retries of one).
    let potential = 0;
    for (const u of rest) potential += u.potentialAdded;
    let explained = 0;
    for (const u of m.units) if (u.changed) explained += u.impact;
    if (potential >= settings.minImpact && potential >= explained) rests.set(key, rest);
  }
  if (rests.size > 0) {
    const restKeys = new Map<string, string[]>();
    for (const [key, rest] of rests) for (const u of rest) restKeys.set(u.unit.key, [...(restKeys.get(u.unit.key) ?? []), key]);
    const restOf = (unitKey: string) => restKeys.get(unitKey) ?? [];
    const rb = accumulateComponents(before, restOf, isMessage);
    const ra = accumulateComponents(after, restOf, isMessage);
    const keys = [...rests.keys()];
    const p = adjust(keys.map((key) => bonferroni(wholeTests(rb.get(key) ?? EMPTY, before, ra.get(key) ?? EMPTY, after, baseline))));
    keys.forEach((key, i) => {
      if (p[i]! <= settings.alpha) for (const u of rests.get(key)!) if (u.potentialAdded > 0 && !implied.has(u.unit.key)) implied.set(u.unit.key, u.potentialAdded);
    });
  }
  const ownImpact = (u: UnitChange): number => (u.changed ? u.impact : (implied.get(u.unit.key) ?? 0));
  const moved = explainedQueues(units, ownImpact);
  const impactOf = (u: UnitChange): number => (moved.has(u.unit.key) ? moved.get(u.unit.key)! : ownImpact(u));
  let totalImpact = 0;
  for (const u of units) totalImpact += impactOf(u);
  if (!(totalImpact > 0)) return [];
  // What of it is sure: a few seconds more in a handful of server creates is mostly the spread
  // of those few; 10 ms more in every page is not.
  const sureOf = (u: UnitChange): number => {
    if (u.changed) return Math.max(0, impactOf(u) - (u.timeChanged ? u.unsureTime : 0) - (u.stoppedNs > 0 ? u.unsureStopped : 0));
    const lentStopped = implied.get(u.unit.key) === u.potential && u.potentialStoppedNs > 0;
    return Math.max(0, impactOf(u) - (u.potentialTime ? u.unsureTime : 0) - (lentStopped ? u.unsureStopped : 0));
  };
  let totalSure = 0;
  for (const u of units) totalSure += sureOf(u);

  const candidates: Candidate[] = [];
  for (const [key, m] of members) {
    const cand: Candidate = { key, component: m.component, members: "", impact: 0, sureImpact: 0, traffic: 0, changedTraffic: 0, addedNs: [0, 0, 0, 0, 0], errorRate: 0, stoppedNs: 0, touched: 0, spansBefore: 0, spansAfter: 0, changedUnits: [] };
    for (const u of m.units) {
      cand.members += `${u.unit.key}\u0001`;
      const share = shareOf(u.unit, readers, key, lostTo);
      const impact = impactOf(u) * share;
      cand.spansBefore += u.spansBefore * share;
      cand.spansAfter += u.spansAfter * share;
      // A call's transit is its callee's only when it changed: a slow or frozen server delays
      // the calls into it, but the calls that passed unharmed are the network's traffic, not the
      // server's. (A host's is every call it sends or receives: they all cross its network.)
      if (impact > 0 || !(u.unit.kind === "call" && (m.component.kind === "instance" || m.component.kind === "service"))) cand.traffic += u.traffic * share;
      if (!(impact > 0)) continue;
      cand.changedTraffic += u.traffic * share;
      cand.impact += impact;
      cand.sureImpact += sureOf(u) * share;
      if (u.changed) cand.touched = Math.max(cand.touched, u.sureShareOfCrossing * share);
      cand.changedUnits.push(u);
      const whole = !u.changed;
      if (whole ? u.potentialTime : u.timeChanged) for (let k = 0; k < TIME_KINDS.length; k++) cand.addedNs[k]! += u.addedNs[k]! * share;
      if (whole || u.errorChanged) cand.errorRate += Math.max(0, u.errorRateAfter - u.errorRateBefore) * share;
      // A unit lent only its added time and errors (see `rests`) lends no vanished work.
      cand.stoppedNs += (whole ? (implied.get(u.unit.key) === u.potential ? u.potentialStoppedNs : 0) : u.stoppedNs) * share;
    }
    candidates.push(cand);
  }

  // The family named from: components that some changed unit points at (the others cannot be
  // named), adjusted together.
  const family = candidates.filter((c) => c.impact > 0).map((c) => c.key);
  const adjusted = adjust(family.map((k) => rawOf.get(k)!));
  const pOf = new Map(family.map((key, i) => [key, adjusted[i]!]));

  // Components that hold exactly the same units are the same evidence: name the most specific.
  const bestOfMembers = new Map<string, Candidate>();
  for (const c of candidates) {
    const other = bestOfMembers.get(c.members);
    if (other === undefined || SPECIFICITY.indexOf(c.component.kind) < SPECIFICITY.indexOf(other.component.kind)) bestOfMembers.set(c.members, c);
  }
  const entries: Omit<RankingEntry, "rank">[] = [];
  for (const c of candidates) {
    const p = pOf.get(c.key) ?? 1;
    const precision = totalSure > 0 ? c.sureImpact / totalSure : c.impact / totalImpact;
    const recall = c.traffic > 0 ? c.changedTraffic / c.traffic : 0;
    // What changed in it must matter as much as a unit's change must: a cache that a warmed-up
    // service calls a little less often is significant, but names nothing. A part whose every
    // changed unit stopped (all of whose traffic changed, or a process that did less in all: an
    // instance that crashed while its peers took its requests) matters however little time its
    // work took; an operation whose one instance stopped while the other took over its calls did
    // not stop, nor a link whose traffic merely moved.
    const stopped = c.changedUnits.every((u) => (u.changed ? u.stoppedNs : u.potentialStoppedNs) > 0) && (recall >= 1 || (c.component.kind === "instance" && c.spansAfter < (1 - settings.minUnitChange) * c.spansBefore));
    // And some of it must be sure: a change within the spread of its few traces is not named.
    // A rare operation ten times slower matters to the pages that call it, however little it
    // moves the mean of every request: a unit that surely added enough to the requests that met
    // it clears the floor too.
    const matters = (c.impact >= settings.minImpact || c.touched >= settings.minImpactOnCrossing) && c.sureImpact > 0;
    if (!(matters || stopped) || p > settings.alpha || bestOfMembers.get(c.members) !== c) continue;
    entries.push({
      component: c.component,
      score: precision * recall,
      precision,
      recall,
      impact: c.impact,
      evidence: evidenceOf(c, response),
      adjustedP: p,
      units: c.changedUnits
        .map((u) => ({ u, impact: impactOf(u) }))
        .sort((x, y) => y.impact - x.impact || byString(x.u.unit.key, y.u.unit.key))
        .slice(0, 5)
        .map((x) => unitLabel(x.u.unit)),
    });
  }
  entries.sort((x, y) => y.score - x.score || y.impact - x.impact || byString(componentKey(x.component), componentKey(y.component)));
  return entries.map((e, i) => ({ rank: i + 1, ...e }));
}

/**
 * Where the messages lost on their way to a queue's readers most likely went. The broker hands
 * a shared queue's messages round, so messages lost on the link to one reader leave that reader
 * short of its share of the deliveries before, and the others not; messages lost before the
 * queue leave each short in proportion to its share, which changes no reader's share. A reader
 * whose share of the deliveries fell significantly (one-sided Fisher test at `screen`) is given
 * its shortfall against its share before; where none did, the readers share equally.
 */
function readersShort(units: readonly UnitChange[], screen: number): LostShares {
  const before = new Map<string, Map<string, number>>();
  const after = new Map<string, Map<string, number>>();
  const lost = new Map<string, number>();
  const add = (m: Map<string, Map<string, number>>, d: string, host: string, v: number) => {
    let byHost = m.get(d);
    if (byHost === undefined) m.set(d, (byHost = new Map()));
    byHost.set(host, (byHost.get(host) ?? 0) + v);
  };
  for (const u of units) {
    const { kind, via, broker, service, host } = u.unit;
    if (kind !== "call" || via === undefined || broker === undefined) continue;
    if (service === "") lost.set(via, (lost.get(via) ?? 0) + u.lostAfter);
    else if (host !== "") {
      add(before, via, host, u.messagesBefore);
      add(after, via, host, u.messagesAfter);
    }
  }
  const sum = (m: ReadonlyMap<string, number> | undefined) => {
    let n = 0;
    for (const v of m?.values() ?? []) n += v;
    return n;
  };
  const out = new Map<string, Map<string, number>>();
  for (const [d, l] of lost) {
    const b = before.get(d);
    const a = after.get(d);
    const totalBefore = sum(b);
    const delivered = sum(a);
    if (!(l > 0) || b === undefined || !(totalBefore > 0)) continue;
    const short = new Map<string, number>();
    for (const [host, v] of b) {
      const got = a?.get(host) ?? 0;
      // Its share fell when the others' share grew.
      if (fisherGreater(delivered - got, delivered, totalBefore - v, totalBefore) > screen) continue;
      short.set(host, Math.max(0, (v / totalBefore) * (delivered + l) - got));
    }
    out.set(d, short);
  }
  return out;
}

/**
 * Waiting for a pool slot is charged to what the pool's holders waited on: when an instance's
 * pool queue grew while the instance's own work, database or outgoing calls grew too (the
 * workers all blocked on a database that stopped answering), the queue's impact goes to those,
 * in proportion to theirs. A queue with nothing slower behind it (too few workers) keeps its own.
 * Returns the units whose impact moved, with their new impact.
 */
function explainedQueues(units: readonly UnitChange[], impactOf: (u: UnitChange) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const q of units) {
    if (q.unit.kind !== "queue" || !(impactOf(q) > 0)) continue;
    const { service, host } = q.unit;
    const holders = units.filter(
      (u) =>
        u !== q &&
        impactOf(u) > 0 &&
        u.unit.kind !== "queue" &&
        (u.unit.kind === "work" ? u.unit.service === service && u.unit.host === host : u.unit.fromService === service && u.unit.from === host),
    );
    let total = 0;
    for (const h of holders) total += impactOf(h);
    if (!(total > 0)) continue;
    const share = impactOf(q);
    out.set(q.unit.key, 0);
    for (const h of holders) out.set(h.unit.key, (out.get(h.unit.key) ?? impactOf(h)) + (share * impactOf(h)) / total);
  }
  return out;
}

function evidenceOf(c: Candidate, meanResponseNs: number): ComponentEvidence {
  const addedNs = Object.fromEntries(TIME_KINDS.map((k, i) => [k, c.addedNs[i]!])) as Record<TimeKind, number>;
  // Time kinds, errors and stopped work compared on the impact scale: a kind's share of the time impact.
  const stopped = meanResponseNs > 0 ? c.stoppedNs / meanResponseNs : 0;
  const timeImpact = c.impact - c.errorRate - stopped;
  const total = c.addedNs.reduce((s, t) => s + Math.max(0, t), 0);
  let dominant: TimeKind | "errors" | "stopped" = "errors";
  let best = c.errorRate;
  if (stopped > best) {
    best = stopped;
    dominant = "stopped";
  }
  TIME_KINDS.forEach((k, i) => {
    const share = total > 0 ? (Math.max(0, c.addedNs[i]!) / total) * timeImpact : 0;
    if (share > best) {
      best = share;
      dominant = k;
    }
  });
  return c.stoppedNs > 0 ? { addedNs, errorRate: c.errorRate, stoppedNs: c.stoppedNs, dominant } : { addedNs, errorRate: c.errorRate, dominant };
}
