// On every shipped scenario, the two reconstructions of each stored trace tell the same story:
// explicit parent ids and ITC stamps alone give the same DAG for every complete trace, and for
// partial ones (a crashed host's unfinished spans) ITC keeps no edge the explicit DAG lacks.
import test from "ava";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { loadScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog, runScenario } from "../../../sim/run/index.ts";
import { reconstructionAgreement } from "../../../tracer/analysis/reconstruct/index.ts";
import type { Trace } from "../../../tracer/model/types.ts";

const dir = fileURLToPath(new URL("../../../scenarios/", import.meta.url));
const shipped = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();

test("scenarios/ ships the scenarios the README lists", (t) => {
  t.true(shipped.includes("bug-1587777.yaml"));
  t.true(shipped.length >= 6);
});

for (const file of shipped) {
  test(`${file}: explicit-edge and ITC reconstructions agree on every stored trace`, (t) => {
    const totals = { traces: 0, compared: 0, complete: 0, agree: 0, partial: 0, partialConsistent: 0 };
    const problems: unknown[] = [];
    let batch: Trace[] = [];
    const check = () => {
      const r = reconstructionAgreement(batch);
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
      problems.push(...r.disagreements);
      batch = [];
    };
    runScenario(loadScenario(join(dir, file), defaultCatalog()), {
      onTrace: (trace) => {
        batch.push(trace);
        if (batch.length === 500) check();
      },
    });
    check();
    t.true(totals.traces > 100, `${file} stored only ${totals.traces} traces`);
    t.is(totals.compared, totals.traces, "every stored trace carries ITC stamps");
    t.deepEqual(problems, []);
    t.is(totals.agree, totals.complete);
    t.is(totals.partialConsistent, totals.partial);
    t.true(totals.complete > totals.partial);
  });
}
