// A child process of the pool bench: runs one sweep's points on two threads with one pool and
// prints {wall, cpu, digest} as one JSON line on stderr (cpu: the whole process, worker threads
// included; digest: of the results in point order).
//   pool      sim/experiments/pool.ts: one tinypool worker thread, this thread taking points too
//   tinypool  tinypool with two worker threads (this thread only dispatches)
//   hand      the former hand-written pool (hand-pool.ts): this thread plus one worker thread
import { createHash } from "node:crypto";
import { Tinypool } from "tinypool";
import { runTasks } from "../../../sim/experiments/pool.ts";
import { runTasksByHand } from "./hand-pool.ts";
import { gridOf, gridTasks, sweepPoint } from "../../../sim/experiments/sweep.ts";
import type { PointResult, SweepTask } from "../../../sim/experiments/sweep.ts";
import type { WorkerTask } from "../../../sim/experiments/worker.ts";

const [which, pointsText, duration] = process.argv.slice(2) as [string, string, string];
const file = new URL("../../../sim/experiments/scenarios/patterns.yaml", import.meta.url).pathname;
const grid = gridOf(file, Array.from({ length: Number(pointsText) }, (_, i) => i + 1), [{ path: "duration", values: [duration] }]);
const tasks = gridTasks(grid, file);
const TASK_MODULE = new URL("./tinypool-task.js", import.meta.url).href;

/** tinypool as it is meant to be used: two workers, this thread only dispatching. */
async function viaTinypool(): Promise<Map<string, PointResult>> {
  const pool = new Tinypool({ filename: TASK_MODULE, minThreads: 2, maxThreads: 2 });
  try {
    const results = new Map<string, PointResult>();
    await Promise.all(tasks.map(async (t) => results.set(t.id, (await pool.run(t)) as PointResult)));
    return results;
  } finally {
    await pool.destroy();
  }
}

const asTasks = tasks.map((task) => ({ type: "sweep" as const, task }));
const local = (t: WorkerTask) => sweepPoint((t as { task: SweepTask }).task);
const t0 = process.hrtime.bigint();
const results = (
  which === "pool" ? await runTasks(asTasks, { jobs: 2 }, local) : which === "hand" ? await runTasksByHand(asTasks, { jobs: 2 }, local) : await viaTinypool()
) as Map<string, unknown>;
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage();
if (results.size !== tasks.length) throw new Error(`${which}: ${results.size} of ${tasks.length} points`);
// The same bytes from every pool: a digest of the results in point order.
const digest = createHash("sha256").update(tasks.map((t) => JSON.stringify(results.get(t.id))).join("\n")).digest("hex");
process.stderr.write(`${JSON.stringify({ which, wall, cpu: (c.user + c.system) / 1e6, digest })}\n`);
