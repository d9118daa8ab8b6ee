// The determinism check: two runs of one scenario and seed, advanced in lockstep and compared
// event by event (kernel event logs), then summary.json byte for byte. Memory stays bounded:
// compared entries are dropped after every slice.
import { describeEntry, firstDifference } from "../kernel/index.ts";
import type { Scenario } from "../scenario/load.ts";
import type { ModelPort } from "./model-port.ts";
import { buildSummary } from "./result.ts";
import { ScenarioRun } from "./runner.ts";
import { summaryBytes } from "./summary.ts";

export interface DeterminismReport {
  readonly ok: boolean;
  /** One paragraph for stderr. */
  readonly report: string;
  /** The first run (its summary is the run's result). */
  readonly run: ScenarioRun;
}

export function checkDeterminism(
  scenario: Scenario,
  seed: string | number | undefined,
  model: () => ModelPort,
  slice = 200_000,
  onProgress?: (fraction: number) => void,
): DeterminismReport {
  const a = new ScenarioRun(scenario, model(), { seed, recordEventLog: true });
  const b = new ScenarioRun(scenario, model(), { seed, recordEventLog: true });
  const ea = a.sim.eventLog.entries;
  const eb = b.sim.eventLog.entries;
  while (true) {
    const doneA = a.advance(slice);
    const doneB = b.advance(slice);
    const n = Math.min(ea.length, eb.length);
    const diff = firstDifference(ea.slice(0, n), eb.slice(0, n)) ?? (doneA && doneB ? firstDifference(ea, eb) : null);
    if (diff !== null) {
      return {
        run: a,
        ok: false,
        report: `not deterministic: the runs differ at kernel event #${diff.index}\n  run 1: ${describeEntry(diff.a)}\n  run 2: ${describeEntry(diff.b)}\n`,
      };
    }
    ea.splice(0, n);
    eb.splice(0, n);
    if (doneA && doneB) break;
    onProgress?.(a.progress);
  }
  const sa = summaryBytes(buildSummary(a)).split("\n");
  const sb = summaryBytes(buildSummary(b)).split("\n");
  const line = sa.findIndex((l, k) => l !== sb[k]);
  if (line >= 0) {
    return { run: a, ok: false, report: `not deterministic: the event logs agree, but summary.json differs at line ${line + 1}:\n  run 1: ${sa[line]}\n  run 2: ${sb[line]}\n` };
  }
  return {
    run: a,
    ok: true,
    report: `deterministic: 2 runs, ${a.sim.eventLog.count} kernel events each, event-log hash ${a.sim.eventLog.hash()}, identical summary.json\n`,
  };
}
