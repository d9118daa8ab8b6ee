// `npm run bench -- analysis`: trace reconstruction (explicit parents and ITC stamps), the DAG
// critical path and diagnosis. With --json: {"analysis": {...}}.
import { dagCriticalPath } from "../../tracer/analysis/dag-critical-path/index.ts";
import { diagnose } from "../../tracer/analysis/diagnose/index.ts";
import { dagFromItc, dagFromParents, transitiveReduction } from "../../tracer/analysis/reconstruct/index.ts";
import type { Dag } from "../../tracer/analysis/reconstruct/index.ts";
import { cloudTraces } from "../tracer/analysis/cloud-traces.ts";
import { randomTrace } from "../tracer/analysis/synthetic.ts";
import { formatNumber, median, printTable, ratePerSecond, seconds } from "./harness.ts";
import type { Suite } from "./harness.ts";

export const suite: Suite = {
  name: "analysis",
  run({ quick }) {
    const big = Array.from({ length: quick ? 5 : 20 }, (_, i) => randomTrace({ seed: `bench-${i}`, targetEvents: 1000 }));
    const bigEvents = big.reduce((s, t) => s + t.events.length, 0);
    const explicitRate = ratePerSecond(bigEvents, () => big.forEach((t) => dagFromParents(t)));
    const reducedRate = ratePerSecond(bigEvents, () => big.forEach((t) => transitiveReduction(dagFromParents(t))));
    const itcRate = ratePerSecond(bigEvents, () => big.forEach((t) => dagFromItc(t)));
    // Work done, independent of how busy the machine is: stamp comparisons per event.
    let comparisons = 0;
    let chains = 0;
    for (const t of big) {
      const counters = { comparisons: 0, chains: 0 };
      dagFromItc(t, { counters });
      comparisons += counters.comparisons;
      chains += counters.chains;
    }
    const perTrace = (rate: number) => (1000 / rate) * 1000; // ms per 1,000 events
    // Peer measured in the same run, so ratios survive a busy machine: parsing the same
    // events from JSON (what reading a trace file costs anyway).
    const texts = big.map((t) => JSON.stringify(t.events));
    const jsonRate = ratePerSecond(bigEvents, () => texts.forEach((s) => JSON.parse(s)));

    const requests = cloudTraces({ seed: "bench-cp", count: quick ? 500 : 2000, itc: false });
    const dags: Dag[] = requests.map((t) => transitiveReduction(dagFromParents(t)));
    const cpRate = ratePerSecond(dags.length, () => dags.forEach((d) => dagCriticalPath(d)));

    const perWindow = quick ? 2000 : 10_000;
    const before = cloudTraces({ seed: "bench-before", count: perWindow, itc: false });
    const after = cloudTraces({ seed: "bench-after", count: perWindow, validateSlowdownNs: 25e6, itc: false });
    const runs = quick ? 1 : 3;
    const times: number[] = [];
    let culprit = "";
    for (let i = 0; i < runs; i++) times.push(seconds(() => (culprit = diagnose(before, after).culprits[0]?.service ?? "none")));
    const diagnoseSeconds = median(times);

    const figures = {
      reconstruct_explicit_events_per_s: explicitRate,
      reconstruct_explicit_reduced_events_per_s: reducedRate,
      reconstruct_itc_events_per_s: itcRate,
      reconstruct_explicit_ms_per_1000_events: perTrace(explicitRate),
      reconstruct_itc_ms_per_1000_events: perTrace(itcRate),
      itc_vs_explicit_cost_ratio: explicitRate / itcRate,
      itc_stamp_comparisons_per_event: comparisons / bigEvents,
      itc_chains_per_trace: chains / big.length,
      json_parse_events_per_s: jsonRate,
      explicit_vs_json_parse_cost_ratio: jsonRate / explicitRate,
      itc_vs_json_parse_cost_ratio: jsonRate / itcRate,
      dag_critical_path_traces_per_s: cpRate,
      dag_critical_path_events_per_trace: requests.reduce((s, t) => s + t.events.length, 0) / requests.length,
      diagnose_traces_per_window: perWindow,
      diagnose_seconds: diagnoseSeconds,
    };
    printTable(
      `analysis (culprit found: ${culprit})`,
      ["measure", "value"],
      Object.entries(figures).map(([k, v]) => [k, formatNumber(v)]),
    );
    return { analysis: figures };
  },
};
