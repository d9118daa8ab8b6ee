// The run's own diagnosis: the kept traces of every outcome (each weighted by its stratum) of
// the period before the faults against those during them (or, in a fault-free run, the first
// half of the steady period against the second), through tracer/analysis/diagnose.
import { diagnose, summarizeDiagnosis } from "../../tracer/analysis/diagnose/index.ts";
import type { DiagnosisSummary, RankingSummary } from "../../tracer/analysis/diagnose/index.ts";
import type { Trace } from "../../tracer/index.ts";
import type { ScenarioRun } from "./runner.ts";

/** What a scenario's `expect.culprits` names: every field given must match a ranked component. */
export interface ExpectedCulprit {
  readonly kind?: string;
  readonly service?: string;
  readonly operation?: string;
  readonly instance?: string;
  readonly host?: string;
  readonly link?: string;
  readonly queue?: string;
}

const FIELDS = ["kind", "service", "operation", "instance", "host", "link", "queue"] as const;

/** `[keystone] validate_token`, `instance nova-compute-2`, `link a<->b`: an expectation in words. */
export function expectedLabel(c: ExpectedCulprit): string {
  return FIELDS.filter((f) => c[f] !== undefined)
    .map((f) => `${f} ${c[f]}`)
    .join(", ");
}

/** A link either way round: "a<->b", "b<->a" and "a->b" name the same one. */
function sameLink(a: unknown, b: string): boolean {
  if (typeof a !== "string") return false;
  const ends = (l: string) => l.split(/<->|->/).sort().join("<->");
  return ends(a) === ends(b);
}

/** Whether a ranked component is the expected one: every field the expectation gives matches. */
export function matchesExpected(entry: RankingSummary, want: ExpectedCulprit): boolean {
  const got = entry as unknown as Readonly<Record<string, unknown>>;
  return FIELDS.every((f) => want[f] === undefined || (f === "link" ? sameLink(got[f], want[f]!) : got[f] === want[f]));
}

export interface RunDiagnosis extends DiagnosisSummary {
  /** The windows compared, as period names (a steady period is split at its middle). */
  readonly compared: { readonly before: string; readonly after: string };
  /**
   * Whether the diagnosis agrees with the scenario's ground truth: for expected culprits, the
   * first one is among the top three ranked components; for `noCulprit`, nothing is ranked.
   * Null when the scenario states no expectation.
   */
  readonly expected: boolean | null;
}

export function diagnoseRun(run: ScenarioRun): RunDiagnosis | undefined {
  const kept = run.keptTraces();
  const weights = new Map(kept.map((k) => [k.traceId, k.weight]));
  const names = run.periods.map((p) => p.name);
  let beforeName: string;
  let afterName: string;
  let before: Trace[];
  let after: Trace[];
  const pick = (name: string): Trace[] => kept.filter((k) => k.period === name).map((k) => k.trace!);
  if (names.includes("before") && names.includes("during")) {
    [beforeName, afterName] = ["before", "during"];
    [before, after] = [pick("before"), pick("during")];
  } else if (names.includes("steady")) {
    const p = run.periods.find((x) => x.name === "steady")!;
    const mid = p.start + Math.floor((p.end - p.start) / 2);
    [beforeName, afterName] = ["steady (first half)", "steady (second half)"];
    const steady = kept.filter((k) => k.period === "steady");
    before = steady.filter((k) => k.start < mid).map((k) => k.trace!);
    after = steady.filter((k) => k.start >= mid).map((k) => k.trace!);
  } else {
    const windows = names.filter((n) => n !== "warmup");
    if (windows.length < 2) return undefined;
    [beforeName, afterName] = [windows[0]!, windows[windows.length - 1]!];
    [before, after] = [pick(beforeName), pick(afterName)];
  }
  if (before.length === 0 || after.length === 0) return undefined;
  const summary = withInstanceNames(summarizeDiagnosis(diagnose(before, after, { weightOf: (id) => weights.get(id) ?? 1 })), run.instances());
  const expect = run.scenario.expect;
  let expected: boolean | null = null;
  if (expect.noCulprit) expected = summary.ranking.length === 0;
  else if (expect.culprits.length > 0) {
    const want = expect.culprits[0]!;
    expected = summary.ranking.slice(0, 3).some((e) => matchesExpected(e, want));
  }
  return { compared: { before: beforeName, after: afterName }, expected, ...summary };
}

/** Instances named as the model names them ("keystone-1") rather than service@host. */
function withInstanceNames(d: DiagnosisSummary, instances: readonly { readonly name: string; readonly service: string; readonly host: string }[]): DiagnosisSummary {
  const byPlace = new Map(instances.map((i) => [`${i.service}@${i.host}`, i.name]));
  return {
    ...d,
    ranking: d.ranking.map((e) => (e.kind === "instance" && e.instance !== undefined && byPlace.has(e.instance) ? { ...e, instance: byPlace.get(e.instance)! } : e)),
  };
}
