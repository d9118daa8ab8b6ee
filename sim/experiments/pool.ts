// Runs tasks on N threads: N - 1 tinypool worker threads, and this thread, which has the code
// loaded already and so takes tasks from the same queue instead of paying another worker's
// start-up (tsx loading every module again). With N = 1 everything runs here. Orchestration
// only: each task is deterministic on its own, so which thread runs it, and when, changes no
// result; results are returned keyed by task id, never in completion order.
//
// tinypool replaced a hand-written pool of node:worker_threads after `npm run bench -- pool` (a
// 16-point sweep on 2 threads, each pool in its own process; five bench runs of three rounds on
// a shared machine): this pool took 0.76-1.13x (median 0.89x) the hand-written pool's wall time
// at 0.95-1.01x (median 0.98x) its CPU; tinypool with two workers and this thread idle took
// 1.01-1.22x (median 1.09x) the wall time and 1.14-1.20x (median 1.17x) the CPU, a second
// worker's start-up, which is why this thread still works.
import { Tinypool } from "tinypool";
import type { WorkerTask } from "./worker.ts";

export interface PoolOptions {
  readonly jobs: number;
  /** Called after each task with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

export class TaskError extends Error {
  constructor(readonly taskId: string, detail: string) {
    super(`task ${taskId} failed: ${detail}`);
    this.name = "TaskError";
  }
}

const idOf = (t: WorkerTask): string => (t.type === "job" ? t.job.id : t.task.id);

/** Compiled (the installed package), a worker loads worker.js itself; from source, through tsx (worker-boot.js). */
const WORKER_MODULE = new URL(import.meta.url.endsWith(".js") ? "./worker.js" : "./worker-boot.js", import.meta.url).href;

/** Tasks a worker holds at once: the next is there when it finishes one, so it never waits for this busy thread to feed it. */
const IN_HAND = 2;

export async function runTasks(tasks: readonly WorkerTask[], options: PoolOptions, local: (t: WorkerTask) => unknown): Promise<Map<string, unknown>> {
  const results = new Map<string, unknown>();
  const total = tasks.length;
  const record = (id: string, result: unknown) => {
    results.set(id, result);
    options.onProgress?.(results.size, total);
  };
  const threads = Math.min(options.jobs, total) - 1;
  if (threads <= 0) {
    for (const t of tasks) record(idOf(t), local(t));
    return results;
  }
  const pool = new Tinypool({ filename: WORKER_MODULE, minThreads: threads, maxThreads: threads });
  const queue = [...tasks];
  let failure: unknown;
  try {
    await new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      const fail = (e: unknown) => {
        failure ??= e;
        reject(failure);
      };
      const settle = () => {
        if (results.size === total) resolve();
      };
      // At first the workers get no more than their share: they are still starting (a second
      // or so) while this thread is already at work, so a short run is not left to them alone.
      let limit = Math.max(1, Math.min(IN_HAND * threads, Math.floor((total * threads) / (threads + 1))));
      const feed = (): void => {
        while (failure === undefined && inFlight < limit) {
          const t = queue.shift();
          if (t === undefined) return;
          inFlight++;
          const id = idOf(t);
          (pool.run(t) as Promise<unknown>).then(
            (result) => {
              inFlight--;
              limit = IN_HAND * threads;
              record(id, result);
              feed();
              settle();
            },
            (e: unknown) => fail(new TaskError(id, e instanceof Error ? (e.stack ?? e.message) : String(e))),
          );
        }
      };
      feed();
      // Between two local tasks, yield so worker results are taken and workers fed.
      const step = (): void => {
        if (failure !== undefined) return;
        const t = queue.shift();
        if (t === undefined) return settle();
        try {
          record(idOf(t), local(t));
        } catch (e) {
          return fail(e);
        }
        settle();
        setImmediate(step);
      };
      setImmediate(step);
    });
  } finally {
    await pool.destroy();
  }
  return results;
}
