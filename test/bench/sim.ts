// `npm run bench -- sim`: simulated requests and traced events per wall second for the default
// scenario with full DAG + ITC tracing and with tracing off; time per request as the run grows
// from 10k to 1M requests; peak memory. Wall-clock reads live here, never in sim/.
import { produce } from "immer";
import { fileURLToPath } from "node:url";
import { loadScenario } from "../../sim/scenario/load.ts";
import type { Scenario } from "../../sim/scenario/load.ts";
import { defaultCatalog, runScenario } from "../../sim/run/index.ts";
import type { Suite, SuiteResult } from "./harness.ts";
import { formatNumber, median, printTable, seconds } from "./harness.ts";

const DEFAULT = fileURLToPath(new URL("../../scenarios/bug-1587777.yaml", import.meta.url));

/** Full DAG + ITC tracing, every request sampled, asynchronous collection. */
function fullTracing(s: Scenario): Scenario {
  return produce(s, (d) => {
    d.tracer.enabled = true;
    d.tracer.model = "dag";
    d.tracer.metadata = "itc";
    d.tracer.sampler = { type: "const", decision: true };
    d.tracer.collection.mode = "async";
  });
}

/** The scenario stretched (times scaled) so it issues about `requests` requests. */
function scaled(s: Scenario, factor: number): Scenario {
  return produce(s, (d) => {
    const k = (ns: number) => Math.round(ns * factor);
    d.duration = k(d.duration);
    d.warmup = k(d.warmup);
    for (const f of d.faults) {
      f.at = k(f.at);
      if (f.for !== undefined) f.for = k(f.for);
    }
    for (const g of d.workload) {
      g.start = k(g.start);
      if (g.stop !== undefined) g.stop = k(g.stop);
      for (const c of g.changes) c.at = k(c.at);
    }
  });
}

interface Measure {
  readonly wall: number;
  readonly requests: number;
  readonly events: number;
}

function measure(s: Scenario, tracing: boolean): Measure {
  let requests = 0;
  let events = 0;
  const wall = seconds(() => {
    const r = runScenario(s, { tracing });
    requests = Object.values(r.summary.requests).reduce((n, w) => n + w.issued, 0);
    events = r.summary.tracer.accounting.emitted;
  });
  return { wall, requests, events };
}

export const suite: Suite = {
  name: "sim",
  run({ quick }): SuiteResult {
    const base = fullTracing(loadScenario(DEFAULT, defaultCatalog()));
    const runs = quick ? 2 : 3;
    const traced: Measure[] = [];
    const untraced: Measure[] = [];
    measure(base, true); // warm-up
    for (let i = 0; i < runs; i++) {
      traced.push(measure(base, true));
      untraced.push(measure(base, false));
    }
    const t = median(traced.map((m) => m.wall));
    const u = median(untraced.map((m) => m.wall));
    const requests = traced[0]!.requests;
    const events = traced[0]!.events;

    const perRun = requests;
    const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    const nsPerRequest: Record<string, number> = {};
    let peakRss = process.memoryUsage().rss;
    let peakHeap = process.memoryUsage().heapUsed;
    for (const n of sizes) {
      const s = scaled(base, n / perRun);
      const m = measure(s, true);
      nsPerRequest[n >= 1e6 ? `${n / 1e6}m` : `${n / 1e3}k`] = (m.wall * 1e9) / m.requests;
      const mem = process.memoryUsage();
      peakRss = Math.max(peakRss, mem.rss);
      peakHeap = Math.max(peakHeap, mem.heapUsed);
    }
    const per = Object.values(nsPerRequest);
    const result = {
      default_scenario_requests: requests,
      default_scenario_traced_events: events,
      default_scenario_wall_s_traced: t,
      default_scenario_wall_s_untraced: u,
      requests_per_s_traced: requests / t,
      traced_events_per_s: events / t,
      requests_per_s_untraced: requests / u,
      tracing_cost_ratio: t / u,
      ...Object.fromEntries(Object.entries(nsPerRequest).map(([k, v]) => [`ns_per_request_${k}`, v])),
      per_request_spread: Math.max(...per) / Math.min(...per),
      peak_rss_mb: peakRss / 2 ** 20,
      peak_heap_used_mb: peakHeap / 2 ** 20,
    };
    printTable(
      "sim: default scenario (bug-1587777), full DAG + ITC tracing vs tracing off",
      ["figure", "value"],
      Object.entries(result).map(([k, v]) => [k, formatNumber(v)]),
    );
    return { sim: result };
  },
};
