// `npm run bench -- sim`: simulated requests and traced events per wall second for the default
// scenario (bug-1587777) with full DAG + ITC tracing and with tracing off; time per request as a
// steady run grows from 10k to 1M requests; peak memory; and the wall time of `npm start`.
// Wall-clock reads live here, never in sim/. The machine is shared, so CPU time (this process's
// user + system) is reported next to wall time: it is what an idle machine's wall time would be.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { produce } from "immer";
import { loadScenario } from "../../sim/scenario/load.ts";
import type { Scenario } from "../../sim/scenario/load.ts";
import seedrandom from "seedrandom";
import { buildSummary, defaultCatalog, defaultModel, ScenarioRun } from "../../sim/run/index.ts";
import type { RunOptions } from "../../sim/run/index.ts";
import type { TracingFactory } from "../../sim/openstack/index.ts";
import { alwaysOff, alwaysOn, createItcMemo, createTracer } from "../../tracer/index.ts";
import type { Sampler } from "../../tracer/index.ts";
import type { Suite, SuiteResult } from "./harness.ts";
import { formatNumber, median, printTable, seconds } from "./harness.ts";
import { DEFAULT, ROOT, fullTracing, steady } from "./steady-scenario.ts";

function cpuSeconds(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

interface Measure {
  readonly run: number;
  readonly runCpu: number;
  readonly summary: number;
  readonly requests: number;
  readonly events: number;
  readonly kernelEvents: number;
  readonly virtual: number;
}

/**
 * Trace points only: every service gets a DAG + ITC tracer like the run's, whose events go to
 * a sink that only counts them. No agents, no collector, no reservoir: what is left of the
 * tracing cost is the trace points themselves (and the context on the wire). With `sampler`
 * alwaysOff every span is non-recording: the instrumentation runs and the context (ids and the
 * sampled flag) still travels on every message, but no ITC stamp is kept and no event recorded.
 */
function tracePointsOnly(sampler: Sampler = alwaysOn): { options: RunOptions; events: () => number } {
  let events = 0;
  const sink = { emit: () => void events++ };
  const wrapTracing = (): TracingFactory => {
    const itcMemo = createItcMemo();
    return (service, host) => {
      const rng = seedrandom.alea(`tracer/${host.name}/${service}`);
      const tracer = createTracer({ service, host: host.name, clock: host.clock, random: { next: () => rng() }, sampler, sink, model: "dag", metadata: "itc", itcMemo });
      return { tracer, drainCostNs: () => 0 };
    };
  };
  return { options: { tracing: true, wrapTracing }, events: () => events };
}

/** CPU seconds of one trace-points-only run, and the events its tracers emitted. */
function measurePoints(s: Scenario, sampler: Sampler = alwaysOn): { cpu: number; events: number } {
  const p = tracePointsOnly(sampler);
  const cpu = cpuSeconds(() => new ScenarioRun(s, defaultModel(), p.options).runToEnd());
  return { cpu, events: p.events() };
}

function measure(s: Scenario, tracing: boolean, summarize = true): Measure {
  let run!: ScenarioRun;
  let runCpu = 0;
  const runWall = seconds(() => {
    runCpu = cpuSeconds(() => {
      run = new ScenarioRun(s, defaultModel(), { tracing });
      run.runToEnd();
    });
  });
  let requests = 0;
  let events = 0;
  const summaryWall = summarize
    ? seconds(() => {
        const summary = buildSummary(run);
        requests = Object.values(summary.requests).reduce((n, w) => n + w.issued, 0);
        events = summary.tracer.accounting.emitted;
      })
    : 0;
  if (!summarize) {
    for (const c of run.aggregates.counts.values()) requests += c.issued;
    events = run.tracing.accounting().emitted;
  }
  return { run: runWall, runCpu, summary: summaryWall, requests, events, kernelEvents: run.sim.eventLog.count, virtual: s.duration };
}

/** Wall and CPU seconds of npm start's command; the child reports its whole CPU time as it exits. */
function npmStart(): { wall: number; cpu: number } {
  const out = mkdtempSync(join(tmpdir(), "tracebed-bench-"));
  const script = `process.on("exit",()=>{const c=process.cpuUsage();process.stderr.write("CPU "+((c.user+c.system)/1e6)+"\\n")});`;
  let result!: ReturnType<typeof spawnSync>;
  const wall = seconds(() => {
    result = spawnSync(process.execPath, ["--import", "tsx", "--import", `data:text/javascript,${encodeURIComponent(script)}`, join(ROOT, "sim/cli.ts"), "run", DEFAULT, "--out", out], {
      cwd: ROOT,
      encoding: "utf8",
    });
  });
  if (result.status !== 0) throw new Error(`npm start's command exited with ${String(result.status)}: ${String(result.stderr)}`);
  const cpu = Number(/CPU ([\d.]+)/.exec(String(result.stderr))?.[1] ?? NaN);
  return { wall, cpu };
}

export const suite: Suite = {
  name: "sim",
  run({ quick, long = false }): SuiteResult {
    const base = fullTracing(loadScenario(DEFAULT, defaultCatalog()));
    // A run is well under a second, so the first few are mostly JIT compilation: warm both
    // up before measuring steady-state throughput, then alternate which goes first (a run
    // pays for garbage the one before it left).
    const warm = quick ? 2 : 4;
    const runs = quick ? 4 : 10;
    for (let i = 0; i < warm; i++) {
      measure(base, true, false);
      measure(base, false, false);
    }
    const traced: Measure[] = [];
    const untraced: Measure[] = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        traced.push(measure(base, true));
        untraced.push(measure(base, false));
      } else {
        untraced.push(measure(base, false));
        traced.push(measure(base, true));
      }
    }
    // The split of the tracing cost, in rounds that rotate which variant goes first: the run
    // untraced; with every span unsampled (the instrumentation and the context on the wire,
    // nothing recorded); with its events discarded at the tracer (trace points only); the whole
    // collection path with a report that keeps no traces (every trace is only counted at the
    // collector); and the full run, whose report keeps up to keepTraces whole traces per period.
    // Each variant's ratio is the median over rounds of its CPU over the untraced run's.
    const noKept = produce(base, (d) => {
      d.report.keepTraces = 0;
    });
    const variants = {
      untraced: () => measure(base, false, false).runCpu,
      unsampled: () => measurePoints(base, alwaysOff).cpu,
      points: () => measurePoints(base).cpu,
      pipeline: () => measure(noKept, true, false).runCpu,
      full: () => measure(base, true, false).runCpu,
    };
    type Variant = keyof typeof variants;
    const order = Object.keys(variants) as Variant[];
    const split = Object.fromEntries(order.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
    const pointEvents = measurePoints(base).events;
    const rounds = quick ? 4 : 15;
    for (let i = 0; i < rounds; i++) {
      for (let j = 0; j < order.length; j++) {
        const name = order[(i + j) % order.length]!;
        split[name].push(variants[name]());
      }
    }
    const vsUntraced = (v: Variant) => median(split[v].map((c, i) => c / split.untraced[i]!));
    // Shares of the tracing cost (the full run's ratio minus 1), by what each step adds to the
    // ratio: from the same per-round ratios, so a drift in the machine's speed cancels.
    const share = (from: Variant, to: Variant) => (vsUntraced(to) - vsUntraced(from)) / (vsUntraced("full") - 1);

    const t = median(traced.map((m) => m.run));
    const u = median(untraced.map((m) => m.run));
    const tc = median(traced.map((m) => m.runCpu));
    const uc = median(untraced.map((m) => m.runCpu));
    // The cost ratio from each traced run and the untraced run next to it: the shared
    // machine's load drifts over seconds, so a pair sees about the same load.
    const pairRatio = (f: (m: Measure) => number) => median(traced.map((m, i) => f(m) / f(untraced[i]!)));
    const { requests, events } = traced[0]!;
    const rate = requests / (base.duration / 1e9);

    // Time per request as the run grows (the fault removed, so the load is steady).
    const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    const perRequest: Record<string, number> = {};
    const growth: Record<string, number> = {};
    let peakRss = 0;
    let peakHeap = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    // Start the memory figures from a collected heap, so garbage earlier suites left in this
    // process (npm run bench runs them all in one) does not count as the simulator's peak.
    (globalThis as { gc?: () => void }).gc?.();
    for (const tracing of [false, true]) {
      // The steady-load shape runs code the default scenario barely touches: warm it up too,
      // so the smallest run measures the model, not the JIT.
      measure(steady(base, rate, sizes[0]!), tracing, false);
      const costOf = (n: number): number => {
        const m = measure(steady(base, rate, n), tracing, false);
        sample();
        return (m.runCpu * 1e9) / m.requests;
      };
      const label = tracing ? "traced" : "untraced";
      for (const n of sizes) {
        // A traced million requests takes about ten minutes here: only with --long.
        if (tracing && !long && n > (quick ? 10_000 : 100_000)) continue;
        const size = n >= 1e6 ? `${n / 1e6}m` : `${n / 1e3}k`;
        if (n === sizes[0]) {
          // Short runs are the noisiest on a shared machine: the median of three.
          perRequest[`${label}_cpu_ns_per_request_${size}`] = median([costOf(n), costOf(n), costOf(n)]);
          continue;
        }
        // A larger run also against runs of the smallest size just before and after it: the
        // machine's speed drifts over the minutes between the sizes, and the growth in cost
        // per request is what the figure is for.
        const before = costOf(sizes[0]!);
        const cost = costOf(n);
        const after = costOf(sizes[0]!);
        perRequest[`${label}_cpu_ns_per_request_${size}`] = cost;
        growth[`${label}_cost_per_request_${size}_vs_${sizes[0]! / 1e3}k_beside_it`] = cost / ((before + after) / 2);
      }
    }
    // The spread of cost per request over the sizes: the largest growth against the smallest
    // size beside it (1 for the smallest itself), over the smallest.
    const spread = (prefix: string) => {
      const v = [1, ...Object.entries(growth).filter(([k]) => k.startsWith(prefix)).map(([, x]) => x)];
      return Math.max(...v) / Math.min(...v);
    };

    const start = npmStart();
    const result = {
      default_requests: requests,
      default_traced_events: events,
      default_run_s_traced: t,
      default_run_s_untraced: u,
      default_run_cpu_s_traced: tc,
      default_run_cpu_s_untraced: uc,
      default_summary_s: median(traced.map((m) => m.summary)),
      requests_per_s_traced: requests / t,
      traced_events_per_s: events / t,
      requests_per_s_untraced: requests / u,
      requests_per_cpu_s_traced: requests / tc,
      traced_events_per_cpu_s: events / tc,
      requests_per_cpu_s_untraced: requests / uc,
      kernel_events_per_cpu_s_untraced: untraced[0]!.kernelEvents / uc,
      tracing_cost_ratio: pairRatio((m) => m.run),
      tracing_cost_ratio_cpu: pairRatio((m) => m.runCpu),
      unsampled_points_vs_untraced_cpu: vsUntraced("unsampled"),
      trace_points_only_cpu_s: median(split.points),
      trace_points_only_events: pointEvents,
      trace_points_only_vs_untraced_cpu: vsUntraced("points"),
      no_kept_traces_cpu_s: median(split.pipeline),
      no_kept_traces_events_per_cpu_s: events / median(split.pipeline),
      no_kept_traces_vs_untraced_cpu: vsUntraced("pipeline"),
      full_vs_untraced_cpu_split_rounds: vsUntraced("full"),
      propagation_share_of_tracing_cost: share("untraced", "unsampled"),
      recording_share_of_tracing_cost: share("unsampled", "points"),
      collection_share_of_tracing_cost: share("points", "pipeline"),
      kept_traces_share_of_tracing_cost: share("pipeline", "full"),
      ...perRequest,
      ...growth,
      untraced_per_request_spread: spread("untraced"),
      traced_per_request_spread: spread("traced"),
      peak_rss_mb: peakRss / 2 ** 20,
      peak_heap_used_mb: peakHeap / 2 ** 20,
      npm_start_s: start.wall,
      npm_start_cpu_s: start.cpu,
    };
    printTable(
      "sim: default scenario (bug-1587777) with full DAG + ITC tracing vs tracing off; steady-load scaling",
      ["figure", "value"],
      Object.entries(result).map(([k, v]) => [k, formatNumber(v)]),
    );
    return { sim: result };
  },
};
