// Fidelity under faults: how much of each request's trace survives a partition, an agent-host
// crash and an overload burst, and whether event order survives clock skew.
import { PRESET_NAMES } from "../../tracer/presets/index.ts";
import type { Experiment, Results } from "./experiment.ts";
import { need } from "./experiment.ts";
import type { Job, RunResult } from "./jobs.ts";
import { barChartSvg } from "./svg.ts";
import { int, percent } from "./tables.ts";
import type { ResultTable } from "./tables.ts";

export const fidelityJobId = (preset: string): string => `run:fidelity:${preset}:full`;
export const fidelityJobs = (): Job[] => PRESET_NAMES.map((p) => ({ kind: "run", id: fidelityJobId(p), scenario: "fidelity", preset: p, sampling: "full" }));

const WINDOWS: readonly [string, string][] = [
  ["all", "Complete (all)"],
  ["host-partition", "Complete (host partitioned)"],
  ["agent-crash", "Complete (agent host crashed)"],
  ["burst", "Complete (overload burst)"],
];

export function fidelityTable(results: Results): ResultTable {
  const rows = PRESET_NAMES.map((p) => {
    const r = need<RunResult>(results, fidelityJobId(p));
    const w = (id: string) => {
      const x = r.windows?.find((v) => v.window === id);
      return x === undefined ? "—" : percent(x.complete, x.requests);
    };
    const dropped = Object.entries(r.metrics.dropped).map(([k, n]) => `${k} ${n}`).join("; ");
    return [
      p,
      int(r.metrics.requests),
      ...WINDOWS.map(([id]) => w(id)),
      int(r.loss.partial),
      int(r.loss.orphanSpans),
      dropped === "" ? "none" : dropped,
      r.wrongEdges === null || r.wrongEdges === undefined ? "—" : int(r.wrongEdges),
      r.order === undefined ? "—" : `${r.order.timestampErrors} / ${r.order.crossHostEdges}`,
      r.order?.clockErrors === null || r.order === undefined ? "—" : `${r.order.clockErrors} / ${r.order.crossHostEdges}`,
    ];
  });
  return {
    id: "fidelity",
    title: "Fidelity under faults",
    description: `Scenario \`sim/experiments/scenarios/fidelity.yaml\`, every request traced: compute-1 partitioned from the network 8–16 s, controller-3 (and its agent with its queue) crashed 20–28 s, a 150 requests/s burst 34–38 s, and controller-2's clock 40 ms behind for the whole run.
Complete: requests (started in the window) whose stored trace has one root, every parent present and every start paired with an end. Partial traces and orphan spans/events (a parent named but not stored, jaeger-ui's "orphan") over the run; dropped records by reason from the accounting ledger.
Wrong parent edges: edges the preset's own reconstruction infers that the recorded parent ids do not have (only an ITC reconstruction can differ; — for the others). Order errors: cross-host causal edges (parent → child event; for spans, parent start → child start and child end → parent end) that host timestamps put backwards, and that the logical clock puts backwards (— without one).`,
    columns: ["Preset", "Requests", ...WINDOWS.map(([, t]) => t), "Partial traces", "Orphans", "Dropped records", "Wrong parent edges", "Order errors (timestamps)", "Order errors (logical clock)"],
    rows,
  };
}

export const fidelityExperiment: Experiment = {
  id: "fidelity",
  title: "Fidelity",
  about: "Trace completeness under a partition, an agent-host crash and an overload burst; partial traces, orphan spans, records dropped by reason, wrong parent edges, causal order errors under clock skew.",
  jobs: fidelityJobs,
  build(results) {
    const t = fidelityTable(results);
    const bars = t.rows.map((r) => ({ label: r[0]!, value: Number(r[2]!.replace("%", "")) || 0, text: r[2]! }));
    return { tables: [t], files: { "fidelity-completeness.svg": barChartSvg({ title: "Complete traces under faults (whole run)", unit: "% of requests", bars }) } };
  },
};
