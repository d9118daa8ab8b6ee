import test from "ava";
import { produce } from "immer";
import { fileURLToPath } from "node:url";
import { loadScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog, runScenario } from "../../../sim/run/index.ts";
import type { Summary } from "../../../sim/run/index.ts";

const FILE = fileURLToPath(new URL("../../../scenarios/bug-1587777.yaml", import.meta.url));

// The shipped scenario as it is, and the same run without the fault, its counterfactual. Every concern draws
// from its own stream, so the two runs see the same arrivals and the same service times, and
// a workflow the fault does not reach comes out nearly the same.
const cached = new Map<boolean, Summary>();
function summary(withFault = true): Summary {
  let s = cached.get(withFault);
  if (s !== undefined) return s;
  const shipped = loadScenario(FILE, defaultCatalog());
  // The counterfactual keeps the fault entry (so the periods line up) with a growth too slow to matter.
  const clean = produce(shipped, (d) => {
    const f = d.faults[0]!;
    if (f.kind === "latency") f.growth = { state: "revocation-events", eventsPerSecond: 0.001 };
  });
  s = runScenario(withFault ? shipped : clean).summary;
  cached.set(withFault, s);
  return s;
}

const p50 = (s: Summary, workflow: string, period: string): number => s.latencyMs[workflow]![period]!.p50;

test("the fault starts after the warm-up and is recorded as ground truth", (t) => {
  const s = summary();
  t.deepEqual(s.periods.map((p) => p.name), ["warmup", "before", "during"]);
  t.is(s.faults.length, 1);
  const f = s.faults[0]!;
  t.is(f.kind, "latency");
  t.deepEqual(f.target, { service: "keystone", operation: "validate_token" });
  t.is(f.startNs, 50e9);
  t.is(f.endNs, 120e9);
  t.deepEqual(f.resolved.operations, ["keystone.validate_token"]);
});

test("Horizon page latency rises after the fault starts", (t) => {
  const s = summary();
  const before = p50(s, "horizon-instances", "before");
  const during = p50(s, "horizon-instances", "during");
  t.true(during > before * 1.15, `horizon-instances p50 ${before} → ${during} ms`);
  const clean = p50(summary(false), "horizon-instances", "during");
  t.true(during > clean * 1.2, `horizon-instances p50 during the fault ${during} ms, without it ${clean} ms`);
  t.true(s.latencyMs["horizon-instances"]!.during!.p95 > s.latencyMs["horizon-instances"]!.before!.p95, "p95 rises too");
});

test("Keystone's token validation (inside the project list Horizon asks for) gets slower", (t) => {
  const ks = summary().serverSpansMs["[keystone] GET /v3/users/{user_id}/projects"]!;
  const clean = summary(false).serverSpansMs["[keystone] GET /v3/users/{user_id}/projects"]!;
  t.true(ks.during!.p50 > ks.before!.p50 * 1.5, `keystone project list p50 ${ks.before!.p50} → ${ks.during!.p50} ms`);
  t.true(ks.during!.p50 > clean.during!.p50 * 1.5, `keystone project list p50 ${ks.during!.p50} ms, without the fault ${clean.during!.p50} ms`);
  // The fault's added time is a large share of Horizon's added time: the slowdown is Keystone's.
  const horizonAdded = p50(summary(), "horizon-instances", "during") - p50(summary(false), "horizon-instances", "during");
  t.true(ks.during!.p50 - clean.during!.p50 > 0.6 * horizonAdded);
});

test("CLI commands slow down too: each authenticates, so every service it reaches validates a new token; a token issue alone does not", (t) => {
  const faulty = summary(true);
  const clean = summary(false);
  for (const wf of ["server-list", "server-show", "token-issue"]) {
    // Open-loop arrivals do not depend on the fault: the same requests in both runs.
    t.is(faulty.requests[wf]!.issued, clean.requests[wf]!.issued, wf);
  }
  for (const wf of ["server-list", "server-show"]) {
    const a = p50(clean, wf, "during");
    const b = p50(faulty, wf, "during");
    t.true(b > a * 1.2, `${wf} p50 during the fault ${b} ms, without it ${a} ms`);
  }
  // Issuing a token involves no validation, so no revocation scan.
  const a = p50(clean, "token-issue", "during");
  const b = p50(faulty, "token-issue", "during");
  t.true(Math.abs(b - a) / a < 0.1, `token-issue p50 during the fault ${b} ms, without it ${a} ms`);
});

test("the run's diagnosis names Keystone, as the scenario's ground truth says", (t) => {
  const d = summary().diagnosis!;
  t.deepEqual(d.compared, { before: "before", after: "during" });
  t.like(d.culprits[0], { service: "keystone", operation: "validate_token" });
  t.true(d.expected === true);
});

test("the scenario's SLO is evaluated against the period it names", (t) => {
  const s = summary();
  const slo = s.expect.slo[0]!;
  t.like(slo, { workflow: "horizon-instances", percentile: 95, period: "before", maxMs: 400, met: true });
  t.is(slo.actualMs, s.latencyMs["horizon-instances"]!.before!.p95);
});

test("the run's component ranking names Keystone's token validation first, by the work it does", (t) => {
  const d = summary().diagnosis!;
  t.true(d.expected);
  const top = d.ranking[0]!;
  t.is(top.kind, "operation");
  t.is(top.service, "keystone");
  t.is(top.operation, "validate_token");
  t.is(top.evidence, "work");
  t.true(top.p < 1e-10);
  // The service holds the same work and more that did not change: it comes after.
  t.true(d.ranking.findIndex((e) => e.kind === "service" && e.service === "keystone") > 0);
});
