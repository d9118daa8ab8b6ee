// A child process of the pool bench: runs one sweep's points on two threads with one pool and
// prints {wall, cpu} as one JSON line on stderr (cpu: the whole process, worker threads included).
//   hand      sim/experiments/pool.ts: this thread plus one worker thread
//   tinypool  tinypool with two worker threads (this thread only dispatches)
//   hybrid    tinypool with one worker thread, this thread taking points from the same queue
import { createHash } from "node:crypto";
import { Tinypool } from "tinypool";
import { runTasks } from "../../../sim/experiments/pool.ts";
import { gridOf, gridTasks, sweepPoint } from "../../../sim/experiments/sweep.ts";
import type { PointResult, SweepTask } from "../../../sim/experiments/sweep.ts";

const [which, pointsText, duration] = process.argv.slice(2) as [string, string, string];
const file = new URL("../../../sim/experiments/scenarios/patterns.yaml", import.meta.url).pathname;
const grid = gridOf(file, Array.from({ length: Number(pointsText) }, (_, i) => i + 1), [{ path: "duration", values: [duration] }]);
const tasks = gridTasks(grid, file);
const TASK_MODULE = new URL("./tinypool-task.js", import.meta.url).href;

async function viaTinypool(threads: number, local: boolean): Promise<Map<string, PointResult>> {
  const pool = new Tinypool({ filename: TASK_MODULE, minThreads: threads, maxThreads: threads });
  const results = new Map<string, PointResult>();
  const queue = [...tasks];
  try {
    await new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      const done = () => results.size === tasks.length && resolve();
      const feed = () => {
        // Two points in hand per worker, so a worker never waits for this thread to feed it.
        while (inFlight < 2 * threads) {
          const t = queue.shift();
          if (t === undefined) return;
          inFlight++;
          (pool.run(t) as Promise<PointResult>).then((r) => {
            results.set(t.id, r);
            inFlight--;
            feed();
            done();
          }, reject);
        }
      };
      feed();
      if (!local) return;
      const step = () => {
        const t = queue.shift();
        if (t === undefined) return;
        results.set(t.id, sweepPoint(t));
        done();
        setImmediate(step);
      };
      setImmediate(step);
    });
  } finally {
    await pool.destroy();
  }
  return results;
}

const t0 = process.hrtime.bigint();
const results =
  which === "hand"
    ? await runTasks(tasks.map((task) => ({ type: "sweep" as const, task })), { jobs: 2 }, (t) => sweepPoint((t as { task: SweepTask }).task))
    : await viaTinypool(which === "hybrid" ? 1 : 2, which === "hybrid");
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage();
if (results.size !== tasks.length) throw new Error(`${which}: ${results.size} of ${tasks.length} points`);
// The same bytes from every pool: a digest of the results in point order.
const digest = createHash("sha256").update(tasks.map((t) => JSON.stringify(results.get(t.id))).join("\n")).digest("hex");
process.stderr.write(`${JSON.stringify({ which, wall, cpu: (c.user + c.system) / 1e6, digest })}\n`);
