import test from "ava";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { loadScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog, runScenario } from "../../../sim/run/index.ts";
import type { WorkerJob, WorkerReply } from "../../../sim/run/worker-entry.ts";

const SHORT = fileURLToPath(new URL("./fixtures/short.yaml", import.meta.url));
const entry = new URL("../../../sim/run/worker-boot.js", import.meta.url);

function inWorker(job: WorkerJob): Promise<string> {
  return new Promise((resolve, reject) => {
    const w = new Worker(entry, { workerData: job });
    w.once("message", (reply: WorkerReply) => (reply.ok ? resolve(reply.bytes!) : reject(new Error(reply.error))));
    w.once("error", reject);
  });
}

const cache = new Map<number | undefined, string>();
/** A serial run's bytes; the first call for a seed runs it, the "same again" checks run it anew. */
function serial(seed?: number, fresh = false): string {
  if (!fresh && cache.has(seed)) return cache.get(seed)!;
  const bytes = runScenario(loadScenario(SHORT, defaultCatalog()), { seed }).bytes;
  if (!cache.has(seed)) cache.set(seed, bytes);
  return bytes;
}

test("same scenario and seed give byte-identical summary.json; another seed differs", (t) => {
  const a = serial();
  const b = serial(undefined, true);
  t.is(a, b);
  const summary = JSON.parse(a) as { seed: number; requests: Record<string, { issued: number }>; kernel: { eventLogHash: string } };
  t.is(summary.seed, 5);
  t.true(Object.values(summary.requests).reduce((n, r) => n + r.issued, 0) > 50);
  const c = serial(6);
  t.not(c, a);
  t.not((JSON.parse(c) as typeof summary).kernel.eventLogHash, summary.kernel.eventLogHash);
});

test("runs in worker threads give the same bytes as serial runs", async (t) => {
  const [w5, w6] = await Promise.all([inWorker({ file: SHORT }), inWorker({ file: SHORT, seed: 6 })]);
  t.is(w5, serial());
  t.is(w6, serial(6));
});
