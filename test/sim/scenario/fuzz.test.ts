// Fuzzing the scenario loader with a valid scenario that touches most of the schema (both
// generator types with changes, faults of many kinds, tracer overrides, topology tables, report
// windows, expectations), changed in a few places: hostile values (huge, negative, wrong types,
// duration text past the bounds), keys removed or added, elements duplicated, text cut or spliced.
// Whatever comes in, the loader returns a scenario or throws its typed ScenarioError, one line
// per problem naming the file; and a scenario it accepts runs without any error (values that
// pass validation and then break or hang `run` are what issue 19 found; this found a bad latency
// distribution in a topology table, a pool of 1e-300 workers and an exponential think time whose
// mean rounds to 0 ns, each accepted and then an internal error). Scenarios last 6 s of virtual
// time, so each case takes tens of milliseconds.
import test from "ava";
import fc from "fast-check";
import { stringify } from "yaml";
import { ScenarioError } from "../../../sim/scenario/errors.ts";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { MAX_DURATION_NS } from "../../../sim/scenario/bounds.ts";
import { defaultCatalog, defaultModel, ScenarioRun } from "../../../sim/run/index.ts";
import type { Json, Mutation, TextEdit } from "../../helpers/mutate.ts";
import { editText, mutate, mutation, textEdit } from "../../helpers/mutate.ts";

const BASE: Json = {
  name: "fuzz",
  seed: 7,
  duration: "6s",
  warmup: "500ms",
  topology: {
    profile: "small",
    overrides: {
      services: { keystone: { replicas: 3, workers: 4 } },
      keystone: { users: 20, tokenCacheTtlNs: "60s" },
      hosts: { clocks: { "controller-2": { offsetNs: "-20ms", driftPpm: 50 } } },
      latency: { "keystone.validate_token": { kind: "lognormal", median: "5ms", p99: "40ms" } },
      network: { links: { "controller-1<->db-1": { latency: { kind: "constant", value: "1ms" }, loss: 0.01 } } },
    },
  },
  workload: [
    { name: "cli", type: "open", rate: "8/s", changes: [{ at: "2s", rate: 12 }], mix: { "token-issue": 1, "server-list": 2, "server-create": 0.5 } },
    { name: "ui", type: "closed", users: 2, think: { kind: "exponential", mean: "1s" }, changes: [{ at: "3s", users: 3 }], mix: { "horizon-instances": 1 } },
  ],
  faults: [
    { kind: "latency", at: "1s", for: "2s", target: { service: "keystone" }, add: "20ms" },
    { kind: "error", at: "2s", for: "1s", target: { operation: "keystone.validate_token" }, probability: 0.2 },
    { kind: "crash", at: "3s", for: "1s", target: { host: "compute-1" } },
    { kind: "partition", at: "1s", for: "500ms", target: { link: "controller-1<->broker-1" } },
    { kind: "message-delay", at: "1s", for: "1s", target: { link: "controller-2<->broker-1" }, delay: { kind: "uniform", min: "1ms", max: "5ms" } },
    { kind: "clock-skew", at: "1s", target: { host: "controller-3" }, offsetNs: "5ms", driftPpm: -100 },
    { kind: "limit", at: "2s", for: "1s", target: { service: "nova-api" }, limit: "workers", value: 2 },
  ],
  tracer: { preset: "jaeger", sampler: { type: "probabilistic", rate: 0.5 }, collection: { queueSize: 64, batchSize: 16 } },
  expect: { culprits: [{ service: "keystone" }], slo: [{ workflow: "server-list", percentile: 99, max: "2s" }] },
  report: { periods: "windows", window: "2s", keepTraces: 20 },
};

/** Values a scenario's fields meet in the wild, past the bounds and beside them. */
const SCENARIO_HOSTILE: readonly Json[] = ["1e308", "2e16", 1e308, 2e16, 1e9, -5, "-5s", "241h", "240h", "999999999h", "1ns", "0", 0, 1, 1e300, "1e9/s", "5/ms", 1_000_000_000, 1e-300];

interface Case {
  readonly mutations: readonly Mutation[];
  readonly hostile: readonly { readonly at: number; readonly value: number }[];
  readonly edit: TextEdit;
  readonly json: boolean;
}

const fuzzCase: fc.Arbitrary<Case> = fc.record({
  mutations: fc.array(mutation, { maxLength: 3 }),
  hostile: fc.array(fc.record({ at: fc.nat(), value: fc.nat(SCENARIO_HOSTILE.length - 1) }), { maxLength: 2 }),
  edit: fc.oneof({ weight: 5, arbitrary: fc.constant({ kind: "none" } as TextEdit) }, { weight: 1, arbitrary: textEdit }),
  json: fc.boolean(),
});

/** Sets leaf `at` (by index among the leaves) to a hostile scenario value. */
function withHostile(doc: Json, at: number, value: Json): Json {
  const leaves: { parent: Record<string | number, Json>; key: string | number }[] = [];
  const walk = (node: Json): void => {
    if (node === null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      if (v === null || typeof v !== "object") leaves.push({ parent: node as Record<string | number, Json>, key: Array.isArray(node) ? Number(k) : k });
      else walk(v);
    }
  };
  walk(doc);
  const leaf = leaves[at % leaves.length];
  if (leaf !== undefined) leaf.parent[leaf.key] = value;
  return doc;
}

test("mutated scenario files load or give a one-line ScenarioError per problem, and what loads runs", (t) => {
  const catalog = defaultCatalog();
  const seen = { loaded: 0, refused: 0 };
  const result = fc.check(
    fc.property(fuzzCase, (c) => {
      let doc = mutate(BASE, c.mutations);
      for (const h of c.hostile) doc = withHostile(doc, h.at, SCENARIO_HOSTILE[h.value]!);
      const text = editText(c.json ? JSON.stringify(doc) : stringify(doc), c.edit);
      let scenario;
      try {
        scenario = parseScenario(text, "fuzz.yaml", catalog);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        seen.refused++;
        for (const line of e.message.split("\n")) if (!line.startsWith("fuzz.yaml")) throw new Error(`a problem line that does not name the file: ${line}`);
        return;
      }
      seen.loaded++;
      if (!(scenario.duration <= MAX_DURATION_NS)) throw new Error(`a duration past the bound was accepted: ${scenario.duration}`);
      // The run, to its end (a 6 s scenario; the cap only guards against a runaway).
      const run = new ScenarioRun(scenario, defaultModel());
      for (let i = 0; i < 40 && !run.advance(5000); i++);
    }),
    { seed: 19, numRuns: 150 },
  );
  t.false(result.failed, `${fc.defaultReportMessage(result) ?? ""}\n${String(result.errorInstance)}`);
  t.true(seen.loaded > 10, `${seen.loaded} loaded`);
  t.true(seen.refused > 20, `${seen.refused} refused`);
});
