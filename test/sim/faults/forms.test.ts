// Which target forms each fault kind accepts (sim/faults/README.md's table), what each one
// resolves to as ground truth, and the property that any fault spec is either accepted and runs
// or refused with a FaultSpecError — never a crash.
import test from "ava";
import fc from "fast-check";
import { MS, S, Simulation } from "../../../sim/kernel/index.ts";
import { applyFaults, faultComponents, FaultSpecError, FAULT_KINDS, LIMIT_NAMES, validateFaults } from "../../../sim/faults/index.ts";
import type { FaultSpec, FaultTarget } from "../../../sim/faults/index.ts";
import { buildCloud, defaultTopology, validNames, WORKFLOWS } from "../../../sim/openstack/index.ts";

function cloud() {
  const sim = new Simulation({ seed: "forms" });
  return { sim, cloud: buildCloud(sim, defaultTopology()) };
}

/** null when accepted; the message otherwise. */
function verdict(spec: FaultSpec): string | null {
  const { cloud: c } = cloud();
  try {
    validateFaults(c, [spec]);
    return null;
  } catch (e) {
    if (!(e instanceof FaultSpecError)) throw e;
    return e.message;
  }
}

const at = 0;
const accepted: [string, FaultSpec][] = [
  ["latency on an operation", { kind: "latency", at, target: { operation: "keystone.validate_token" }, add: 1 * MS }],
  ["latency on an operation of an instance", { kind: "latency", at, target: { instance: "keystone-1", operation: "validate_token" }, add: 1 * MS }],
  ["latency on an operation of a host", { kind: "latency", at, target: { host: "controller-2", operation: "keystone.validate_token" }, add: 1 * MS }],
  ["latency on a service", { kind: "latency", at, target: { service: "glance" }, add: 1 * MS }],
  ["latency on a host", { kind: "latency", at, target: { host: "compute-1" }, add: 1 * MS }],
  ["latency on a link", { kind: "latency", at, target: { link: "controller-1<->db-1" }, add: 1 * MS }],
  ["latency on a database operation", { kind: "latency", at, target: { operation: "mysql.select" }, add: 1 * MS }],
  ["error on a database operation", { kind: "error", at, target: { operation: "mysql.insert" }, probability: 0.5 }],
  ["error on a cache operation", { kind: "error", at, target: { operation: "memcached.get" }, probability: 0.5 }],
  ["error on a host (its services' operations)", { kind: "error", at, target: { host: "controller-3" }, probability: 0.5 }],
  ["crash of a host", { kind: "crash", at, target: { host: "compute-2" } }],
  ["freeze of an instance", { kind: "freeze", at, target: { instance: "nova-conductor-1" } }],
  ["crash of the database service", { kind: "crash", at, target: { service: "mysql" } }],
  ["partition of a one-way link", { kind: "partition", at, target: { link: "controller-1->broker-1" } }],
  ["partition of a host, one direction", { kind: "partition", at, target: { host: "compute-1" }, direction: "out" }],
  ["message loss on a broker link", { kind: "message-loss", at, target: { link: "controller-1<->broker-1" }, probability: 0.3 }],
  ["message loss on a database link (packets)", { kind: "message-loss", at, target: { link: "controller-1<->db-1" }, probability: 0.3 }],
  ["message delay on a service's queues", { kind: "message-delay", at, target: { service: "nova-conductor" }, delay: 250 * MS }],
  ["message delay on an instance's queues", { kind: "message-delay", at, target: { instance: "nova-compute-2" }, delay: 250 * MS }],
  ["message duplication on a shared topic", { kind: "message-duplication", at, target: { service: "nova-scheduler" }, probability: 0.5 }],
  ["slow database with no target", { kind: "slow-dependency", at, target: {}, dependency: "db", add: 10 * MS }],
  ["slow cache on its host", { kind: "slow-dependency", at, target: { host: "controller-1" }, dependency: "cache", add: 10 * MS }],
  ["slow broker", { kind: "slow-dependency", at, target: { service: "rabbitmq" }, dependency: "broker", add: 10 * MS }],
  ["cache outage with no target", { kind: "cache-outage", at, target: {} }],
  ["worker limit on a service", { kind: "limit", at, target: { service: "keystone" }, limit: "workers", value: 1 }],
  ["database threads with no target", { kind: "limit", at, target: {}, limit: "db-threads", value: 4 }],
  ["executor limit on a compute host", { kind: "limit", at, target: { host: "compute-3" }, limit: "executor", value: 2 }],
  ["clock skew of a service's hosts", { kind: "clock-skew", at, target: { service: "nova-scheduler" }, offsetNs: 30 * MS }],
];

for (const [name, spec] of accepted) {
  test(`accepted: ${name}`, (t) => {
    t.is(verdict(spec), null);
  });
}

const refused: [string, FaultSpec, RegExp][] = [
  ["latency with no target", { kind: "latency", at, target: {}, add: 1 }, /^faults\[0\]\.target: a latency fault needs a target; expected a service, instance, host, operation or link$/],
  ["an operation on the wrong instance", { kind: "latency", at, target: { instance: "glance-1", operation: "keystone.validate_token" }, add: 1 }, /^faults\[0\]\.target\.operation: operation keystone\.validate_token does not run on glance-1/],
  ["an operation on a host it does not run on", { kind: "latency", at, target: { host: "compute-1", operation: "keystone.validate_token" }, add: 1 }, /does not run on compute-1/],
  ["error on a link", { kind: "error", at, target: { link: "controller-1<->db-1" }, probability: 1 }, /^faults\[0\]\.target: a error fault does not act on a link; expected a service, instance, host or operation/],
  ["error on the client's think time", { kind: "error", at, target: { operation: "client.think" }, probability: 1 }, /client\.think cannot fail: the client is the load generator/],
  ["error on the broker's routing", { kind: "error", at, target: { operation: "rabbitmq.route" }, probability: 1 }, /rabbitmq\.route cannot fail.*use message-loss/],
  ["crash of an operation", { kind: "crash", at, target: { operation: "keystone.issue_token" } }, /^faults\[0\]\.target\.operation: a crash fault does not act on an operation/],
  ["crash of the load generator's host", { kind: "crash", at, target: { host: "client-1" } }, /client-1 is the load generator's host/],
  ["partition of a service", { kind: "partition", at, target: { service: "keystone" } }, /a partition cuts hosts or links, not processes; expected a host \(controller-1, controller-2\) or a link/],
  ["direction on a link", { kind: "partition", at, target: { link: "a<->b" as string }, direction: "in" }, /unknown host in link "a"/],
  ["direction on a real link", { kind: "partition", at, target: { link: "compute-1<->broker-1" }, direction: "in" }, /^faults\[0\]\.direction: direction applies to a host target; expected a one-way link "a->b" instead/],
  ["message loss on an HTTP-only service", { kind: "message-loss", at, target: { service: "glance" }, probability: 0.5 }, /nothing in \{"service":"glance"\} consumes RPC messages/],
  ["message duplication on a link", { kind: "message-duplication", at, target: { link: "controller-1<->broker-1" }, probability: 0.5 }, /duplication is modelled on RPC queues/],
  ["message duplication on one instance", { kind: "message-duplication", at, target: { instance: "nova-conductor-1" }, probability: 0.5 }, /dropped by its duplicate check/],
  ["message duplication on single-server queues", { kind: "message-duplication", at, target: { service: "nova-compute" }, probability: 0.5 }, /nova-compute's messages each go to one server, whose duplicate check drops the copy; expected an RPC service whose topic several servers share \(nova-conductor or nova-scheduler\)/],
  ["slow database aimed at Keystone", { kind: "slow-dependency", at, target: { service: "keystone" }, dependency: "db", add: 1 }, /a slow db acts on mysql, not on keystone-1; expected no target, or service mysql/],
  ["cache outage on a host without memcached", { kind: "cache-outage", at, target: { host: "compute-1" } }, /acts on memcached, which does not run on compute-1/],
  ["worker limit with no target", { kind: "limit", at, target: {}, limit: "workers", value: 1 }, /^faults\[0\]\.target: a workers limit needs a target/],
  ["worker limit on an RPC service", { kind: "limit", at, target: { service: "nova-conductor" }, limit: "workers", value: 1 }, /^faults\[0\]\.limit: nothing in \{"service":"nova-conductor"\} has WSGI workers; expected an HTTP API service .* RPC services have an executor/],
  ["db-pool limit on a service without database access", { kind: "limit", at, target: { service: "nova-compute" }, limit: "db-pool", value: 1 }, /has an oslo\.db connection pool/],
  ["clock skew on a link", { kind: "clock-skew", at, target: { link: "controller-1<->db-1" }, offsetNs: 1 }, /a clock-skew fault does not act on a link/],
];

for (const [name, spec, re] of refused) {
  test(`refused: ${name}`, (t) => {
    const message = verdict(spec);
    t.not(message, null);
    t.regex(message ?? "", re);
  });
}

test("the ground truth names what a fault hit, and faultComponents adds the names a diagnosis may use", (t) => {
  const { sim, cloud: c } = cloud();
  const records = applyFaults(sim, c, [
    { kind: "latency", at, target: { instance: "nova-compute-2", operation: "spawn" }, add: 1 * S },
    { kind: "crash", at, target: { host: "compute-2" } },
    { kind: "message-delay", at, target: { link: "compute-1->broker-1" }, delay: 1 * MS },
    { kind: "message-delay", at, target: { service: "nova-conductor" }, delay: 1 * MS },
    { kind: "slow-dependency", at, target: {}, dependency: "db", add: 1 * MS },
    { kind: "clock-skew", at, target: { instance: "nova-api-2" }, offsetNs: 1 * MS },
    { kind: "limit", at, target: { service: "keystone" }, limit: "workers", value: 1 },
  ]);
  t.deepEqual(records.map((r) => faultComponents(r)), [
    [
      { kind: "operation", service: "nova-compute", operation: "spawn", instance: "nova-compute-2", host: "compute-2" },
      { kind: "instance", service: "nova-compute", instance: "nova-compute-2", host: "compute-2" },
      { kind: "service", service: "nova-compute" },
    ],
    [{ kind: "host", host: "compute-2" }],
    [{ kind: "link", link: "compute-1->broker-1" }, { kind: "link", link: "broker-1<->compute-1" }],
    [
      { kind: "queue", queue: "conductor" },
      { kind: "queue", queue: "conductor.controller-1" },
      { kind: "queue", queue: "conductor_fanout_controller-1" },
      { kind: "queue", queue: "conductor.controller-2" },
      { kind: "queue", queue: "conductor_fanout_controller-2" },
    ],
    [
      { kind: "dependency", service: "mysql" },
      { kind: "instance", service: "mysql", instance: "mysql-1", host: "db-1" },
      { kind: "service", service: "mysql" },
    ],
    [{ kind: "clock", host: "controller-2" }],
    [
      { kind: "service", service: "keystone" },
      { kind: "instance", service: "keystone", instance: "keystone-1", host: "controller-1" },
      { kind: "instance", service: "keystone", instance: "keystone-2", host: "controller-2" },
    ],
  ]);
});

test("overlapping faults of every kind start and end in any order and leave the cloud as it was", (t) => {
  const { sim, cloud: c } = cloud();
  applyFaults(sim, c, [
    { kind: "limit", at: 1 * S, for: 4 * S, target: { service: "keystone" }, limit: "workers", value: 2 },
    { kind: "limit", at: 2 * S, for: 1 * S, target: { instance: "keystone-1" }, limit: "workers", value: 1 },
    { kind: "crash", at: 1 * S, for: 5 * S, target: { host: "compute-2" } },
    { kind: "crash", at: 2 * S, for: 1 * S, target: { host: "compute-2" } },
    { kind: "clock-skew", at: 1 * S, for: 2 * S, target: { host: "compute-1" }, offsetNs: 10 * MS },
    { kind: "clock-skew", at: 2 * S, for: 5 * S, target: { host: "compute-1" }, offsetNs: 20 * MS },
    { kind: "partition", at: 1 * S, for: 3 * S, target: { host: "compute-3" } },
    { kind: "partition", at: 2 * S, for: 1 * S, target: { link: "compute-3<->broker-1" } },
  ]);
  sim.run({ until: 2.5 * S });
  t.is(c.instance("keystone-1")!.workers!.capacity, 1);
  t.is(c.instance("keystone-2")!.workers!.capacity, 2);
  t.is(c.host("compute-1").clock.now(), 2.5 * S + 30 * MS);
  sim.run({ until: 3.5 * S });
  t.is(c.instance("keystone-1")!.workers!.capacity, 2, "the looser limit still holds");
  t.true(c.host("compute-2").down, "the longer crash still holds");
  t.false(c.net.reachable(c.host("compute-3"), c.host("broker-1")));
  sim.run({ until: 10 * S });
  t.is(c.instance("keystone-1")!.workers!.capacity, 10);
  t.false(c.host("compute-2").down);
  t.is(c.host("compute-1").clock.now(), 10 * S);
  t.true(c.net.reachable(c.host("compute-3"), c.host("broker-1")));
});

test("any fault spec is either refused with a FaultSpecError or accepted and runs", (t) => {
  const names = validNames(cloud().cloud);
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const service = fc.constantFrom(...names.services);
  const instance = fc.constantFrom(...names.instances);
  const host = fc.constantFrom(...names.hosts);
  const operation = fc.constantFrom(...names.operations, "select", "validate_token", "spawn");
  // Every target form, including ones a kind refuses; fields drawn from the cloud's names.
  const target: fc.Arbitrary<FaultTarget> = fc.oneof(
    fc.constant({}),
    fc.record({ service }),
    fc.record({ instance }),
    fc.record({ host }),
    fc.record({ link: fc.constantFrom(...names.links, "controller-1->broker-1", "db-1->compute-4") }),
    fc.record({ operation }),
    fc.record({ service, operation }),
    fc.record({ instance, operation }),
    fc.record({ host, operation }),
    fc.record({ service, host }),
    fc.record({ service, instance }),
  );
  const spec: fc.Arbitrary<FaultSpec> = fc.record({
    kind: fc.constantFrom(...FAULT_KINDS),
    target,
    p: fc.double({ min: 0, max: 1, noNaN: true }),
    limit: fc.constantFrom(...LIMIT_NAMES),
    value: fc.integer({ min: 0, max: 3 }),
    dependency: fc.constantFrom("db" as const, "cache" as const, "broker" as const),
    direction: maybe(fc.constantFrom("both" as const, "out" as const, "in" as const)),
    revocations: fc.boolean(),
  }).map(({ kind, target: tg, p, limit, value, dependency, direction, revocations }): FaultSpec => {
    const base = { at: 1 * S, for: 20 * S, target: tg };
    switch (kind) {
      case "latency": return revocations ? { kind, ...base, growth: { state: "revocation-events", eventsPerSecond: 100 } } : { kind, ...base, add: 50 * MS };
      case "error": return { kind, ...base, probability: p };
      case "crash":
      case "freeze":
      case "cache-outage": return { kind, ...base };
      case "partition": return direction === undefined ? { kind, ...base } : { kind, ...base, direction };
      case "message-loss":
      case "message-duplication": return { kind, ...base, probability: p };
      case "message-delay": return { kind, ...base, delay: 100 * MS };
      case "slow-dependency": return { kind, ...base, dependency, add: 20 * MS };
      case "limit": return { kind, ...base, limit, value };
      case "clock-skew": return { kind, ...base, offsetNs: 5 * MS };
    }
  });
  let ran = 0;
  fc.assert(fc.property(spec, fc.constantFrom(...WORKFLOWS), (s, wf) => {
    const { sim, cloud: c } = cloud();
    try {
      applyFaults(sim, c, [s]);
    } catch (e) {
      return e instanceof FaultSpecError;
    }
    ran++;
    c.startRequest(wf);
    sim.run({ until: 40 * S });
    return true;
  }), { numRuns: 80, seed: 17 });
  t.true(ran > 20, `${ran} accepted specs ran`);
});
