import test from "ava";
import { diagnose, diagnoseSplit, naiveRanking, newCatalogs, profileWindow, renderDiagnosis, summarizeDiagnosis } from "../../../tracer/analysis/diagnose/index.ts";
import { dagFromParents, spansFromDag } from "../../../tracer/analysis/reconstruct/index.ts";
import type { Trace } from "../../../tracer/model/types.ts";
import { cloudTraces } from "./cloud-traces.ts";

const MS = 1_000_000;
const N = 160;
const baseline = cloudTraces({ seed: "before", count: N, itc: false });
const slowKeystone = cloudTraces({ seed: "after", count: N, validateSlowdownNs: 25 * MS, itc: false });

test("Bug 1587777: the culprit is Keystone's token validation, where the naive ranking blames Horizon", (t) => {
  const d = diagnose(baseline, slowKeystone);
  t.true(d.culprits.length > 0);
  const top = d.culprits[0]!;
  t.is(top.service, "keystone");
  t.is(top.operation, "GET /v3/auth/tokens");
  t.is(top.kind, "work");
  t.is(top.workflow, "[horizon] GET /project/instances");
  t.is(top.callPath, "[horizon] GET /project/instances > [horizon] GET /v3/auth/tokens > [keystone] GET /v3/auth/tokens");
  t.true(top.adjustedP < 1e-6);
  t.true(top.changeNs > 15 * MS && top.changeNs < 40 * MS, `change ${top.changeNs}`);
  t.is(top.exemplars.after.length, 2);
  t.is(top.exemplars.before.length, 2);
  // Every culprit is Keystone's validation (on several call paths); no parent is blamed.
  for (const c of d.culprits) t.deepEqual([c.service, c.operation], ["keystone", "GET /v3/auth/tokens"]);
  t.is(d.operations.length, 1);
  t.true(d.operations[0]!.share > 0.8, `share ${d.operations[0]!.share}`);
  const horizon = d.workflows.find((w) => w.workflow === "[horizon] GET /project/instances")!;
  t.true(horizon.significant);
  t.false(d.workflows.find((w) => w.workflow === "[openstack-cli] token issue")!.significant, "token issue does not validate tokens");

  const catalogs = newCatalogs();
  const naive = naiveRanking(profileWindow(baseline, catalogs).profiles, profileWindow(slowKeystone, catalogs).profiles);
  t.is(naive[0]!.operation, "[horizon] GET /project/instances", "the naive ranking blames the root");
});

test("two fault-free windows of the same distribution: no culprit", (t) => {
  for (const [a, b] of [
    ["quiet-1", "quiet-2"],
    ["quiet-3", "quiet-4"],
    ["quiet-5", "quiet-6"],
  ] as const) {
    const d = diagnose(cloudTraces({ seed: a, count: N, itc: false }), cloudTraces({ seed: b, count: N, itc: false }));
    t.deepEqual(d.culprits, [], `${a} vs ${b}`);
    t.deepEqual(d.operations, []);
    t.deepEqual(d.structuralChanges, []);
    t.true(d.workflows.every((w) => !w.significant));
    t.regex(renderDiagnosis(d), /No culprit: no critical-path segment changed significantly\./);
  }
});

test("--split-at: one run split at the fault's start finds the same culprit", (t) => {
  const run = cloudTraces({ seed: "one-run", count: 2 * N, validateSlowdownNs: 25 * MS, faultFrom: N, spacingNs: 50 * MS, itc: false });
  const d = diagnoseSplit(run, N * 50 * MS);
  t.is(d.before.traces, N);
  t.is(d.after.traces, N);
  t.is(d.culprits[0]?.service, "keystone");
  t.is(d.culprits[0]?.operation, "GET /v3/auth/tokens");
});

test("span-only traces (no events) are diagnosed through the span critical path", (t) => {
  const spanOnly = (traces: readonly Trace[]): Trace[] => traces.map((tr) => ({ traceId: tr.traceId, events: [], spans: spansFromDag(dagFromParents(tr)) }));
  const d = diagnose(spanOnly(baseline), spanOnly(slowKeystone));
  t.is(d.culprits[0]?.service, "keystone");
  t.is(d.culprits[0]?.operation, "GET /v3/auth/tokens");
  t.is(d.operations[0]?.service, "keystone");
  t.deepEqual(diagnose(spanOnly(baseline), spanOnly(cloudTraces({ seed: "quiet-7", count: N, itc: false }))).culprits, []);
});

test("ITC reconstruction gives the same diagnosis as explicit parents", (t) => {
  const before = cloudTraces({ seed: "itc-before", count: 80 });
  const after = cloudTraces({ seed: "itc-after", count: 80, validateSlowdownNs: 25 * MS });
  t.deepEqual(diagnose(before, after, { reconstruction: "itc" }), diagnose(before, after));
});

test("a new call is a structural change, matched to the shape it grew from", (t) => {
  const after = cloudTraces({ seed: "schema", count: N, glanceSchemaQuery: true, itc: false });
  const d = diagnose(baseline, after);
  const fresh = d.structuralChanges.filter((s) => s.change === "new");
  const vanished = d.structuralChanges.filter((s) => s.change === "vanished");
  t.true(fresh.length > 0);
  t.true(vanished.length > 0);
  for (const s of fresh) {
    t.is(s.workflow, "[horizon] GET /project/instances");
    t.truthy(s.nearest);
    t.true(s.nearest!.added.some((a) => a.includes("[mysql] SELECT image_schema")), s.nearest!.added.join("; "));
    t.true(s.nearest!.distance > 0);
    t.is(s.countBefore, 0);
  }
  t.true(d.culprits.every((c) => c.service === "mysql" || c.service === "glance"), JSON.stringify(d.culprits.map((c) => c.callPath)));
});

test("the diagnosis is plain data and deterministic", (t) => {
  const a = diagnose(baseline, slowKeystone);
  t.deepEqual(JSON.parse(JSON.stringify(a)), a);
  t.deepEqual(diagnose(baseline, slowKeystone), a);
  const text = renderDiagnosis(a);
  t.regex(text, /1\. \[keystone\] GET \/v3\/auth\/tokens: \+\d+\.\d ms per trace, \d+% of the change/);
  t.regex(text, /call path: \[horizon\] GET \/project\/instances > \[horizon\] GET \/v3\/auth\/tokens > \[keystone\] GET \/v3\/auth\/tokens/);
});

test("KS and Holm settings work too", (t) => {
  const d = diagnose(baseline, slowKeystone, { test: "ks", correction: "holm" });
  t.is(d.settings.test, "ks");
  t.is(d.culprits[0]?.service, "keystone");
});

test("a malformed trace is skipped and named, not fatal", (t) => {
  const bad: Trace = {
    traceId: "b".repeat(32),
    spans: [],
    events: [
      { traceId: "b".repeat(32), eventId: "0000000000000001", kind: "start", name: "x", service: "s", host: "h", timestamp: 0, spanId: "0000000000000001", parents: ["0000000000000002"] },
      { traceId: "b".repeat(32), eventId: "0000000000000002", kind: "end", name: "x", service: "s", host: "h", timestamp: 1, spanId: "0000000000000001", parents: ["0000000000000001"] },
    ],
  };
  const d = diagnose([...baseline.slice(0, 50), bad], slowKeystone.slice(0, 50));
  t.is(d.before.skipped, 1);
  t.is(d.before.traces, 50);
  t.regex(d.before.problems[0]!, /^trace b{32}, event 000000000000000[12]: parent edges form a cycle/);
});

test("the summary for summary.json lists culprits best first with service and operation", (t) => {
  const s = summarizeDiagnosis(diagnose(baseline, slowKeystone), 3);
  t.is(s.culprits.length, 3);
  t.deepEqual(s.culprits.map((c) => [c.service, c.operation]), Array(3).fill(["keystone", "GET /v3/auth/tokens"]));
  t.true(s.culprits[0]!.share >= s.culprits[1]!.share);
  t.true(Number.isInteger(s.culprits[0]!.changeNs));
  t.deepEqual(s.workflowsChanged.map((w) => w.workflow), ["[horizon] GET /project/instances"]);
  t.is(s.operations[0]!.service, "keystone");
  t.deepEqual(summarizeDiagnosis(diagnose(baseline, cloudTraces({ seed: "quiet-8", count: N, itc: false }))).culprits, []);
});
