// The talk's thesis as an experiment: do the DAG model and ITC metadata give better answers than
// spans and timestamps? The simulator is the oracle: the kernel records what every step of every
// request waited on (sim/kernel/causality.ts), so each request's true critical path and the true
// order of its trace points are known, and each preset's stored traces are scored against them —
// critical paths by the DAG walk and by Jaeger's and CRISP's span heuristics, diagnoses on a
// subset of the fault matrix, orderings under skewed clocks. Every preset traces every request.
import { PRESET_NAMES } from "../../../tracer/presets/index.ts";
import type { Experiment, Results } from "../experiment.ts";
import { need } from "../experiment.ts";
import type { Job } from "../jobs.ts";
import type { MatrixResult } from "../matrix-run.ts";
import { percent } from "../tables.ts";
import type { ResultTable } from "../tables.ts";
import { METHOD_NAMES, METHODS } from "./estimate.ts";
import type { Method } from "./estimate.ts";
import { THESIS_CONTROLS, THESIS_FORMS, THESIS_SEEDS, THESIS_SEVERITY, thesisCells, thesisMatrixJobId, thesisMatrixJobs } from "./matrix.ts";
import type { OrderCounts } from "./ordering.ts";
import type { MethodTotals, ThesisRunResult, ThesisScenario } from "./run.ts";
import { storesTraces } from "./tracing.ts";

export const thesisJobId = (preset: string, scenario: ThesisScenario): string => `thesis:${scenario}:${preset}`;

const SCENARIOS: readonly ThesisScenario[] = ["thesis", "thesis-skew"];

/** Presets the diagnosis matrix runs with: those that store traces at all. */
const diagnosed = (): string[] => PRESET_NAMES.filter(storesTraces);

function runs(r: Results, preset: string): Record<ThesisScenario, ThesisRunResult> {
  return { thesis: need<ThesisRunResult>(r, thesisJobId(preset, "thesis")), "thesis-skew": need<ThesisRunResult>(r, thesisJobId(preset, "thesis-skew")) };
}

const meanError = (t: MethodTotals | undefined, key: "errorSum" | "serviceErrorSum" | "missedSum"): string => (t === undefined ? "—" : percent(t[key], t.requests, 2));
const share = (t: MethodTotals | undefined, key: "exact" | "topRight"): string => (t === undefined ? "—" : percent(t[key], t.requests, 0));

const MISSED = `Operation time missed: the share of the request's true latency that is an operation's own time (the network left out) and that the estimate does not give to that operation, Σ_{a ≠ network} max(0, T(a) − E(a)) / ΣT(a): work charged to the wrong operation (a wrong child picked, a span clipped) shows here; time only moved between the network and the operations either side of a message, or added by a skewed clock, does not.`;

const METRIC = `Error of a request's critical path: with T(a) and E(a) the time the true and the estimated path give activity a — a service's operation (the handler a server runs, \`code.function.name\` on its span; a database or cache call is the server's operation, from \`peer.service\` and \`db.operation.name\`; a root span is its own name; any other span belongs to its parent's activity) or \`network\` (a message on its way) — error = Σ|T(a) − E(a)| / (2 · ΣT(a)): the share of the request's true latency the estimate puts on the wrong activity (an estimate longer or shorter than the truth, as skewed clocks make it, also pays half the difference). Service-level: the same with a service's operations taken together. Means over requests.`;

const TRUTH = `Truth: the kernel's causality record (\`sim/kernel/causality.ts\`). Every process step and callback is a point whose predecessor is whoever ended its wait — the timer the process set itself, the process that triggered the event it waited on, the last child of an all(), the sender of a message; a wait someone outside the request ended (a pool slot another request freed, a shared timer list) is the waiter's own time. Walking back from the request's end gives its true critical path; the model names each process's activity (\`sim/openstack/truth.ts\`) without any tracer. Estimates: the DAG critical path (\`tracer/analysis/dag-critical-path\`, network sections charged to \`network\`) on traces of events; Jaeger UI's (siblings that end exactly when the next starts count as its predecessor, as any real clock gap would make them) and CRISP's span heuristics (\`tracer/analysis/span-critical-path\`) on traces of spans and on the span projection of event traces.`;

function criticalPathTable(r: Results): ResultTable {
  const rows: string[][] = [];
  for (const p of PRESET_NAMES) {
    const x = runs(r, p);
    const applied = METHODS.filter((m) => x.thesis.methods[m] !== undefined || x["thesis-skew"].methods[m] !== undefined);
    const model = x.thesis.methods.dag !== undefined ? "events (DAG)" : applied.length > 0 ? "spans" : "—";
    if (applied.length === 0) {
      rows.push([p, model, "no per-request traces stored", `0 / ${x.thesis.requests}`, ...new Array<string>(10).fill("—")]);
      continue;
    }
    for (const m of applied) {
      const a = x.thesis.methods[m];
      const b = x["thesis-skew"].methods[m];
      rows.push([
        p,
        model,
        METHOD_NAMES[m],
        `${x.thesis.stored} / ${x.thesis.requests}`,
        meanError(a, "errorSum"),
        meanError(b, "errorSum"),
        meanError(a, "missedSum"),
        meanError(b, "missedSum"),
        meanError(a, "serviceErrorSum"),
        meanError(b, "serviceErrorSum"),
        share(a, "exact"),
        share(b, "exact"),
        share(a, "topRight"),
        share(b, "topRight"),
      ]);
    }
  }
  const net = PRESET_NAMES.map((p) => runs(r, p).thesis).filter((x) => x.truthNs > 0);
  const netShare = net.length === 0 ? "—" : percent(net.reduce((s, x) => s + x.networkShareSum, 0), net.reduce((s, x) => s + x.stored, 0), 1);
  const netTime = net.length === 0 ? "—" : percent(net.reduce((s, x) => s + x.truthNetworkNs, 0), net.reduce((s, x) => s + x.truthNs, 0), 1);
  return {
    id: "thesis-critical-path",
    title: "Thesis: critical-path error against the true path",
    description: `Scenarios \`sim/experiments/scenarios/thesis.yaml\` (every workflow, no faults) and \`thesis-skew.yaml\` (the same load with controller-2's clock 10 ms behind and compute-1's 5 ms ahead), every preset tracing every request (sampler always on; an on-demand system with a signed trigger on every request), so the presets are compared on equal terms of data. Requests started after the warm-up whose trace was stored are scored (stored / run, no-skew run); Hindsight stores only the traces its triggers pull.
${TRUTH}
${METRIC} ${MISSED} Within 1%: requests whose error is under 1%. Top operation: requests whose operation with the most critical-path time (the network left out) is the true one's. In the no-skew runs the network is ${netShare} of a request's true critical path on average (${netTime} of all critical-path time): time a span heuristic can only charge to the caller's span.`,
    columns: [
      "Preset",
      "Stored data",
      "Method",
      "Requests (stored / run)",
      "Error",
      "Error, skewed clocks",
      "Operation time missed",
      "Operation time missed, skewed",
      "Service-level error",
      "Service-level, skewed",
      "Within 1%",
      "Within 1%, skewed",
      "Top operation right",
      "Top operation, skewed",
    ],
    rows,
  };
}

function workflowTable(r: Results): ResultTable {
  const pooled = new Map<string, Record<string, [number, number]>>();
  for (const p of PRESET_NAMES) {
    for (const s of SCENARIOS) {
      const x = runs(r, p)[s];
      for (const [w, ms] of Object.entries(x.byWorkflow)) {
        const row = pooled.get(w) ?? {};
        pooled.set(w, row);
        for (const m of METHODS) {
          const v = ms[m];
          if (v === undefined) continue;
          const cell = (row[`${m}/${s}`] ??= [0, 0]);
          cell[0] += v[0];
          cell[1] += v[1];
        }
      }
    }
  }
  const workflows = [...pooled.keys()].sort();
  return {
    id: "thesis-critical-path-workflows",
    title: "Thesis: critical-path error per workflow",
    description: `The critical-path error of \`thesis-critical-path\`, per workflow, each method's requests pooled over the presets it applies to (the DAG walk: presets storing events; the span heuristics: every preset's spans, projected from events where needed). ${METRIC}`,
    columns: ["Workflow", ...METHODS.flatMap((m) => [METHOD_NAMES[m], `${METHOD_NAMES[m]}, skewed clocks`])],
    rows: workflows.map((w) => {
      const row = pooled.get(w)!;
      return [w, ...METHODS.flatMap((m) => SCENARIOS.map((s) => (row[`${m}/${s}`] === undefined ? "—" : percent(row[`${m}/${s}`]![1], row[`${m}/${s}`]![0], 2))))];
    }),
  };
}

const wrong = (c: OrderCounts | null): string => (c === null ? "—" : c.pairs === 0 ? "no pairs" : `${percent(c.reversed + c.unordered, c.pairs, 1)} (${c.reversed} reversed, ${c.unordered} unordered)`);

function orderingTable(r: Results): ResultTable {
  const rows = PRESET_NAMES.map((p) => {
    const x = runs(r, p);
    const o = x["thesis-skew"].order;
    return [p, String(o.timestamps.pairs), wrong(x.thesis.order.timestamps), wrong(o.timestamps), wrong(o.edges), wrong(o.itc)];
  });
  return {
    id: "thesis-ordering",
    title: "Thesis: ordering errors under clock skew",
    description: `The runs of \`thesis-critical-path\`. Pairs: pairs of span boundaries (a span's start or end) of one stored trace, on different hosts, that truly happened one before the other — the second's point in the kernel's causality record descends from the first's (program order, the messages and events waited on, the children joined; a start the model backdated to a queued message's arrival is left out, the record having no point for it). Wrong: pairs the stored data orders the other way (reversed) or cannot order (unordered): by timestamps (every trace; equal timestamps are unordered), by the stored DAG's explicit edges (traces of events: no path either way is unordered), by ITC stamps (events that carry them: incomparable or equal stamps are unordered). Skewed clocks: \`thesis-skew.yaml\`.`,
    columns: ["Preset", "Cross-host causal pairs (skewed run)", "Wrong by timestamps, no skew", "Wrong by timestamps, skewed clocks", "Wrong by stored DAG edges, skewed clocks", "Wrong by ITC stamps, skewed clocks"],
    rows,
  };
}

function diagnosisTable(r: Results): ResultTable {
  const cells = thesisCells();
  const faults = cells.filter((c) => c.fault !== null);
  const controls = cells.filter((c) => c.fault === null);
  const rows = diagnosed().map((p) => {
    const got = (ids: typeof cells) => ids.map((c) => need<MatrixResult>(r, thesisMatrixJobId(p, c.id)));
    const f = got(faults);
    const k = got(controls);
    const top = (n: number) => f.filter((x) => x.ranking.rankOfTruth !== null && x.ranking.rankOfTruth <= n).length;
    const traces = (x: MatrixResult) => x.tracesBefore + x.tracesAfter;
    return [
      p,
      `${top(1)} / ${f.length}`,
      percent(top(1), f.length, 0),
      percent(top(3), f.length, 0),
      `${k.filter((x) => x.ranking.named > 0).length} / ${k.length}`,
      String(Math.round(f.concat(k).reduce((s, x) => s + traces(x), 0) / (2 * (f.length + k.length)))),
    ];
  });
  return {
    id: "thesis-diagnosis",
    title: "Thesis: diagnosis accuracy per preset",
    description: `The diagnosis matrix (\`sim/experiments/diagnosis-matrix.ts\`, scored by \`diagnosis-score.ts\`) on a subset of its cells, run with each preset tracing every request: forms ${THESIS_FORMS.map((f) => `\`${f}\``).join(", ")} at ${THESIS_SEVERITY} severity, seeds ${THESIS_SEEDS.join(" and ")}, and the fault-free controls ${THESIS_CONTROLS.join(" and ")} (a subset, to keep the experiment to a few CPU-minutes). The dag-itc row is the diagnosis matrix's own cells (the default tracer is dag-itc tracing every request). Pivot Tracing stores no traces and is not run. Top-1 / top-3: fault cells whose diagnosis names the injected component first (among its first three). False alarms: controls where it named anything. Traces: kept traces compared per window (the reservoir's 250 a window; Hindsight keeps only what its triggers pulled).`,
    columns: ["Preset", "Named first", "Top-1", "Top-3", "False alarms", "Traces per window"],
    rows,
  };
}

function diagnosisFormsTable(r: Results): ResultTable {
  const presets = diagnosed();
  const cells = thesisCells().filter((c) => c.fault !== null);
  return {
    id: "thesis-diagnosis-forms",
    title: "Thesis: diagnosis per fault form and preset",
    description: `The cells of \`thesis-diagnosis\` by fault form: cells (of ${THESIS_SEEDS.length}) whose diagnosis names the injected component first.`,
    columns: ["Fault", ...presets],
    rows: THESIS_FORMS.map((form) => [
      form,
      ...presets.map((p) => {
        const xs = cells.filter((c) => c.form === form).map((c) => need<MatrixResult>(r, thesisMatrixJobId(p, c.id)));
        return `${xs.filter((x) => x.ranking.rankOfTruth === 1).length} / ${xs.length}`;
      }),
    ]),
  };
}

export const thesisExperiment: Experiment = {
  id: "thesis",
  title: "The thesis: DAG and ITC against spans and timestamps",
  about:
    "Each preset's stored traces scored against the simulator's true causality: the critical-path error of the DAG walk and of Jaeger's and CRISP's span heuristics (without and with skewed clocks), diagnosis accuracy on a subset of the fault matrix, and the share of causally ordered cross-host pairs the stored data orders wrongly under skew.",
  jobs(): Job[] {
    const jobs: Job[] = [];
    for (const s of SCENARIOS) for (const p of PRESET_NAMES) jobs.push({ kind: "thesis", id: thesisJobId(p, s), preset: p, scenario: s });
    return [...jobs, ...thesisMatrixJobs(diagnosed())];
  },
  build: (r) => ({ tables: [criticalPathTable(r), workflowTable(r), orderingTable(r), diagnosisTable(r), diagnosisFormsTable(r)], files: {} }),
};

/** "12.34%" → 12.34; anything else → undefined. */
const pct = (cell: string | undefined): number | undefined => {
  const m = /^(-?\d+(?:\.\d+)?)%/.exec(cell ?? "");
  return m === null ? undefined : Number(m[1]);
};

/** For results/README.md: what the thesis tables say, read from the tables alone (means pooled over presets, weighted by requests or pairs). */
export function thesisHeadlines(tables: readonly ResultTable[]): string[] {
  const out: string[] = [];
  const cp = tables.find((t) => t.id === "thesis-critical-path");
  if (cp !== undefined) {
    const col = (name: string) => cp.columns.indexOf(name);
    const requests = col("Requests (stored / run)");
    const pooled = (method: Method, model: string, c: number): string | undefined => {
      let sum = 0;
      let n = 0;
      for (const x of cp.rows) {
        const v = pct(x[c]);
        if (x[2] !== METHOD_NAMES[method] || x[1] !== model || v === undefined) continue;
        const k = Number(x[requests]!.split(" / ")[0]);
        sum += v * k;
        n += k;
      }
      return n === 0 ? undefined : `${(sum / n).toFixed(2)}%`;
    };
    const part = (c: number): string =>
      [
        ["the DAG critical path", pooled("dag", "events (DAG)", c)],
        ["Jaeger's span heuristic", pooled("jaeger", "spans", c)],
        ["CRISP's", pooled("crisp", "spans", c)],
      ]
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
    out.push(
      `- Thesis, critical paths (every request traced; the DAG walk on the presets storing events, the span heuristics on the span presets' own data): the share of a request's true latency attributed to the wrong activity (a service's operation, or the network) is, without skew, ${part(col("Error"))}; with skewed clocks, ${part(col("Error, skewed clocks"))}. Of that, operations' own time given to another: ${part(col("Operation time missed"))} without skew; ${part(col("Operation time missed, skewed"))} with it.`,
    );
  }
  const o = tables.find((t) => t.id === "thesis-ordering");
  if (o !== undefined) {
    const pairs = o.columns.indexOf("Cross-host causal pairs (skewed run)");
    const pooled = (c: number): string => {
      let wrong = 0;
      let n = 0;
      for (const x of o.rows) {
        const m = /\((\d+) reversed, (\d+) unordered\)/.exec(x[c]!);
        if (m === null) continue;
        wrong += Number(m[1]) + Number(m[2]);
        n += Number(x[pairs]);
      }
      return n === 0 ? "—" : `${((100 * wrong) / n).toFixed(2)}%`;
    };
    out.push(
      `- Thesis, ordering under skew: of the causally ordered pairs of trace points on different hosts, timestamps order ${pooled(o.columns.indexOf("Wrong by timestamps, skewed clocks"))} wrongly; the stored DAG's edges ${pooled(o.columns.indexOf("Wrong by stored DAG edges, skewed clocks"))}; ITC stamps ${pooled(o.columns.indexOf("Wrong by ITC stamps, skewed clocks"))}.`,
    );
  }
  const d = tables.find((t) => t.id === "thesis-diagnosis");
  if (d !== undefined) out.push(`- Thesis, diagnosis (top-1 on the matrix subset, every request traced): ${d.rows.map((x) => `${x[0]} ${x[2]}`).join(", ")}.`);
  return out;
}
