// Trace ids are deterministic for one scenario and seed, and differ between scenarios run with
// the same seed (so two runs' exports do not merge in one backend) and between seeds.
import test from "ava";
import { defaultCatalog, runScenario } from "../../../sim/run/index.ts";
import { parseScenario } from "../../../sim/scenario/load.ts";

const text = (name: string, seed: number) => `
name: ${name}
seed: ${seed}
duration: 4s
workload:
  - { name: cli, type: open, rate: 5/s, mix: { token-issue: 1, server-list: 1 } }
`;

function traceIds(name: string, seed: number): string[] {
  const { run } = runScenario(parseScenario(text(name, seed), `${name}.yaml`, defaultCatalog()));
  return run.keptTraces().map((k) => k.traceId).sort();
}

test("trace ids: the same for one scenario and seed, disjoint across scenarios with one seed and across seeds", (t) => {
  const alpha = traceIds("alpha", 1);
  t.true(alpha.length > 10, `${alpha.length} traces`);
  t.deepEqual(traceIds("alpha", 1), alpha);
  const disjoint = (a: string[], b: string[]) => a.filter((id) => b.includes(id)).length;
  t.is(disjoint(alpha, traceIds("beta", 1)), 0);
  t.is(disjoint(alpha, traceIds("alpha", 2)), 0);
});
