// The sweep's former hand-written pool (sim/experiments/pool.ts before it moved to tinypool),
// kept as the pool bench's peer: N - 1 node:worker_threads plus this thread, tasks by message.
import { Worker } from "node:worker_threads";
import type { WorkerTask } from "../../../sim/experiments/worker.ts";

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

const WORKER_ENTRY = new URL("./hand-worker-boot.js", import.meta.url);

export async function runTasksByHand(tasks: readonly WorkerTask[], options: PoolOptions, local: (t: WorkerTask) => unknown): Promise<Map<string, unknown>> {
  const results = new Map<string, unknown>();
  const total = tasks.length;
  if (options.jobs <= 1 || total <= 1) {
    for (const t of tasks) {
      results.set(idOf(t), local(t));
      options.onProgress?.(results.size, total);
    }
    return results;
  }
  // This thread is one of the N: it has the code loaded already, so only N - 1 workers pay
  // the start-up (tsx loading every module again).
  const queue = [...tasks];
  const workers = Array.from({ length: Math.min(options.jobs, total) - 1 }, () => new Worker(WORKER_ENTRY));
  let failure: unknown;
  const record = (id: string, result: unknown) => {
    results.set(id, result);
    options.onProgress?.(results.size, total);
  };
  try {
    const remote = new Promise<void>((resolve, reject) => {
      let busy = 0;
      const next = (w: Worker) => {
        const t = queue.shift();
        if (t !== undefined) {
          busy++;
          w.postMessage(t);
        } else if (busy === 0) resolve();
      };
      for (const w of workers) {
        w.on("message", (m: Reply) => {
          if (failure !== undefined) return;
          // Two tasks in hand: the worker never waits for this thread, busy with its own task, to feed it.
          if ("ready" in m) {
            next(w);
            return next(w);
          }
          busy--;
          if (!m.ok) {
            failure = new TaskError(m.id, m.error);
            return reject(failure);
          }
          record(m.id, m.result);
          next(w);
        });
        w.on("error", (e) => {
          failure = e;
          reject(e);
        });
      }
      if (workers.length === 0) resolve();
    });
    remote.catch(() => {});
    // Between two local tasks, yield so worker replies are taken and workers fed.
    const yieldToWorkers = () => new Promise<void>((r) => setImmediate(r));
    while (failure === undefined) {
      const t = queue.shift();
      if (t === undefined) break;
      record(idOf(t), local(t));
      await yieldToWorkers();
    }
    await remote;
    while (results.size < total && failure === undefined) await yieldToWorkers();
    if (failure !== undefined) throw failure;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
