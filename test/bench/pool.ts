// `npm run bench -- pool`: the sweeps' and experiments' worker pool (sim/experiments/pool.ts:
// tinypool with N - 1 workers, this thread taking tasks too) against tinypool used plainly and
// against the hand-written pool it replaced, on the same sweep (exp-patterns, 2 threads). Each
// variant runs in its own process (test/bench/child/pool-run.ts), which reports its wall time and
// its whole CPU time (worker threads included), so each pays its own start-up as a user's sweep
// does:
//   pool      one tinypool worker thread, this thread taking points from the same queue
//   tinypool  two tinypool worker threads; this thread only dispatches
//   hand      the former hand-written pool: this thread plus one node:worker_threads worker
// Rounds rotate the order; ratios are medians of per-round ratios against `hand`. Every variant
// must return the same results (a digest of them), or the bench fails.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Suite, SuiteResult } from "./harness.ts";
import { formatNumber, median, printTable } from "./harness.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CHILD = fileURLToPath(new URL("./child/pool-run.ts", import.meta.url));
const VARIANTS = ["hand", "pool", "tinypool"] as const;
type Variant = (typeof VARIANTS)[number];

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly digest: string;
}

function runChild(which: Variant, points: number, duration: string): Run {
  const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, which, String(points), duration], { cwd: ROOT, encoding: "utf8" });
  const line = r.stderr.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !line.startsWith("{")) throw new Error(`pool bench child ${which} exited with ${String(r.status)}: ${r.stderr}`);
  return JSON.parse(line) as Run;
}

export const suite: Suite = {
  name: "pool",
  run({ quick }): SuiteResult {
    const points = quick ? 6 : 16;
    const duration = quick ? "6s" : "20s";
    const rounds = quick ? 1 : 3;
    const runs: Record<Variant, Run[]> = { hand: [], pool: [], tinypool: [] };
    for (let i = 0; i < rounds; i++) {
      for (let j = 0; j < VARIANTS.length; j++) {
        const v = VARIANTS[(i + j) % VARIANTS.length]!;
        runs[v].push(runChild(v, points, duration));
      }
    }
    const digests = new Set(VARIANTS.flatMap((v) => runs[v].map((r) => r.digest)));
    if (digests.size !== 1) throw new Error(`pool bench: the pools returned different results (${digests.size} digests)`);
    const result: Record<string, number> = { points, point_virtual_s: Number.parseFloat(duration) };
    for (const v of VARIANTS) {
      result[`${v}_wall_s`] = median(runs[v].map((r) => r.wall));
      result[`${v}_cpu_s`] = median(runs[v].map((r) => r.cpu));
      if (v !== "hand") {
        result[`${v}_vs_hand_wall`] = median(runs[v].map((r, i) => r.wall / runs.hand[i]!.wall));
        result[`${v}_vs_hand_cpu`] = median(runs[v].map((r, i) => r.cpu / runs.hand[i]!.cpu));
      }
    }
    printTable(
      `pool: a ${points}-point sweep of exp-patterns (${duration} each) on 2 threads, each pool in its own process; ${rounds} round(s)`,
      ["figure", "value"],
      Object.entries(result).map(([k, v]) => [k, formatNumber(v)]),
    );
    return { pool: result };
  },
};
