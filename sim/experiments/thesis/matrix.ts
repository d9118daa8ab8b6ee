// The thesis experiment's diagnosis matrix: a subset of the diagnosis matrix's cells
// (sim/experiments/diagnosis-matrix.ts), run with each preset's data. The subset keeps the
// experiment to a few CPU-minutes: the forms where what the stored data says about time,
// errors, dependencies, the network and clocks could decide the diagnosis, at medium severity,
// two seeds each, and two fault-free controls. The default tracer's cells are the diagnosis
// matrix experiment's own jobs (the default is dag-itc tracing every request).
import { CONTROL_SEEDS, FORMS, MATRIX_SEEDS, matrixCells } from "../diagnosis-matrix.ts";
import type { MatrixCell } from "../diagnosis-matrix.ts";
import { matrixJobId } from "../diagnosis-matrix-experiment.ts";
import type { Job } from "../jobs.ts";

/** In the diagnosis matrix's order of forms. */
export const THESIS_FORMS: readonly string[] = [
  "latency/operation",
  "latency/service",
  "latency/instance",
  "error/operation",
  "message-delay/link",
  "slow-dependency/db",
  "slow-dependency/cache",
  "clock-skew/host",
];
export const THESIS_SEVERITY = "medium";
export const THESIS_SEEDS: readonly number[] = MATRIX_SEEDS.slice(0, 2);
export const THESIS_CONTROLS: readonly number[] = CONTROL_SEEDS.slice(0, 2);

/** The preset whose every-request tracing is the runner's default tracer (its cells are shared). */
export const DEFAULT_PRESET = "dag-itc";

export function thesisCells(): MatrixCell[] {
  const forms = FORMS.filter((f) => THESIS_FORMS.includes(f.id));
  return matrixCells(forms).filter(
    (c) => (c.form === "control" && THESIS_CONTROLS.includes(c.seed)) || (c.severity === THESIS_SEVERITY && THESIS_SEEDS.includes(c.seed)),
  );
}

export const thesisMatrixJobId = (preset: string, cell: string): string => (preset === DEFAULT_PRESET ? matrixJobId(cell) : `thesis-matrix:${preset}:${cell}`);

export function thesisMatrixJobs(presets: readonly string[]): Job[] {
  const jobs: Job[] = [];
  for (const p of presets) {
    for (const cell of thesisCells()) {
      jobs.push(p === DEFAULT_PRESET ? { kind: "matrix", id: matrixJobId(cell.id), cell } : { kind: "matrix", id: thesisMatrixJobId(p, cell.id), cell, preset: p });
    }
  }
  return jobs;
}
