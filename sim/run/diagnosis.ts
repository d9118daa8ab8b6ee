// The run's own diagnosis: the kept traces of the period before the faults against those
// during them (or, in a fault-free run, the first half of the steady period against the
// second), through tracer/analysis/diagnose.
import { diagnose, summarizeDiagnosis } from "../../tracer/analysis/diagnose/index.ts";
import type { DiagnosisSummary } from "../../tracer/analysis/diagnose/index.ts";
import type { Trace } from "../../tracer/index.ts";
import type { ScenarioRun } from "./runner.ts";

export interface RunDiagnosis extends DiagnosisSummary {
  /** The windows compared, as period names (a steady period is split at its middle). */
  readonly compared: { readonly before: string; readonly after: string };
  /**
   * Whether the diagnosis agrees with the scenario's ground truth: for expected culprits, the
   * first one (its service, and its operation when the scenario names one) is among the top
   * three latency culprits or the top three error origins; for `noCulprit`, nothing is named.
   * Null when the scenario states no expectation.
   */
  readonly expected: boolean | null;
}

export function diagnoseRun(run: ScenarioRun): RunDiagnosis | undefined {
  const kept = run.keptTraces();
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
  const summary = summarizeDiagnosis(diagnose(before, after));
  const expect = run.scenario.expect;
  let expected: boolean | null = null;
  if (expect.noCulprit) expected = summary.culprits.length === 0 && summary.errors.length === 0;
  else if (expect.culprits.length > 0) {
    const want = expect.culprits[0]!;
    const named = (c: { readonly service: string; readonly operation: string }) => c.service === want.service && (want.operation === undefined || c.operation === want.operation);
    expected = summary.culprits.slice(0, 3).some(named) || summary.errors.slice(0, 3).some(named);
  }
  return { compared: { before: beforeName, after: afterName }, expected, ...summary };
}
