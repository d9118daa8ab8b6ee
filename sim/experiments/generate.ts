// Running the experiments: select, run their jobs (on worker threads), build the files.
import { executeJob } from "./jobs.ts";
import type { Job, JobResult } from "./jobs.ts";
import { runTasks } from "./pool.ts";
import { jobsOf, outputs, REPO_ROOT, select } from "./suite.ts";

/** Heavier jobs first, so two workers finish together. */
const WEIGHT: Record<string, number> = { diagnosis: 6, golden: 5, overload: 4, fidelity: 3, stall: 1, cost: 1, patterns: 1 };
function weight(j: Job): number {
  if (j.kind === "golden") return WEIGHT.golden!;
  if (j.kind === "run") return WEIGHT[j.scenario]!;
  if (j.kind === "matrix") return 2;
  if (j.kind === "thesis") return 1;
  return 0;
}

export interface GenerateOptions {
  readonly only?: readonly string[];
  readonly jobs?: number;
  readonly root?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function generate(options: GenerateOptions = {}): Promise<Map<string, string>> {
  const root = options.root ?? REPO_ROOT;
  const selected = select(options.only, root);
  const jobs = jobsOf(selected).sort((a, b) => weight(b) - weight(a));
  const raw = await runTasks(
    jobs.map((job) => ({ type: "job" as const, job })),
    { jobs: options.jobs ?? 2, onProgress: options.onProgress },
    (t) => executeJob((t as { job: Job }).job),
  );
  return outputs(selected, raw as Map<string, JobResult>, options.only === undefined);
}
