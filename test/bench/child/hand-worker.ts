// The worker of the bench's copy of the former hand-written pool (hand-pool.ts): takes tasks by
// message, one at a time, and posts each result back.
import { parentPort } from "node:worker_threads";
import { runTask } from "../../../sim/experiments/worker.ts";
import type { WorkerTask } from "../../../sim/experiments/worker.ts";

parentPort!.on("message", (task: WorkerTask) => {
  const id = task.type === "job" ? task.job.id : task.task.id;
  try {
    parentPort!.postMessage({ id, ok: true, result: runTask(task) });
  } catch (e) {
    parentPort!.postMessage({ id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort!.postMessage({ ready: true });
