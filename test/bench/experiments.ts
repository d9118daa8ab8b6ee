// Experiments benchmark: wall time of `npm run experiments` (all experiments, 2 worker
// threads) and sweep throughput at --jobs 1 and 2. Each is a child process timed from
// outside, start-up included, because that is what a user waits for.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { printTable, seconds } from "./harness.ts";
import type { Suite } from "./harness.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = join(root, "node_modules", ".bin", "tsx");

function timed(args: string[]): number {
  const out = mkdtempSync(join(tmpdir(), "tracebed-bench-"));
  try {
    return seconds(() => execFileSync(tsx, [...args, "--out", out], { cwd: root, stdio: ["ignore", "ignore", "inherit"] }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export const suite: Suite = {
  name: "experiments",
  run({ quick }) {
    const experiments = quick
      ? timed(["sim/experiments/run.ts", "--only", "presets,table2", "--jobs", "2"])
      : timed(["sim/experiments/run.ts", "--jobs", "2"]);
    // The 100 seeds of the cost scenario (30 s simulated, DAG + ITC tracing). A worker
    // pays a few seconds of start-up (tsx loading the code again), so short sweeps gain little.
    const runs = quick ? 20 : 100;
    const sweep = (jobs: number) => (runs * 60) / timed(["sim/cli.ts", "sweep", "sim/experiments/scenarios/cost.yaml", "--seeds", `1..${runs}`, "--jobs", String(jobs)]);
    const one = sweep(1);
    const two = sweep(2);
    const figures = {
      [quick ? "experiments_presets_table2_wall_s" : "experiments_wall_s"]: Number(experiments.toFixed(1)),
      sweep_runs_per_min_jobs1: Number(one.toFixed(1)),
      sweep_runs_per_min_jobs2: Number(two.toFixed(1)),
      sweep_speedup_jobs2: Number((two / one).toFixed(2)),
    };
    printTable("experiments", ["figure", "value"], Object.entries(figures).map(([k, v]) => [k, String(v)]));
    return { experiments: figures };
  },
};
