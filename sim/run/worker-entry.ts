// A worker thread that runs one scenario and posts back summary.json's bytes: the unit of
// parallel runs (tests compare it with serial runs; sweeps fan out over it).
import { parentPort, workerData } from "node:worker_threads";
import { loadScenario } from "../scenario/load.ts";
import { defaultCatalog } from "./catalog.ts";
import { runScenario } from "./index.ts";

export interface WorkerJob {
  readonly file: string;
  readonly seed?: string | number;
}

export interface WorkerReply {
  readonly ok: boolean;
  readonly bytes?: string;
  readonly error?: string;
}

const job = workerData as WorkerJob;
let reply: WorkerReply;
try {
  const scenario = loadScenario(job.file, defaultCatalog());
  reply = { ok: true, bytes: runScenario(scenario, { seed: job.seed }).bytes };
} catch (e) {
  reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
}
parentPort?.postMessage(reply);
