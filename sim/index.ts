// The simulator's public surface (the package's main entry, `import ... from "tracebed"`): load a
// scenario, run it, and get what `tracebed run` writes — summary.json's bytes, report.html,
// the kept traces. The tracer library is its own entry, "tracebed/tracer".
export { loadScenario, parseScenario } from "./scenario/load.ts";
export type { Scenario } from "./scenario/load.ts";
export { scenarioJsonSchema } from "./scenario/schema.ts";
export { ScenarioError } from "./scenario/errors.ts";
export { DEFAULT_EPOCH } from "./scenario/epoch.ts";
export {
  buildSummary,
  checkDeterminism,
  defaultCatalog,
  defaultModel,
  humanSummary,
  runScenario,
  ScenarioRun,
  summaryBytes,
} from "./run/index.ts";
export type { DeterminismReport, KeptTrace, RunOptions, RunResult, Summary } from "./run/index.ts";
export { reportHtml } from "./report/index.ts";
