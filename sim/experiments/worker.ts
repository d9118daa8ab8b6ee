// The task module of the pool's worker threads (tinypool loads it in each): runs one job or
// sweep point and returns its result; an error goes back to the pool with the task.
import { executeJob } from "./jobs.ts";
import type { Job } from "./jobs.ts";
import { sweepPoint } from "./sweep.ts";
import type { SweepTask } from "./sweep.ts";

export type WorkerTask = { readonly type: "job"; readonly job: Job } | { readonly type: "sweep"; readonly task: SweepTask };

export function runTask(task: WorkerTask): unknown {
  return task.type === "job" ? executeJob(task.job) : sweepPoint(task.task);
}

export default runTask;
