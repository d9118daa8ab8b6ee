// Runs tasks on N worker threads (or in this thread when N is 1). Orchestration only: each
// task is deterministic on its own, so which worker runs it, and when, changes no result;
// results are returned keyed by task id, never in completion order.
import { Worker } from "node:worker_threads";
import type { WorkerTask } from "./worker.ts";

export interface PoolOptions {
  readonly jobs: number;
  /** Called after each task with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

type Reply = { readonly ready: true } | { readonly id: string; readonly ok: true; readonly result: unknown } | { readonly id: string; readonly ok: false; readonly error: string };

export class TaskError extends Error {
  constructor(readonly taskId: string, detail: string) {
    super(`task ${taskId} failed: ${detail}`);
    this.name = "TaskError";
  }
}

const idOf = (t: WorkerTask): string => (t.type === "job" ? t.job.id : t.task.id);

export async function runTasks(tasks: readonly WorkerTask[], options: PoolOptions, local: (t: WorkerTask) => unknown): Promise<Map<string, unknown>> {
  const results = new Map<string, unknown>();
  const total = tasks.length;
  if (options.jobs <= 1 || total <= 1) {
    for (const t of tasks) {
      results.set(idOf(t), local(t));
      options.onProgress?.(results.size, total);
    }
    return results;
  }
  const queue = [...tasks];
  const workers = Array.from({ length: Math.min(options.jobs, total) }, () => new Worker(new URL("./worker-boot.js", import.meta.url)));
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const next = (w: Worker) => {
        const t = queue.shift();
        if (t !== undefined) w.postMessage(t);
        else if (results.size === total) resolve();
      };
      for (const w of workers) {
        w.on("message", (m: Reply) => {
          if (failed) return;
          if ("ready" in m) return next(w);
          if (!m.ok) {
            failed = true;
            return reject(new TaskError(m.id, m.error));
          }
          results.set(m.id, m.result);
          options.onProgress?.(results.size, total);
          next(w);
        });
        w.on("error", (e) => {
          failed = true;
          reject(e);
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
