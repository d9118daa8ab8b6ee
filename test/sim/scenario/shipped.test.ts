import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadScenario, parseScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog } from "../../../sim/run/catalog.ts";
import type { TopologyConfig } from "../../../sim/openstack/topology.ts";

const DIR = fileURLToPath(new URL("../../../scenarios/", import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

test("the shipped scenarios are the ones the README lists, and each is valid", (t) => {
  t.deepEqual(files, ["baseline.yaml", "broker-partition.yaml", "bug-1587777.yaml", "compute-crash.yaml", "fan-in-fan-out.yaml", "large.yaml", "memcached-outage.yaml"]);
  const readme = readFileSync(`${DIR}README.md`, "utf8");
  for (const f of files) {
    t.true(readme.includes(`(${f})`), `README links ${f}`);
    const s = loadScenario(`${DIR}${f}`, defaultCatalog());
    t.is(`${s.name}.yaml`, f, "a scenario's name is its file name");
    t.true(s.description.length > 20, `${f} has a description`);
    t.true(s.expect.noCulprit || s.expect.culprits.length > 0, `${f} states its ground truth`);
  }
});

test("the default scenario keeps the seed and shape npm start relies on", (t) => {
  const s = loadScenario(`${DIR}bug-1587777.yaml`, defaultCatalog());
  t.is(s.seed, 1587777);
  t.true(s.warmup > 0 && s.faults[0]!.at >= s.warmup);
  t.deepEqual(s.expect.culprits[0], { service: "keystone", operation: "validate_token" });
  t.is(s.tracer.model, "dag");
  t.is(s.tracer.metadata, "itc");
});

test("the default profile's nova service-group timings can be overridden like any other field", (t) => {
  const text = `name: sg\nseed: 1\nduration: 10s\nworkload:\n  - { name: w, type: open, rate: 1/s, mix: { token-issue: 1 } }\ntopology:\n  overrides: { compute: { reportIntervalNs: 5s, serviceDownTimeNs: 20s } }\n`;
  const s = parseScenario<TopologyConfig>(text, "sg.yaml", defaultCatalog());
  t.is(s.topology.config.compute.reportIntervalNs, 5e9);
  t.is(s.topology.config.compute.serviceDownTimeNs, 20e9);
  const d = loadScenario<TopologyConfig>(`${DIR}baseline.yaml`, defaultCatalog());
  t.is(d.topology.config.compute.reportIntervalNs, 10e9);
  t.is(d.topology.config.compute.serviceDownTimeNs, 60e9);
});
