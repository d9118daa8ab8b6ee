// Running scenarios: the public surface other commands (diagnose, check, sweep) and tests use.
import type { Scenario } from "../scenario/load.ts";
import { defaultModel } from "./model.ts";
import type { ModelPort } from "./model-port.ts";
import { buildSummary } from "./result.ts";
import type { Summary } from "./result.ts";
import { ScenarioRun } from "./runner.ts";
import type { RunOptions } from "./runner.ts";
import { summaryBytes } from "./summary.ts";

export { ScenarioRun, DRAIN_LIMIT_NS } from "./runner.ts";
export type { RunOptions } from "./runner.ts";
export { buildSummary, humanSummary } from "./result.ts";
export type { Summary, SloResult } from "./result.ts";
export { diagnoseRun } from "./diagnosis.ts";
export type { RunDiagnosis } from "./diagnosis.ts";
export { summaryBytes, ms } from "./summary.ts";
export { defaultCatalog } from "./catalog.ts";
export { defaultModel } from "./model.ts";
export type { CloudPort, FaultRecord, ModelPort } from "./model-port.ts";
export type { KeptTrace } from "./reservoir.ts";
export { Histogram } from "./histogram.ts";
export { checkDeterminism } from "./determinism.ts";
export type { DeterminismReport } from "./determinism.ts";

export interface RunResult {
  readonly run: ScenarioRun;
  readonly summary: Summary;
  /** summary.json's exact bytes. */
  readonly bytes: string;
}

/** Runs a loaded scenario to the end and builds its summary. */
export function runScenario(scenario: Scenario, options: RunOptions = {}, model: ModelPort = defaultModel()): RunResult {
  const run = new ScenarioRun(scenario, model, options);
  run.runToEnd();
  const summary = buildSummary(run);
  return { run, summary, bytes: summaryBytes(summary) };
}
