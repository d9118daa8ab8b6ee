import test from "ava";
import { MS, S, Simulation } from "../../../sim/kernel/index.ts";
import { buildCloud, defaultTopology } from "../../../sim/openstack/index.ts";
import type { Cloud, RequestResult, Workflow } from "../../../sim/openstack/index.ts";
import { applyFaults } from "../../../sim/faults/index.ts";
import type { FaultSpec } from "../../../sim/faults/index.ts";

function burst(sim: Simulation, c: Cloud, workflow: Workflow, times: readonly number[]): RequestResult[] {
  const out: RequestResult[] = [];
  for (const time of times) {
    sim.schedule(time - sim.now, () => {
      const p = c.startRequest(workflow, { tokenReuse: true });
      sim.process((function* () {
        out.push(yield p);
      })());
    });
  }
  return out;
}

function mean(rs: readonly RequestResult[]): number {
  return rs.reduce((n, r) => n + r.latencyNs, 0) / rs.length;
}

function withFault(fault: FaultSpec | null, workflow: Workflow, times: readonly number[], until: number): RequestResult[] {
  const sim = new Simulation({ seed: "dep" });
  const c = buildCloud(sim, defaultTopology());
  if (fault !== null) applyFaults(sim, c, [fault]);
  const rs = burst(sim, c, workflow, times);
  sim.run({ until });
  return rs;
}

test("slow-dependency db adds its latency to every query on the path", (t) => {
  const times = [1, 2, 3, 4, 5].map((s) => s * S);
  const base = withFault(null, "server-list", times, 20 * S);
  const slow = withFault({ kind: "slow-dependency", at: 0, target: {}, dependency: "db", add: 100 * MS }, "server-list", times, 20 * S);
  // server list: a mapping query, then two cell queries in parallel (plus Keystone's on a miss).
  t.true(mean(slow) - mean(base) >= 200 * MS, `${mean(base) / 1e6} -> ${mean(slow) / 1e6} ms`);
});

test("slow-dependency broker delays RPC deliveries (server create takes longer), not HTTP-only workflows", (t) => {
  const times = [1 * S];
  const add = { kind: "constant" as const, value: 2 * S };
  const fault: FaultSpec = { kind: "slow-dependency", at: 0, target: {}, dependency: "broker", add };
  const base = withFault(null, "server-create", times, 100 * S);
  const slow = withFault(fault, "server-create", times, 100 * S);
  t.true(slow[0]!.ok && base[0]!.ok);
  // conductor cast, scheduler call + reply... each delivery from a queue waits 2 s more.
  t.true(slow[0]!.latencyNs - base[0]!.latencyNs >= 4 * S, `${base[0]!.latencyNs} -> ${slow[0]!.latencyNs}`);
  const list = withFault(fault, "server-list", [1 * S, 2 * S], 20 * S);
  const listBase = withFault(null, "server-list", [1 * S, 2 * S], 20 * S);
  t.deepEqual(list.map((r) => r.latencyNs), listBase.map((r) => r.latencyNs));
});

test("max_concurrent_builds lowered to 1 serialises builds on each compute host", (t) => {
  const times = Array.from({ length: 8 }, () => 1 * S);
  const base = withFault(null, "server-create", times, 400 * S);
  const limited = withFault({ kind: "limit", at: 0, target: { service: "nova-compute" }, limit: "max-concurrent-builds", value: 1 }, "server-create", times, 400 * S);
  t.true(base.every((r) => r.ok) && limited.every((r) => r.ok));
  const worst = (rs: RequestResult[]) => Math.max(...rs.map((r) => r.latencyNs));
  t.true(worst(limited) > worst(base) + 2 * S, `${worst(base) / 1e9} -> ${worst(limited) / 1e9} s`);
});

test("a partition between one API host and the DB fails that host's requests after the connect timeout", (t) => {
  const times = [1, 2, 3, 4].map((s) => s * S);
  const rs = withFault({ kind: "partition", at: 0, target: { link: "controller-1<->db-1" } }, "server-list", times, 60 * S);
  // nova-api-1 (controller-1) cannot reach MySQL; nova-api-2 (controller-2) can.
  const failed = rs.filter((r) => !r.ok);
  t.is(failed.length, 2);
  for (const r of failed) t.true(r.latencyNs >= 10 * S);
});

test("overlapping broker slowdowns that end out of order leave no delay behind", (t) => {
  const sim = new Simulation({ seed: "dep" });
  const c = buildCloud(sim, defaultTopology());
  const add = (ms: number) => ({ kind: "constant" as const, value: ms * MS });
  // The first fault ends while the second, which began later, is still on.
  applyFaults(sim, c, [
    { kind: "slow-dependency", at: 1 * S, for: 3 * S, target: {}, dependency: "broker", add: add(100) },
    { kind: "slow-dependency", at: 2 * S, for: 8 * S, target: {}, dependency: "broker", add: add(300) },
  ]);
  // A cast's trip to its queue goes through the broker's routing: measure it at each time.
  const q = c.broker.queue("conductor");
  const api = c.instance("nova-api-1")!;
  const trip = (at: number): number => {
    sim.run({ until: at });
    const sent = sim.now;
    const before = q.enqueued;
    let arrived = -1;
    api.group.spawn((function* () {
      yield* api.rpc!.cast({ topic: "conductor" }, "instance_update", { id: "none" }, {});
    })());
    const probe = (): void => {
      if (q.enqueued > before) arrived = sim.now;
      else sim.schedule(100_000, probe);
    };
    sim.schedule(0, probe);
    sim.run({ until: at + 1 * S });
    return Math.floor((arrived - sent) / MS);
  };
  const ms = [trip(1.5 * S), trip(3 * S), trip(5 * S), trip(12 * S)];
  // The broker's own routing adds well under a millisecond; the faults add 100, 100 + 300 and 300 ms.
  t.deepEqual(ms.map((m) => (m >= 400 ? 400 : m >= 300 ? 300 : m >= 100 ? 100 : 0)), [100, 400, 300, 0], ms.join(","));
});
