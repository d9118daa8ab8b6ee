import test from "ava";
import { fileURLToPath } from "node:url";
import { loadScenario } from "../../../sim/scenario/load.ts";
import { checkDeterminism, defaultCatalog, defaultModel } from "../../../sim/run/index.ts";
import type { ModelPort } from "../../../sim/run/index.ts";

const SHORT = fileURLToPath(new URL("./fixtures/short.yaml", import.meta.url));
const scenario = loadScenario(SHORT, defaultCatalog());

test("two runs of the same scenario and seed agree event by event", (t) => {
  const r = checkDeterminism(scenario, undefined, defaultModel, 5_000);
  t.true(r.ok, r.report);
  t.regex(r.report, /^deterministic: 2 runs, \d+ kernel events each, event-log hash [0-9a-f]{16}, identical summary\.json\n$/);
  t.true(r.run.done);
});

test("a run that depends on state outside the seed is caught at its first differing event", (t) => {
  // A model whose second instance schedules one extra timer: the kind of bug a module-level
  // counter or a wall-clock read would cause.
  let built = 0;
  const leaky = (): ModelPort => {
    const base = defaultModel();
    const instance = built++;
    return {
      ...base,
      buildCloud(sim, topology, tracing, propagation) {
        const cloud = base.buildCloud(sim, topology, tracing, propagation);
        if (instance === 1) sim.process((function* () { yield sim.timeout(3_000_000_000); })(), "leak");
        return cloud;
      },
    };
  };
  const r = checkDeterminism(scenario, undefined, leaky, 5_000);
  t.false(r.ok);
  t.regex(r.report, /^not deterministic: the runs differ at kernel event #\d+\n  run 1: #\d+ t=\d+ns seq=\d+ .+\n  run 2: #\d+ t=\d+ns seq=\d+ .+\n$/);
});
