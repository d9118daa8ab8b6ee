// The diagnosis matrix's cells (sim/experiments/diagnosis-matrix.ts): every fault of the matrix
// and of its held-out forms is one a user's scenario file may hold, and no held-out form is one
// of the matrix's own.
import test from "ava";
import { FORMS, HELD_OUT_FORMS, heldOutCells, matrixCells } from "../../sim/experiments/diagnosis-matrix.ts";
import { scenarioText } from "../../sim/experiments/matrix-run.ts";
import { defaultCatalog } from "../../sim/run/index.ts";
import { parseScenario } from "../../sim/scenario/load.ts";

test("every cell's fault passes the scenario check", (t) => {
  const catalog = defaultCatalog();
  for (const cell of [...matrixCells(), ...heldOutCells()]) {
    t.notThrows(() => parseScenario(scenarioText(cell), `matrix cell ${cell.id}`, catalog), cell.id);
  }
});

test("the held-out forms are not the matrix's, and their cells are every form × severity × seed", (t) => {
  const own = new Set(FORMS.map((f) => f.id));
  t.deepEqual(HELD_OUT_FORMS.filter((f) => own.has(f.id)).map((f) => f.id), []);
  const cells = heldOutCells();
  t.is(cells.length, HELD_OUT_FORMS.length * 3 * 3);
  t.is(new Set(cells.map((c) => c.id)).size, cells.length);
  t.false(cells.some((c) => c.fault === null));
});
