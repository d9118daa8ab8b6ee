// The diagnosis matrix: does the run's diagnosis name the injected component, for every fault
// kind and target form, at three severities and five seeds, and does it stay silent on
// fault-free controls? The same kept traces also feed two baselines, so the table says what
// the component ranking adds over ranking span names.
import type { Experiment, Results } from "./experiment.ts";
import { need } from "./experiment.ts";
import { FORMS, HELD_OUT_FORMS, HELD_OUT_SEEDS, heldOutCells, matrixCells, SEVERITIES, withoutFaultCells } from "./diagnosis-matrix.ts";
import type { FaultForm, MatrixCell } from "./diagnosis-matrix.ts";
import type { Job } from "./jobs.ts";
import { faultEffect } from "./matrix-run.ts";
import type { MatrixResult, MethodOutcome } from "./matrix-run.ts";
import { percent } from "./tables.ts";
import type { ResultTable } from "./tables.ts";

export const matrixJobId = (cell: string): string => `matrix:${cell}`;

type Method = "ranking" | "selfTime" | "duration";
const METHODS: readonly { key: Method; name: string }[] = [
  { key: "ranking", name: "diagnosis" },
  { key: "selfTime", name: "largest mean self-time increase" },
  { key: "duration", name: "largest mean duration increase" },
];

const top1 = (o: MethodOutcome): boolean => o.rankOfTruth === 1;
const top3 = (o: MethodOutcome): boolean => o.rankOfTruth !== null && o.rankOfTruth <= 3;

function results(r: Results, cells: readonly MatrixCell[] = matrixCells()): MatrixResult[] {
  return cells.map((c) => need<MatrixResult>(r, matrixJobId(c.id)));
}

/** Each fault cell's effect against its seed's run without the fault, and whether it changed anything the clients saw. */
function effects(r: Results): Map<string, { readonly effect: number; readonly none: boolean }> {
  const without = new Map(withoutFaultCells().map((c) => [c.seed, need<MatrixResult>(r, matrixJobId(c.id)).window]));
  const out = new Map<string, { effect: number; none: boolean }>();
  for (const x of results(r)) {
    const w = without.get(x.seed);
    if (x.form === "control" || w === undefined) continue;
    // The run is deterministic: the same requests, failures and total time mean the fault never bit.
    const none = x.window.requests === w.requests && x.window.failed === w.failed && x.window.meanNs === w.meanNs;
    out.set(x.cell, { effect: faultEffect(x.window, w), none });
  }
  return out;
}

const signedPercent = (x: number): string => `${x >= 0 ? "+" : "−"}${(Math.abs(x) * 100).toFixed(2)}%`;

export function matrixEffectTable(r: Results): ResultTable {
  const all = results(r).filter((x) => x.form !== "control");
  const effect = effects(r);
  const rows: string[][] = [];
  const groups: readonly { readonly name: string; readonly cells: readonly MatrixResult[] }[] = [
    ...SEVERITIES.map((s) => ({ name: s, cells: all.filter((x) => x.severity === s) })),
    { name: "medium + strong", cells: all.filter((x) => x.severity !== "mild") },
  ];
  // A clock's skew moves only the timestamps that traces record: the requests see nothing.
  const clock = (x: MatrixResult) => x.form.startsWith("clock-skew/");
  for (const g of groups) {
    const split = [
      { name: "what its requests met", cells: g.cells.filter((x) => !clock(x) && !effect.get(x.cell)!.none) },
      { name: "nothing its requests met", cells: g.cells.filter((x) => !clock(x) && effect.get(x.cell)!.none) },
      { name: "only timestamps (clock skew)", cells: g.cells.filter(clock) },
    ];
    for (const part of split) rows.push([g.name, part.name, String(part.cells.length), ...METHODS.flatMap((m) => accuracyCells(part.cells, m.key))]);
  }
  return {
    id: "diagnosis-matrix-effect",
    title: "Diagnosis matrix: faults that changed nothing",
    description:
      "The same cells, split by whether the fault changed anything its clients saw: each cell's requests started in the fault's window (how many, how many failed, their mean response time) against the same seed's run without the fault. The runs are deterministic and a fault draws from its own random stream, so identical figures mean the fault never bit (a pool limited to more connections or workers than were ever busy at once, a freeze while nothing called the instance): no method can name such a fault from the traces. A clock's skew is apart: it moves only the timestamps traces record. Where it did change something, the cell table's fault effect (the mean response time it added, as a fraction of the mean without it, plus the share of requests it failed; `faultEffect` in `sim/experiments/matrix-run.ts`) is only indicative: once one request is slower, every later one meets different draws, so the two runs drift apart by a few percent either way.",
    columns: ["Severity", "The fault changed", "Cells", ...METHODS.flatMap((m) => [`${m.name} top-1`, `${m.name} top-3`])],
    rows,
  };
}

function accuracyCells(rows: readonly MatrixResult[], m: Method): [string, string] {
  return [percent(rows.filter((x) => top1(x[m])).length, rows.length, 0), percent(rows.filter((x) => top3(x[m])).length, rows.length, 0)];
}

/** Accuracy per form and severity, then over all forms per severity and over medium + strong. */
function accuracyRows(all: readonly MatrixResult[], forms: readonly FaultForm[]): string[][] {
  const rows: string[][] = [];
  for (const f of forms) {
    for (const s of SEVERITIES) {
      const cells = all.filter((x) => x.form === f.id && x.severity === s);
      rows.push([f.id, s, String(cells.length), ...METHODS.flatMap((m) => accuracyCells(cells, m.key))]);
    }
  }
  for (const s of SEVERITIES) {
    const cells = all.filter((x) => x.severity === s);
    rows.push(["all kinds", s, String(cells.length), ...METHODS.flatMap((m) => accuracyCells(cells, m.key))]);
  }
  const medStrong = all.filter((x) => x.severity === "medium" || x.severity === "strong");
  rows.push(["all kinds", "medium + strong", String(medStrong.length), ...METHODS.flatMap((m) => accuracyCells(medStrong, m.key))]);
  return rows;
}

export function matrixTable(r: Results): ResultTable {
  const all = results(r);
  const rows = accuracyRows(all, FORMS);
  const controls = all.filter((x) => x.form === "control");
  rows.push(["control (no fault)", "—", String(controls.length), ...METHODS.flatMap((m) => [`false alarms ${percent(controls.filter((x) => x[m.key].named > 0).length, controls.length, 0)}`, "—"])]);
  return {
    id: "diagnosis-matrix",
    title: "Diagnosis matrix",
    description: `Scenario \`sim/experiments/scenarios/matrix.yaml\` (the small cloud under steady mixed load, with a Rally boot-and-delete runner), one fault per cell from 50 s to 90 s, ${FORMS.length} fault kinds and target forms × ${SEVERITIES.length} severities × 5 seeds (each seed aims the fault at a different component), plus fault-free controls. Every cell runs the full pipeline with the default tracer; the diagnosis compares the kept traces (successful, failed and timed-out requests, up to 400 per period, outcome and workflow, which is every request of a window, weighted by their stratum) of requests started in 10–50 s, as they stood at 50 s (what a request still running then did after it is left out: it met the fault), with those started in 50–90 s; the run goes on to 160 s so that requests waiting out a 60 s RPC timeout finish, and the clients give up on a server create or delete after 60 s (Rally's boot timeout, shortened), so one whose message was lost ends inside the run as a failed request.
Top-1 / top-3: cells whose first (first three) named components include one the fault hit, as its record in summary.json lists them (\`faults[].components\`), or a part of its target: an operation or instance of a service whose every operation was hit, an instance on a crashed host, the only instance of a service (\`sim/experiments/diagnosis-score.ts\`). Baselines, from the same traces: the \`[service] operation\` of spans whose mean self time (duration less the children's), or whose mean duration, grew most. False alarms: controls where the method named anything (the baselines always name something).`,
    columns: ["Fault", "Severity", "Cells", ...METHODS.flatMap((m) => [`${m.name} top-1`, `${m.name} top-3`])],
    rows,
  };
}

export function heldOutTable(r: Results): ResultTable {
  const all = results(r, heldOutCells());
  return {
    id: "diagnosis-matrix-held-out",
    title: "Diagnosis matrix: fault forms it does not have",
    description: `The matrix's scenario and scoring, on ${HELD_OUT_FORMS.length} fault forms the matrix does not have (other operations, a whole service's errors, RPC services' instances, a whole host's latency, a compute host's freeze, a compute's link to a controller, one compute's queues) × ${SEVERITIES.length} severities × ${HELD_OUT_SEEDS.length} seeds, so that its accuracy is not only that of the forms the diagnosis was developed on. They were written after the matrix, at the stop whose ranking changes (a unit's effect on the requests that met it; a whole host named by the host) were checked on them as well, so they are held out from the work before it only. The matrix's controls stand for them too.`,
    columns: ["Fault", "Severity", "Cells", ...METHODS.flatMap((m) => [`${m.name} top-1`, `${m.name} top-3`])],
    rows: accuracyRows(all, HELD_OUT_FORMS),
  };
}

export function matrixCellsTable(r: Results): ResultTable {
  const effect = effects(r);
  return {
    id: "diagnosis-matrix-cells",
    title: "Diagnosis matrix, cell by cell",
    description: "Each cell of the diagnosis matrix: the injected target, traces compared, failed requests after, the fault's effect on its window's requests against the same seed without it (none: it changed nothing they saw; see the table of faults that changed nothing), and each method's first three names with the rank of the first right one (— when never named).",
    columns: ["Cell", "Target", "Traces before / after", "Failed after", "Fault effect", "Diagnosis", "Rank", "Self-time baseline", "Rank", "Duration baseline", "Rank"],
    rows: results(r).map((x) => [
      x.cell,
      x.target,
      `${x.tracesBefore} / ${x.tracesAfter}`,
      String(x.failedAfter),
      effect.has(x.cell) ? (effect.get(x.cell)!.none ? "none" : signedPercent(effect.get(x.cell)!.effect)) : "—",
      ...METHODS.flatMap((m) => [x[m.key].top.join("; ") || "nothing", x[m.key].rankOfTruth === null ? "—" : String(x[m.key].rankOfTruth)]),
    ]),
  };
}

export const diagnosisMatrixExperiment: Experiment = {
  id: "diagnosis-matrix",
  title: "Diagnosis matrix",
  about: "Top-1 and top-3 accuracy of the run's diagnosis per fault kind and severity, false alarms on fault-free controls, and the same for two baselines read from the same traces; and the same on fault forms the matrix does not have.",
  jobs: (): Job[] => [...matrixCells(), ...withoutFaultCells(), ...heldOutCells()].map((cell) => ({ kind: "matrix", id: matrixJobId(cell.id), cell })),
  build: (r) => ({ tables: [matrixTable(r), matrixEffectTable(r), heldOutTable(r), matrixCellsTable(r)], files: {} }),
};
