// An experiment: the jobs it needs and how their results become tables, charts and files.
import type { Job, JobResult } from "./jobs.ts";
import type { ResultTable } from "./tables.ts";

export type Results = ReadonlyMap<string, JobResult>;

export interface ExperimentOutput {
  readonly tables: readonly ResultTable[];
  /** Other files by path under results/ (SVG charts, golden trace files). */
  readonly files: Readonly<Record<string, string>>;
}

export interface Experiment {
  readonly id: string;
  readonly title: string;
  /** For results/README.md: what the experiment answers. */
  readonly about: string;
  jobs(): Job[];
  build(results: Results): ExperimentOutput;
}

export function need<T extends JobResult>(results: Results, id: string): T {
  const r = results.get(id);
  if (r === undefined) throw new Error(`experiment result ${id} is missing`);
  return r as T;
}
