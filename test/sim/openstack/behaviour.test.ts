import test from "ava";
import { MS, S, Simulation } from "../../../sim/kernel/index.ts";
import { buildCloud, defaultTopology, UnknownWorkflowError, validNames } from "../../../sim/openstack/index.ts";
import type { Cloud, RequestResult, TopologyConfig, Workflow } from "../../../sim/openstack/index.ts";
import { applyFaults } from "../../../sim/faults/index.ts";
import { eventsOf, runOne, tracedCloud } from "./harness.ts";

function topo(edit: (t: TopologyConfig) => TopologyConfig = (t) => t): TopologyConfig {
  return edit(defaultTopology());
}

/** Starts `workflow` every `everyNs` from `from` to `to`, collecting results. */
function load(sim: Simulation, cloud: Cloud, workflow: Workflow, from: number, to: number, everyNs: number, out: RequestResult[], tokenReuse = false): void {
  for (let at = from; at < to; at += everyNs) {
    sim.schedule(at - sim.now, () => {
      const p = cloud.startRequest(workflow, { tokenReuse });
      sim.process((function* () {
        out.push(yield p);
      })());
    });
  }
}

function median(rs: readonly RequestResult[]): number {
  const a = rs.map((r) => r.latencyNs).sort((x, y) => x - y);
  return a[a.length >> 1]!;
}

test("keystonemiddleware: a miss validates with Keystone and caches for 300 s; a hit does not call Keystone", (t) => {
  const one = topo((x) => ({ ...x, keystone: { ...x.keystone, users: 1 } }));
  const env = tracedCloud({ seed: "mw", topology: one });
  const keystoneCalls = (id: string) => eventsOf(env, id).filter((e) => e.kind === "start" && e.service === "nova-api" && e.name === "GET /v3/auth/tokens").length;
  const reuse = { tokenReuse: true };
  const first = runOne(env, "server-list", reuse);
  t.is(keystoneCalls(first.traceId!), 1);
  t.is(env.cloud.counters.tokenValidations, 1);
  const second = runOne(env, "server-list", reuse);
  t.is(keystoneCalls(second.traceId!), 0);
  const hit = eventsOf(env, second.traceId!).find((e) => e.kind === "end" && e.name === "cache.get" && e.service === "nova-api");
  t.is(hit?.attributes?.["cache.hit"], true);
  // After the TTL the token is validated again.
  env.sim.run({ until: env.sim.now + 301 * S });
  const third = runOne(env, "server-list", reuse);
  t.is(keystoneCalls(third.traceId!), 1);
});

test("a CLI command authenticates first, so nova-api validates its new token with Keystone every time", (t) => {
  const env = tracedCloud({ seed: "per-command" });
  const spans = (id: string, service: string, name: string) => eventsOf(env, id).filter((e) => e.kind === "start" && e.service === service && e.name === name).length;
  for (let i = 0; i < 3; i++) {
    const r = runOne(env, "server-list");
    t.true(r.ok);
    t.is(spans(r.traceId!, "client", "POST /v3/auth/tokens"), 1);
    t.is(spans(r.traceId!, "nova-api", "GET /v3/auth/tokens"), 1);
  }
  t.is(env.cloud.counters.tokenValidations, 3);
});

test("a memcached outage sends every request to Keystone (cache errors read as misses)", (t) => {
  const env = tracedCloud({ seed: "mc", topology: topo((x) => ({ ...x, keystone: { ...x.keystone, users: 1 } })) });
  const reuse = { tokenReuse: true };
  runOne(env, "server-list", reuse);
  const before = env.cloud.counters.tokenValidations;
  applyFaults(env.sim, env.cloud, [{ kind: "cache-outage", at: env.sim.now, for: 60 * S, target: {} }]);
  runOne(env, "server-list", reuse);
  runOne(env, "server-list", reuse);
  t.is(env.cloud.counters.tokenValidations, before + 2);
});

test("worker pools queue requests beyond their size", (t) => {
  // One Keystone worker: ten concurrent token issues are served one at a time.
  const t1 = topo((x) => ({
    ...x,
    services: { ...x.services, keystone: { ...x.services.keystone, replicas: 1, workers: 1 } },
  }));
  const sim = new Simulation({ seed: "pool" });
  const cloud = buildCloud(sim, t1);
  const results: RequestResult[] = [];
  for (let i = 0; i < 10; i++) sim.process((function* () {
    results.push(yield cloud.startRequest("token-issue"));
  })());
  sim.run({ until: 60 * S });
  const ks = cloud.instances("keystone")[0]!;
  t.is(results.length, 10);
  t.true(results.every((r) => r.ok));
  t.is(ks.workers!.stats.maxQueueLength, 9);
  const sorted = results.map((r) => r.latencyNs).sort((a, b) => a - b);
  // Each waits for everyone ahead of it: the last sees roughly ten service times.
  t.true(sorted[9]! > 5 * sorted[0]!, `${sorted[0]} .. ${sorted[9]}`);
});

test("Bug 1587777: Keystone's growing revocation list slows Horizon pages; CLI commands too when each authenticates, not when they reuse a cached token", (t) => {
  const sim = new Simulation({ seed: "bug" });
  const cloud = buildCloud(sim, topo((x) => ({ ...x, keystone: { ...x.keystone, users: 5 } })));
  const horizon: RequestResult[] = [];
  const reused: RequestResult[] = [];
  const fresh: RequestResult[] = [];
  load(sim, cloud, "horizon-instances", 0, 200 * S, 500 * MS, horizon);
  load(sim, cloud, "server-list", 250 * MS, 200 * S, 500 * MS, reused, true);
  load(sim, cloud, "server-list", 400 * MS, 200 * S, 500 * MS, fresh);
  applyFaults(sim, cloud, [{
    kind: "latency",
    at: 100 * S,
    target: { service: "keystone", operation: "validate_token" },
    growth: { state: "revocation-events", eventsPerSecond: 50 },
  }]);
  sim.run({ until: 260 * S });
  // Warm caches from 20 s on; compare 20–100 s with 150–200 s (2,500–5,000 extra events scanned).
  const win = (rs: RequestResult[], a: number, b: number) => rs.filter((_, i) => i * 0.5 >= a && i * 0.5 < b);
  const change = (rs: RequestResult[]) => median(win(rs, 150, 200)) - median(win(rs, 20, 100));
  t.true([...horizon, ...reused, ...fresh].every((r) => r.ok));
  t.true(change(horizon) > 40 * MS, `horizon +${change(horizon) / 1e6} ms`);
  t.true(change(fresh) > 40 * MS, `server list, a token per command +${change(fresh) / 1e6} ms`);
  t.true(Math.abs(change(reused)) < 5 * MS, `server list, a reused token ${change(reused) / 1e6} ms`);
  t.true(cloud.keystone.events(150 * S) >= 2_500 + 50);
});

test("same seed, same event log; another seed, another one", (t) => {
  const run = (seed: string) => {
    const env = tracedCloud({ seed });
    for (const wf of ["horizon-instances", "server-create", "server-list", "token-issue"] as const) env.cloud.startRequest(wf);
    env.sim.run({ until: 30 * S });
    return { hash: env.sim.eventLog.hash(), count: env.sim.eventLog.count, records: env.records.length };
  };
  const a = run("d1");
  t.deepEqual(run("d1"), a);
  t.notDeepEqual(run("d2").hash, a.hash);
});

test("tracing overhead reported by drainCostNs lands in request latency", (t) => {
  const cheap = tracedCloud({ seed: "cost", costNs: 0 });
  const dear = tracedCloud({ seed: "cost", costNs: 50_000 });
  const a = runOne(cheap, "server-list");
  const b = runOne(dear, "server-list");
  t.true(b.latencyNs > a.latencyNs + 10 * 50_000, `${a.latencyNs} vs ${b.latencyNs}`);
});

test("untraced clouds run the same workflows without a tracer", (t) => {
  const sim = new Simulation({ seed: "plain" });
  const cloud = buildCloud(sim, defaultTopology());
  const p = cloud.startRequest("horizon-instances");
  sim.run({ until: 10 * S });
  t.true(p.value.ok);
  t.is(p.value.traceId, undefined);
});

test("unknown workflows and names get a clear error with the closest valid name", (t) => {
  const sim = new Simulation({ seed: 1 });
  const cloud = buildCloud(sim, defaultTopology());
  const e = t.throws(() => cloud.startRequest("server-lsit"), { instanceOf: UnknownWorkflowError });
  t.regex(e!.message, /did you mean "server-list"/);
  const names = validNames(cloud);
  t.true(names.services.includes("keystone") && names.hosts.includes("compute-4"));
  t.true(names.instances.includes("nova-compute-4") && names.operations.includes("keystone.validate_token"));
  t.true(names.links.includes("broker-1<->controller-1"));
});

test("topologies the model cannot build are refused with the topology path", (t) => {
  const sim = new Simulation({ seed: 1 });
  const base = defaultTopology();
  t.throws(() => buildCloud(sim, { ...base, hosts: { ...base.hosts, computes: 0 } }), { message: "topology.hosts.computes: expected at least 1 compute host" });
  t.throws(() => buildCloud(new Simulation(), { ...base, services: { ...base.services, cinder: { ...base.services.cinder, replicas: 0 } } }), { message: "topology.services.cinder.replicas: expected at least 1" });
  t.throws(() => buildCloud(new Simulation(), { ...base, hosts: { ...base.hosts, controllers: 1 } }), { message: /^topology\.services\.keystone\.hosts\[1\]: expected one of controller-1, compute-1/ });
  t.throws(() => buildCloud(new Simulation(), { ...base, cells: { count: 0, conductors: 1 } }), { message: "topology.cells.count: expected a positive integer" });
  t.throws(() => buildCloud(new Simulation(), { ...base, cells: { count: 5, conductors: 1 } }), { message: "topology.cells.count: expected at most one cell per compute host (4)" });
  t.throws(() => buildCloud(new Simulation(), { ...base, cells: { count: 2, conductors: 0 } }), { message: "topology.cells.conductors: expected at least 1 conductor per cell when there is more than one cell" });
  t.throws(() => buildCloud(new Simulation(), { ...base, db: { ...base.db, replicas: 1.5 } }), { message: "topology.db.replicas: expected a whole number" });
});
