// All experiments, the jobs they need (each job once, even when several experiments share it)
// and the files they produce under results/.
import { fileURLToPath } from "node:url";
import { costExperiment } from "./cost.ts";
import { diagnosisExperiment } from "./diagnosis-experiment.ts";
import { diagnosisMatrixExperiment } from "./diagnosis-matrix-experiment.ts";
import type { Experiment, Results } from "./experiment.ts";
import { fidelityExperiment } from "./fidelity.ts";
import { goldenExperiment } from "./golden-experiment.ts";
import { presetsExperiment } from "./presets-experiment.ts";
import type { Job } from "./jobs.ts";
import { readme } from "./readme.ts";
import { toCsv, toMarkdown } from "./tables.ts";
import type { ResultTable } from "./tables.ts";
import { table2Experiment } from "./table2.ts";
import { thesisExperiment } from "./thesis/experiment.ts";

/** The repository's root (where scenarios/ and results/ are). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function experiments(root = REPO_ROOT): Experiment[] {
  return [presetsExperiment, table2Experiment, costExperiment, fidelityExperiment, diagnosisExperiment, diagnosisMatrixExperiment, thesisExperiment, goldenExperiment(root)];
}

export class ExperimentSelectionError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "ExperimentSelectionError";
  }
}

/** The experiments named in `only` (all when undefined); unknown names are an error listing the valid ones. */
export function select(only: readonly string[] | undefined, root = REPO_ROOT): Experiment[] {
  const all = experiments(root);
  if (only === undefined) return all;
  const ids = all.map((e) => e.id);
  for (const name of only) {
    if (!ids.includes(name)) throw new ExperimentSelectionError(`unknown experiment "${name}"; expected one of ${ids.join(", ")}`);
  }
  return all.filter((e) => only.includes(e.id));
}

/** The union of the experiments' jobs, each id once, in a fixed order. */
export function jobsOf(selected: readonly Experiment[]): Job[] {
  const byId = new Map<string, Job>();
  for (const e of selected) for (const j of e.jobs()) if (!byId.has(j.id)) byId.set(j.id, j);
  return [...byId.values()];
}

/** Every file of the selected experiments: path under results/ → bytes. README.md only for the full set. */
export function outputs(selected: readonly Experiment[], results: Results, full: boolean): Map<string, string> {
  const files = new Map<string, string>();
  const tables: { experiment: Experiment; tables: readonly ResultTable[]; files: string[] }[] = [];
  for (const e of selected) {
    const out = e.build(results);
    for (const t of out.tables) {
      files.set(`${t.id}.md`, toMarkdown(t));
      files.set(`${t.id}.csv`, toCsv(t));
    }
    for (const [path, text] of Object.entries(out.files)) files.set(path, text);
    tables.push({ experiment: e, tables: out.tables, files: Object.keys(out.files).sort() });
  }
  if (full) files.set("README.md", readme(tables));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
