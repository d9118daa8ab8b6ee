import test from "ava";
import { fileURLToPath } from "node:url";
import { loadScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog, runScenario } from "../../../sim/run/index.ts";

const FILE = fileURLToPath(new URL("../../../scenarios/memcached-outage.yaml", import.meta.url));
const run = runScenario(loadScenario(FILE, defaultCatalog()));

test("memcached down: the time moves into Keystone, and the errors name memcached as where they start", (t) => {
  const d = run.summary.diagnosis!;
  t.deepEqual(d.compared, { before: "before", after: "during" });
  // Where the time went: the validations the cache used to absorb.
  t.like(d.culprits[0], { service: "keystone", operation: "validate_token" });
  // What started failing: every service's cache.get, charged to the peer they called.
  t.like(d.errors[0], { service: "memcached", operation: "cache.get", rateBefore: 0 });
  t.true(d.errors[0]!.rateAfter > 0.5, `rate after ${d.errors[0]!.rateAfter}`);
  t.true(d.errors[0]!.reportedBy.includes("nova-api") && d.errors[0]!.reportedBy.includes("keystone"));
  t.true(d.expected === true);
});

test("cache and database client spans name their peer (peer.service)", (t) => {
  const spans = run.run.keptTraces().flatMap((k) => k.trace?.events ?? []).filter((e) => e.kind === "start" && (e.name.startsWith("cache.") || e.name.startsWith("db.")));
  t.true(spans.length > 100);
  for (const e of spans) t.is(e.attributes?.["peer.service"], e.name.startsWith("cache.") ? "memcached" : "mysql", e.name);
});
