// A worker thread that runs jobs it is sent, one at a time, and posts each result back.
import { parentPort } from "node:worker_threads";
import { executeJob } from "./jobs.ts";
import type { Job } from "./jobs.ts";
import { sweepPoint } from "./sweep.ts";
import type { SweepTask } from "./sweep.ts";

export type WorkerTask = { readonly type: "job"; readonly job: Job } | { readonly type: "sweep"; readonly task: SweepTask };

parentPort!.on("message", (task: WorkerTask) => {
  const id = task.type === "job" ? task.job.id : task.task.id;
  try {
    const result = task.type === "job" ? executeJob(task.job) : sweepPoint(task.task);
    parentPort!.postMessage({ id, ok: true, result });
  } catch (e) {
    parentPort!.postMessage({ id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort!.postMessage({ ready: true });
