import test from "ava";
import { MS, S, Simulation } from "../../../sim/kernel/index.ts";
import { buildCloud, buildSemaphore, defaultTopology } from "../../../sim/openstack/index.ts";
import type { Cloud, RequestResult, Workflow } from "../../../sim/openstack/index.ts";
import { applyFaults, FaultSpecError, validateFaults } from "../../../sim/faults/index.ts";
import type { FaultSpec } from "../../../sim/faults/index.ts";

function cloud(seed = "f") {
  const sim = new Simulation({ seed });
  return { sim, cloud: buildCloud(sim, defaultTopology()) };
}

/** Starts `workflow` at each time; returns results in start order. */
function at(sim: Simulation, c: Cloud, workflow: Workflow, times: readonly number[]): (RequestResult | undefined)[] {
  const out: (RequestResult | undefined)[] = times.map(() => undefined);
  times.forEach((time, i) => {
    sim.schedule(time - sim.now, () => {
      const p = c.startRequest(workflow, { tokenReuse: true });
      sim.process((function* () {
        out[i] = yield p;
      })());
    });
  });
  return out;
}

test("a latency fault applies from `at` and reverts after `for`; the ground truth says what and where", (t) => {
  const { sim, cloud: c } = cloud();
  const records = applyFaults(sim, c, [{ id: "slow-list", kind: "latency", at: 10 * S, for: 10 * S, target: { service: "nova-api", operation: "list_servers" }, add: 300 * MS }]);
  const rs = at(sim, c, "server-list", [5 * S, 6 * S, 12 * S, 15 * S, 25 * S, 26 * S]);
  sim.run({ until: 40 * S });
  const ms = rs.map((r) => Math.round(r!.latencyNs / MS));
  t.true(ms[2]! >= 300 && ms[3]! >= 300, ms.join(","));
  for (const i of [1, 4, 5]) t.true(ms[i]! < 200, ms.join(","));
  t.deepEqual(records, [{
    id: "slow-list",
    kind: "latency",
    target: { service: "nova-api", operation: "list_servers" },
    start: 10 * S,
    end: 20 * S,
    params: { add: 300 * MS },
    resolved: { instances: [], hosts: [], links: [], operations: ["nova-api.list_servers"], queues: [] },
    components: [{ kind: "operation", service: "nova-api", operation: "list_servers" }],
  }]);
  t.is(c.operation("nova-api", "list_servers").latency.length, 0);
});

test("latency on one instance slows only that instance's share", (t) => {
  const { sim, cloud: c } = cloud();
  applyFaults(sim, c, [{ kind: "latency", at: 0, target: { instance: "nova-api-2", operation: "list_servers" }, add: 500 * MS }]);
  const rs = at(sim, c, "server-list", [1 * S, 2 * S, 3 * S, 4 * S]);
  sim.run({ until: 20 * S });
  const slow = rs.filter((r) => r!.latencyNs > 500 * MS).length;
  t.is(slow, 2); // round robin over two instances
});

test("a crash makes callers fail until the restart after `for`", (t) => {
  const { sim, cloud: c } = cloud();
  applyFaults(sim, c, [{ kind: "crash", at: 10 * S, for: 20 * S, target: { service: "keystone" } }]);
  const rs = at(sim, c, "token-issue", [5 * S, 15 * S, 40 * S]);
  sim.run({ until: 60 * S });
  t.deepEqual(rs.map((r) => r!.ok), [true, false, true]);
  t.regex(rs[1]!.error!, /connection refused/);
  t.false(c.instance("keystone-1")!.group.down);
});

test("a host crash is silent (callers time out), unlike a process crash (refused)", (t) => {
  const { sim, cloud: c } = cloud();
  applyFaults(sim, c, [{ kind: "crash", at: 1 * S, for: 300 * S, target: { host: "controller-1" } }, { kind: "crash", at: 1 * S, for: 300 * S, target: { host: "controller-2" } }]);
  const rs = at(sim, c, "token-issue", [2 * S]);
  sim.run({ until: 200 * S });
  t.false(rs[0]!.ok);
  t.regex(rs[0]!.error!, /timeout/);
  t.true(rs[0]!.latencyNs >= c.topology.http.clientTimeoutNs);
});

test("a freeze holds work for its duration; requests complete after the thaw", (t) => {
  const { sim, cloud: c } = cloud();
  applyFaults(sim, c, [{ kind: "freeze", at: 1 * S, for: 5 * S, target: { service: "keystone" } }]);
  const rs = at(sim, c, "token-issue", [2 * S]);
  sim.run({ until: 30 * S });
  t.true(rs[0]!.ok);
  t.true(rs[0]!.latencyNs > 4 * S && rs[0]!.latencyNs < 6 * S, `${rs[0]!.latencyNs}`);
});

test("a broker partition blocks nova-api's cast; the create completes after the partition heals", (t) => {
  const { sim, cloud: c } = cloud();
  applyFaults(sim, c, [{ kind: "partition", at: 1 * S, for: 30 * S, target: { host: "broker-1" } }]);
  const rs = at(sim, c, "server-create", [2 * S]);
  sim.run({ until: 120 * S });
  t.true(rs[0]!.ok, rs[0]!.error);
  t.true(rs[0]!.latencyNs > 29 * S, `${rs[0]!.latencyNs}`);
  t.true(c.broker.blockedPublishes >= 1);
});

test("message loss on the compute topic loses build casts: the create times out (at-most-once)", (t) => {
  const { sim, cloud: c } = cloud();
  const records = applyFaults(sim, c, [{ kind: "message-loss", at: 0, target: { service: "nova-compute" }, probability: 1 }]);
  t.true(records[0]!.resolved.queues.includes("compute.compute-1"));
  const rs = at(sim, c, "server-create", [1 * S]);
  sim.run({ until: 400 * S });
  t.false(rs[0]!.ok);
  t.regex(rs[0]!.error!, /timed out/);
});

test("an error on Glance's image list leaves Horizon's page up (exceptions.handle shows a message); a link delay slows only traffic on that link", (t) => {
  const { sim, cloud: c } = cloud();
  applyFaults(sim, c, [
    { kind: "error", at: 0, for: 10 * S, target: { service: "glance", operation: "list_images" }, probability: 1 },
    { kind: "message-delay", at: 20 * S, for: 10 * S, target: { link: "client-1<->controller-3" }, delay: 1 * S },
  ]);
  const pages = at(sim, c, "horizon-instances", [1 * S, 12 * S, 21 * S]);
  sim.run({ until: 60 * S });
  t.deepEqual(pages.map((r) => r!.ok), [true, true, true]);
  // Horizon lives on controller-3: request and response each cross the delayed link.
  t.true(pages[2]!.latencyNs > 2 * S);
  t.true(pages[1]!.latencyNs < 1 * S);
});

test("limit and clock-skew faults revert to the configured values", (t) => {
  const { sim, cloud: c } = cloud();
  applyFaults(sim, c, [
    { kind: "limit", at: 1 * S, for: 5 * S, target: { service: "nova-compute" }, limit: "max-concurrent-builds", value: 1 },
    { kind: "limit", at: 1 * S, for: 5 * S, target: { instance: "keystone-1" }, limit: "workers", value: 2 },
    { kind: "clock-skew", at: 1 * S, for: 5 * S, target: { host: "compute-2" }, offsetNs: 250 * MS },
  ]);
  const compute = c.instance("nova-compute-1")!;
  sim.run({ until: 2 * S });
  t.is(buildSemaphore(compute).capacity, 1);
  t.is(c.instance("keystone-1")!.workers!.capacity, 2);
  t.is(c.host("compute-2").clock.now(), 2 * S + 250 * MS);
  sim.run({ until: 7 * S });
  t.is(buildSemaphore(compute).capacity, 10);
  t.is(c.instance("keystone-1")!.workers!.capacity, 10);
  t.is(c.host("compute-2").clock.now(), 7 * S);
});

test("bad fault specs are refused with the path, what was expected and the closest name", (t) => {
  const { cloud: c } = cloud();
  const bad = (spec: unknown, re: RegExp) => {
    const e = t.throws(() => validateFaults(c, [spec as FaultSpec]), { instanceOf: FaultSpecError });
    t.regex(e!.message, re);
  };
  bad({ kind: "latency", at: 0, target: { service: "keystne" }, add: 1 }, /^faults\[0\]\.target\.service: unknown service "keystne".*did you mean "keystone"/);
  bad({ kind: "latency", at: 0, target: { service: "keystone", operation: "validate_tokn" }, add: 1 }, /target\.operation: unknown operation of keystone "validate_tokn".*did you mean "validate_token"/);
  bad({ kind: "crash", at: 0, target: { host: "compute-9" } }, /target\.host: unknown host "compute-9".*did you mean "compute-1"/);
  bad({ kind: "partition", at: 0, target: { link: "controller-1-broker-1" } }, /target\.link: malformed link/);
  bad({ kind: "error", at: 0, target: { service: "glance" }, probability: 2 }, /faults\[0\]\.probability: got 2; expected a probability between 0 and 1/);
  bad({ kind: "latnecy", at: 0, target: {} }, /faults\[0\]\.kind: unknown fault kind "latnecy".*did you mean "latency"/);
  bad({ kind: "crash", at: -5, target: { service: "glance" } }, /faults\[0\]\.at: got -5/);
  bad({ kind: "latency", at: 0, target: { service: "glance" }, growth: { state: "revocation-events", eventsPerSecond: 1 } }, /growth\.state: revocation-events growth only applies to Keystone/);
  bad({ kind: "limit", at: 0, target: { service: "glance" }, limit: "max-concurrent-builds", value: 1 }, /^faults\[0\]\.limit: nothing in \{"service":"glance"\} has max_concurrent_builds; expected nova-compute/);
  bad({ kind: "message-loss", at: 0, target: { service: "glance" }, probability: 0.5 }, /^faults\[0\]\.target: nothing in \{"service":"glance"\} consumes RPC messages; expected a link, or an RPC service/);
});

test("faults are validated before any is scheduled", (t) => {
  const { sim, cloud: c } = cloud();
  t.throws(() => applyFaults(sim, c, [
    { kind: "crash", at: 1 * S, target: { service: "keystone" } },
    { kind: "crash", at: 1 * S, target: { service: "nope" } },
  ]), { instanceOf: FaultSpecError, message: /faults\[1\]/ });
  sim.run({ until: 5 * S });
  t.false(c.instance("keystone-1")!.group.down);
});
