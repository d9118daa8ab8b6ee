// The pivot-tracing preset's queries in a run: results in summary.json and on stdout, a
// scenario's own queries replacing the preset's, and a bad query refused before anything runs.
import test from "ava";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog, humanSummary, runScenario } from "../../../sim/run/index.ts";

const scenario = (tracer: string) => `
name: pivot
seed: 4
duration: 30s
warmup: 5s
tracer: ${tracer}
workload:
  - { name: cli, type: open, rate: 4/s, mix: { server-list: 1, server-show: 1 } }
  - { name: web, type: open, rate: 2/s, mix: { horizon-instances: 1 } }
`;

const run = runScenario(parseScenario(scenario("{ preset: pivot-tracing }"), "pivot.yaml", defaultCatalog()));

test("database time is grouped by the client request that caused it; only background work's has no request to join", (t) => {
  const [db, validate] = run.summary.tracer.queries!;
  t.is(db!.name, "db-by-request");
  t.deepEqual(db!.rows.map((r) => r.group).sort(), ["browser GET /project/instances/", "openstack server list", "openstack server show"]);
  // Each servicegroup report writes one services row, with no client request at its root.
  t.is(db!.unjoined, run.summary.requests["periodic-report-state"]!.completed);
  // Pivot Tracing reports query results, not traces: nothing is recorded, yet every database
  // span of the run was measured.
  t.is(run.run.keptTraces().length, 0);
  t.is(run.summary.tracer.accounting.emitted, 0);
  t.true(run.summary.tracer.accounting.tracePoints > 0);
  t.true(db!.rows.reduce((n, r) => n + r.count, 0) > 0);
  t.is(validate!.name, "validate-by-caller");
  t.is(validate!.unjoined, 0);
  t.true(validate!.rows.some((r) => r.group === "horizon") && validate!.rows.some((r) => r.group === "nova-api"));
});

test("the stdout summary lists each query in the paper's notation and its largest groups", (t) => {
  const text = humanSummary(run.summary);
  t.regex(text, /^query db-by-request: From q In db\.\* Join cl In First\(Root\(client:\*\)\) On cl -> q GroupBy cl\.operation/m);
  t.regex(text, /^ {2}openstack server (list|show): \d+ × [\d.]+ ms = [\d.]+ ms$/m);
});

test("a scenario's queries replace the preset's; without queries the summary has none", (t) => {
  const own = runScenario(parseScenario(scenario("{ preset: pivot-tracing, queries: [{ name: by-host, from: { service: nova-api, root: false }, join: { root: true }, groupBy: host }] }"), "own.yaml", defaultCatalog()));
  t.deepEqual(own.summary.tracer.queries!.map((q) => q.name), ["by-host"]);
  t.deepEqual(own.summary.tracer.queries![0]!.rows.map((r) => r.group), ["client-1"]);
  const none = runScenario(parseScenario(scenario("{ preset: dag-itc }"), "none.yaml", defaultCatalog()));
  t.false("queries" in none.summary.tracer);
});

test("a bad query names the file, the path and what was expected", (t) => {
  const err = t.throws(() => parseScenario(scenario("{ queries: [{ name: q, from: {}, join: {}, groupBy: span }] }"), "bad.yaml", defaultCatalog()));
  t.regex(err!.message, /bad\.yaml/);
  t.regex(err!.message, /tracer\.queries\[0\]\.groupBy/);
  t.regex(err!.message, /service.*operation.*host/);
});
