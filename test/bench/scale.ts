// `npm run bench -- scale`: what a run costs as the cloud grows and as its load grows.
//
// baseline.yaml's workload (Horizon users and the CLI mix, no faults) on the small, medium and
// large profiles, scaled by each profile's factor (medium is small's layout 8 times over, large
// 30 times: the same load on every controller and compute), fully traced (DAG + ITC, every
// request sampled, the collection pipeline, kept traces in proportion to the load) and
// untraced. Then the small cloud again with ten times the load.
//
// CPU per request is the steady state's: a run of 2T virtual seconds is run untimed to T, then
// timed from T to 2T, and the CPU (user + system) of that window is divided by the user requests
// issued in it. That leaves out what a run pays once (building the cloud and its tracers, the
// start-up of the background timers, the end-of-run flush), which would otherwise weigh on the
// small cloud's few requests; the cloud's steady background work (servicegroup reports, periodic
// tasks) stays in, as it is part of running the cloud at that load. Ratios are medians over
// rounds of the ratio within one round, whose order rotates, so the shared machine's drift
// cancels.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { produce } from "immer";
import { loadScenario } from "../../sim/scenario/load.ts";
import type { Scenario } from "../../sim/scenario/load.ts";
import { defaultCatalog, defaultModel, ScenarioRun } from "../../sim/run/index.ts";
import { defaultTopology, LARGE, MEDIUM, scaledTopology } from "../../sim/openstack/index.ts";
import type { TopologyConfig } from "../../sim/openstack/index.ts";
import type { Suite, SuiteResult } from "./harness.ts";
import { formatNumber, median, printTable } from "./harness.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BASELINE = join(ROOT, "scenarios/baseline.yaml");

interface Size {
  readonly label: string;
  readonly factor: number;
  readonly topology: TopologyConfig;
}

const SIZES: readonly Size[] = [
  { label: "small", factor: 1, topology: defaultTopology() },
  { label: "medium", factor: MEDIUM.scale, topology: scaledTopology(MEDIUM) },
  { label: "large", factor: LARGE.scale, topology: scaledTopology(LARGE) },
];

/** baseline's workload on `size`, `load` times the per-host load, traced or not. */
function scenarioFor(base: Scenario, size: Size, load: number, traced: boolean, seconds: number): Scenario {
  return produce(base, (d) => {
    d.faults = [];
    d.duration = seconds * 1e9;
    d.warmup = 0;
    // The same share of traces kept at every size and load (the reservoir keeps a fixed number).
    d.report.keepTraces = Math.round(20 * size.factor * load);
    d.topology = { profile: size.topology.profile, overrides: {}, config: size.topology as never };
    for (const g of d.workload) {
      if (g.type === "closed") g.users = Math.round(g.users * size.factor * load);
      else g.rate *= size.factor * load;
    }
    d.tracer.enabled = traced;
    d.tracer.model = "dag";
    d.tracer.metadata = "itc";
    d.tracer.sampler = { type: "const", decision: true };
    d.tracer.collection.mode = "async";
  });
}

interface Cost {
  readonly cpu: number;
  readonly requests: number;
  readonly events: number;
  readonly kernelEvents: number;
}

/** The window [T, 2T] of a run of 2T: its CPU, user requests issued, trace events emitted and kernel events. */
function steadyWindow(s: Scenario, traced: boolean): Cost {
  const r = new ScenarioRun(s, defaultModel(), { tracing: traced });
  const T = s.duration / 2;
  const issued = () => {
    let n = 0;
    for (const [workflow, c] of r.aggregates.counts) if (!workflow.startsWith("periodic-")) n += c.issued;
    return n;
  };
  const emitted = () => (traced ? r.tracing.accounting().emitted : 0);
  r.sim.run({ until: T });
  const n0 = issued();
  const e0 = emitted();
  const k0 = r.sim.eventLog.count;
  const c0 = process.cpuUsage();
  r.sim.run({ until: s.duration });
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1e6, requests: issued() - n0, events: emitted() - e0, kernelEvents: r.sim.eventLog.count - k0 };
}

export const suite: Suite = {
  name: "scale",
  run({ quick }): SuiteResult {
    const base = loadScenario(BASELINE, defaultCatalog());
    // T: at least a minute, so every background timer has started (periodic_fuzzy_delay is
    // 60 s), and long enough for some thousands of requests at the smaller loads.
    const minT = quick ? 30 : 60;
    const requestsT = quick ? 300 : 600;
    const rounds = quick ? 1 : 5;
    // Variants: each size at 1x per-host load, traced and untraced; small at 10x.
    const variants: { key: string; seconds: number; s: Scenario; traced: boolean }[] = [];
    const variant = (key: string, size: Size, load: number, traced: boolean) => {
      const seconds = Math.max(minT, Math.round(requestsT / (size.factor * load)));
      variants.push({ key, seconds, s: scenarioFor(base, size, load, traced, 2 * seconds), traced });
    };
    for (const traced of [true, false]) {
      const mode = traced ? "traced" : "untraced";
      for (const size of SIZES) variant(`${size.label}_${mode}`, size, 1, traced);
      variant(`small_10x_${mode}`, SIZES[0]!, 10, traced);
    }
    // Warm the JIT on every code path (the multi-cell paths too) before timing.
    steadyWindow(scenarioFor(base, SIZES[1]!, 1, true, 20), true);
    steadyWindow(scenarioFor(base, SIZES[1]!, 1, false, 20), false);
    const costs = new Map<string, Cost[]>(variants.map((v) => [v.key, []]));
    for (let i = 0; i < rounds; i++) {
      for (let j = 0; j < variants.length; j++) {
        const v = variants[(i + j) % variants.length]!;
        costs.get(v.key)!.push(steadyWindow(v.s, v.traced));
      }
    }
    const perRequest = (key: string, round: number) => {
      const c = costs.get(key)![round]!;
      return (c.cpu * 1e6) / c.requests;
    };
    const result: Record<string, number> = {};
    for (const v of variants) {
      const cs = costs.get(v.key)!;
      result[`${v.key}_T_s`] = v.seconds;
      result[`${v.key}_requests_in_window`] = cs[0]!.requests;
      result[`${v.key}_cpu_us_per_request`] = median(cs.map((_, i) => perRequest(v.key, i)));
      result[`${v.key}_kernel_events_per_request`] = cs[0]!.kernelEvents / cs[0]!.requests;
      if (v.traced) result[`${v.key}_trace_events_per_request`] = cs[0]!.events / cs[0]!.requests;
    }
    const ratio = (a: string, b: string) => median(Array.from({ length: rounds }, (_, i) => perRequest(a, i) / perRequest(b, i)));
    for (const mode of ["traced", "untraced"]) {
      result[`medium_vs_small_${mode}_cpu_per_request`] = ratio(`medium_${mode}`, `small_${mode}`);
      result[`large_vs_small_${mode}_cpu_per_request`] = ratio(`large_${mode}`, `small_${mode}`);
      result[`load_10x_vs_1x_small_${mode}_cpu_per_request`] = ratio(`small_10x_${mode}`, `small_${mode}`);
    }
    printTable(
      `scale: baseline's load per host on small (x1), medium (x${MEDIUM.scale}) and large (x${LARGE.scale}), and small at 10x load; steady-state CPU per request (the window T..2T of a run), ${rounds} round(s)`,
      ["figure", "value"],
      Object.entries(result).map(([k, v]) => [k, formatNumber(v)]),
    );
    return { scale: result };
  },
};
