// A scenario's CLI commands authenticate per command unless a generator sets tokenReuse; the
// run's background work shows up as workflows of its own.
import test from "ava";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { scenarioJsonSchema } from "../../../sim/scenario/schema.ts";
import { defaultCatalog, runScenario } from "../../../sim/run/index.ts";
import type { Trace } from "../../../tracer/index.ts";

const scenario = (reuse: string) => `
name: auth
seed: 5
duration: 40s
warmup: 5s
workload:
  - { name: cli, type: open, rate: 3/s, mix: { server-list: 1 }${reuse} }
`;

function run(reuse: string) {
  const traces: Trace[] = [];
  const r = runScenario(parseScenario(scenario(reuse), "auth.yaml", defaultCatalog()), { onTrace: (x) => traces.push(x) });
  const count = (service: string, name: string) => traces.reduce((n, x) => n + x.events.filter((e) => e.kind === "start" && e.service === service && e.name === name).length, 0);
  return { summary: r.summary, count };
}

test("by default every CLI command issues a token and nova-api validates it; with tokenReuse neither happens per command", (t) => {
  const fresh = run("");
  const reused = run(", tokenReuse: true");
  const lists = fresh.summary.requests["server-list"]!.completed;
  t.is(fresh.count("client", "POST /v3/auth/tokens"), lists);
  t.is(fresh.count("nova-api", "GET /v3/auth/tokens"), lists);
  t.is(reused.count("client", "POST /v3/auth/tokens"), 0);
  // Fifty pooled tokens: each validated once (its first use), then found in the cache.
  t.true(reused.count("nova-api", "GET /v3/auth/tokens") <= 50);
  t.true(fresh.summary.latencyMs["server-list"]!.steady!.p50 > reused.summary.latencyMs["server-list"]!.steady!.p50);
});

test("background work is reported as workflows of its own", (t) => {
  const { summary } = run("");
  t.true(summary.requests["periodic-report-state"]!.completed >= 8 * 3);
  t.is(summary.requests["periodic-report-state"]!.failed, 0);
  // update_available_resource first runs 60–120 s in (periodic_fuzzy_delay, then its spacing): not in a 40 s run.
  t.false("periodic-update-available-resource" in summary.requests);
});

test("tokenReuse is described in the scenario schema", (t) => {
  t.regex(JSON.stringify(scenarioJsonSchema()), /each `openstack` command authenticates first/);
});
