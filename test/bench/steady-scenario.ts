// The default scenario's shapes the sim and million benches run: fully traced (DAG + ITC, every
// request sampled, asynchronous collection), and its load without the fault, long enough for a
// given number of requests. A helper module: it has no suite of its own.
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { produce } from "immer";
import type { Scenario } from "../../sim/scenario/load.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT = join(ROOT, "scenarios/bug-1587777.yaml");

/** Full DAG + ITC tracing, every request sampled, asynchronous collection. */
export function fullTracing(s: Scenario): Scenario {
  return produce(s, (d) => {
    d.tracer.enabled = true;
    d.tracer.model = "dag";
    d.tracer.metadata = "itc";
    d.tracer.sampler = { type: "const", decision: true };
    d.tracer.collection.mode = "async";
  });
}

/** The default scenario's load without its fault, long enough for about `requests` requests. */
export function steady(s: Scenario, requestsPerSecond: number, requests: number): Scenario {
  return produce(s, (d) => {
    d.faults = [];
    d.duration = Math.round((requests / requestsPerSecond) * 1e9);
    d.report.keepTraces = 200;
  });
}
