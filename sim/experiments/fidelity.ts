// Fidelity under faults: how much of each request's trace survives a partition, an agent-host
// crash and a burst, judged at query time and (for backends that assemble a trace after a
// window) as assembled when the window closed; what was dropped, stage by stage; whether event
// order survives clock skew. And under overload: a burst while the backend stalls, so every
// stage's queue fills and its drop policy decides which traces end up incomplete.
import { PRESET_NAMES } from "../../tracer/presets/index.ts";
import type { Experiment, Results } from "./experiment.ts";
import { need } from "./experiment.ts";
import type { Job, RunResult, Variant } from "./jobs.ts";
import { SMALL_POOL } from "./jobs.ts";
import { barChartSvg } from "./svg.ts";
import { int, ms, percent } from "./tables.ts";
import type { ResultTable } from "./tables.ts";

export const fidelityJobId = (preset: string): string => `run:fidelity:${preset}:full`;
export const fidelityJobs = (): Job[] => PRESET_NAMES.map((p) => ({ kind: "run", id: fidelityJobId(p), scenario: "fidelity", preset: p, sampling: "full" }));

/** Overload rows: every preset, then variants that differ only in their drop policy or pool. */
export const OVERLOAD_ROWS: readonly { readonly preset: string; readonly variant?: Variant; readonly label: string }[] = [
  ...PRESET_NAMES.map((p) => ({ preset: p, label: p })),
  { preset: "jaeger", variant: "drop-oldest", label: "jaeger, every queue drop-oldest" },
  { preset: "otel", variant: "drop-oldest", label: "otel, every queue drop-oldest" },
  { preset: "hindsight", variant: "small-pool", label: `hindsight, ${SMALL_POOL} buffers per host` },
];

export const overloadJobId = (preset: string, variant?: Variant): string => `run:overload:${preset}:full${variant === undefined ? "" : `:${variant}`}`;
export const overloadJobs = (): Job[] =>
  OVERLOAD_ROWS.map((r): Job => ({ kind: "run", id: overloadJobId(r.preset, r.variant), scenario: "overload", preset: r.preset, sampling: "full", ...(r.variant === undefined ? {} : { variant: r.variant }) }));

const drops = (r: RunResult): string => {
  const d = Object.entries(r.metrics.droppedByStage).map(([k, n]) => `${k} ${n}`);
  return d.length === 0 ? "none" : d.join("; ");
};

const windowOf = (r: RunResult, id: string) => r.windows?.find((v) => v.window === id);

/** "q%" at query time, or "q% (w% at the window)" when the window's assembly saw less. */
function completeCell(r: RunResult, id: string): string {
  const w = windowOf(r, id);
  if (w === undefined) return "—";
  const q = percent(w.complete, w.requests);
  return w.completeAtAssembly === w.complete ? q : `${q} (${percent(w.completeAtAssembly, w.requests)} at the window)`;
}

const storedWhole = (r: RunResult): string => {
  const n = r.loss.complete + r.loss.partial;
  return n === 0 ? "no traces stored" : `${percent(r.loss.complete, n)} of ${int(n)}`;
};

const retroCell = (r: RunResult): string => {
  const x = r.retroactive;
  if (x === undefined) return "—";
  return `${x.triggers} triggers, ${x.pulls} pulls, mean ${ms(x.pullLatencyMeanNs, 1)} ms / max ${ms(x.pullLatencyMaxNs, 1)} ms; ${x.evictedBeforeTrigger} records evicted before their pull`;
};

const WINDOWS: readonly [string, string][] = [
  ["all", "Complete (all)"],
  ["host-partition", "Complete (host partitioned)"],
  ["agent-crash", "Complete (agent host crashed)"],
  ["burst", "Complete (burst)"],
];

export function fidelityTable(results: Results): ResultTable {
  const rows = PRESET_NAMES.map((p) => {
    const r = need<RunResult>(results, fidelityJobId(p));
    return [
      p,
      int(r.metrics.requests),
      ...WINDOWS.map(([id]) => completeCell(r, id)),
      storedWhole(r),
      r.lateRecords === 0 ? "0" : `${int(r.lateRecords)} (${int(r.lossAtAssembly.partial - r.loss.partial)} traces partial at the window)`,
      int(r.loss.partial),
      int(r.loss.orphanSpans),
      drops(r),
      retroCell(r),
      r.wrongEdges === null || r.wrongEdges === undefined ? "—" : int(r.wrongEdges),
      r.order === undefined ? "—" : `${r.order.timestampErrors} / ${r.order.crossHostEdges}`,
      r.order?.clockErrors === null || r.order === undefined ? "—" : `${r.order.clockErrors} / ${r.order.crossHostEdges}`,
    ];
  });
  return {
    id: "fidelity",
    title: "Fidelity under faults",
    description: `Scenario \`sim/experiments/scenarios/fidelity.yaml\`, every request traced: compute-1 partitioned from the network 8–16 s, controller-3 (and its reporter, relay or buffers) crashed 20–28 s, a 150 requests/s burst 34–38 s, and controller-2's clock 40 ms behind for the whole run.
Complete: requests (started in the window) whose stored trace has one root, every parent present and every start paired with an end, judged at query time, when every record that reached the backend is in. Backends that assemble a trace after a quiet period (a window: dag-itc, canopy) also show, in parentheses where it is lower, completeness as assembled when the window closed: the difference is the window's doing, not the model's. Stored traces whole: of the traces stored at all (retroactive and on-demand designs store only some). Late records: records that reached the backend after their trace's window closed (still stored). Partial traces and orphan spans/events (a parent named but not stored, jaeger-ui's "orphan") at query time; dropped records by stage and reason from the accounting ledger. Retroactive: triggers fired, agents pulled over the network (following breadcrumbs) and the pull latency from a trigger firing to its arrival.
Wrong parent edges: edges the logical-clock reconstruction infers that the recorded parent ids do not have (only stored data with ITC stamps can differ; — for the others). Order errors: stored cross-host causal edges (parent → child event; for spans, parent start → child start and child end → parent end) that host timestamps put backwards, and that the stored logical clock puts backwards (— without one).`,
    columns: [
      "Preset",
      "Requests",
      ...WINDOWS.map(([, t]) => t),
      "Stored traces whole",
      "Late records",
      "Partial traces",
      "Orphans",
      "Dropped records",
      "Retroactive pulls",
      "Wrong parent edges",
      "Order errors (timestamps)",
      "Order errors (logical clock)",
    ],
    rows,
  };
}

export function overloadTable(results: Results): ResultTable {
  const rows = OVERLOAD_ROWS.map(({ preset, variant, label }) => {
    const r = need<RunResult>(results, overloadJobId(preset, variant));
    return [
      label,
      int(r.metrics.requests),
      completeCell(r, "all"),
      completeCell(r, "backend-stall"),
      storedWhole(r),
      int(r.loss.partial),
      int(r.loss.orphanSpans),
      drops(r),
      retroCell(r),
    ];
  });
  return {
    id: "overload",
    title: "Collection under overload",
    description: `Scenario \`sim/experiments/scenarios/overload.yaml\`, every request traced: steady load plus a 200 requests/s burst 6–26 s, while the tracing backend's host is frozen 8–26 s (a storage stall: it answers nothing, and takes what was held when it thaws). Senders that wait on the backend stop draining, so each stage fills in its own way: the in-process reporters' queues ("agent"), Jaeger's per-host agents ("relay"), the backend's ingest queue when the held data arrives at once ("collector"), Hindsight's buffer pools ("buffer"). Every preset uses its real system's queue sizes and drop policies; the variant rows change only the drop policy (every queue drops its oldest item instead of refusing the new one) or shrink Hindsight's pool from 10,000 to ${SMALL_POOL} buffers per host, so a 20 s overload evicts data before its trigger's pull arrives.
Complete: requests whose stored trace is whole at query time, of all requests and of those started during the stall. Stored traces whole, partial traces, orphans and dropped records by stage and reason as in \`fidelity\`.`,
    columns: ["Preset", "Requests", "Complete (all)", "Complete (started during the stall)", "Stored traces whole", "Partial traces", "Orphans", "Dropped records", "Retroactive pulls"],
    rows,
  };
}

export const fidelityExperiment: Experiment = {
  id: "fidelity",
  title: "Fidelity",
  about: "Trace completeness under a partition, an agent-host crash and a burst (at query time, and at a window's close), records dropped by stage and reason, retroactive pulls, wrong parent edges, causal order errors under clock skew; and collection under overload, where each stage's queue and drop policy decide which traces survive.",
  jobs: () => [...fidelityJobs(), ...overloadJobs()],
  build(results) {
    const t = fidelityTable(results);
    const o = overloadTable(results);
    const bars = t.rows.map((r) => ({ label: r[0]!, value: Number(r[2]!.replace(/%.*$/, "")) || 0, text: r[2]!.replace(/ \(.*$/, "") }));
    return { tables: [t, o], files: { "fidelity-completeness.svg": barChartSvg({ title: "Complete traces under faults (whole run, at query time)", unit: "% of requests", bars }) } };
  },
};
