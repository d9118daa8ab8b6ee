// Wait markers: the model marks queueing, timeouts and retry backoffs so the DAG critical path
// labels them instead of counting them as work.
import test from "ava";
import { S } from "../../../sim/kernel/index.ts";
import { defaultTopology } from "../../../sim/openstack/index.ts";
import type { RequestResult, TopologyConfig, Workflow } from "../../../sim/openstack/index.ts";
import { applyFaults } from "../../../sim/faults/index.ts";
import { dagFromParents } from "../../../tracer/analysis/reconstruct/index.ts";
import { dagCriticalPath } from "../../../tracer/analysis/dag-critical-path/index.ts";
import type { DagCriticalPath } from "../../../tracer/analysis/dag-critical-path/index.ts";
import type { TraceEvent } from "../../../tracer/index.ts";
import { eventsOf, tracedCloud } from "./harness.ts";
import type { Traced } from "./harness.ts";

function criticalPath(env: Traced, r: RequestResult): DagCriticalPath {
  const events = eventsOf(env, r.traceId!);
  return dagCriticalPath(dagFromParents({ traceId: r.traceId!, events }));
}

/** Starts `n` requests at once and runs until all are done. */
function burst(env: Traced, workflow: Workflow, n: number, untilNs: number, tokenReuse = false): RequestResult[] {
  const out: RequestResult[] = [];
  for (let i = 0; i < n; i++) env.sim.process((function* () {
    out.push(yield env.cloud.startRequest(workflow, { tokenReuse }));
  })());
  env.sim.run({ until: untilNs });
  return out;
}

/** The critical path of the part of a trace that leads to event `end` (its ancestors). */
function pathTo(events: readonly TraceEvent[], end: string): DagCriticalPath {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const keep = new Set<string>();
  const stack = [end];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (keep.has(id) || !byId.has(id)) continue;
    keep.add(id);
    stack.push(...byId.get(id)!.parents);
  }
  const sub = events.filter((e) => keep.has(e.eventId));
  return dagCriticalPath(dagFromParents({ traceId: sub[0]!.traceId, events: sub }));
}

const kindTime = (cp: DagCriticalPath, kind: string, service?: string): number =>
  cp.sections.filter((s) => s.kind === kind && (service === undefined || s.service === service)).reduce((n, s) => n + (s.end - s.start), 0);

test("a one-worker Keystone under a burst: the waits are queue sections of keystone, as long as the request waited", (t) => {
  const topo: TopologyConfig = defaultTopology();
  const one = { ...topo, services: { ...topo.services, keystone: { ...topo.services.keystone, replicas: 1, workers: 1 } } };
  const env = tracedCloud({ seed: "queue", topology: one });
  const results = burst(env, "token-issue", 8, 60 * S);
  t.is(results.length, 8);
  t.true(results.every((r) => r.ok));
  const sorted = [...results].sort((a, b) => a.latencyNs - b.latencyNs);
  // The first one served waited for nobody; the last waited for seven others.
  const first = criticalPath(env, sorted[0]!);
  const last = criticalPath(env, sorted[7]!);
  t.is(kindTime(first, "queue"), 0);
  const queued = last.sections.filter((s) => s.kind === "queue");
  t.true(queued.length > 0);
  t.true(queued.every((s) => s.service === "keystone" && s.operation === "POST /v3/auth/tokens"));
  // Most of the slowest request's extra time over the fastest is that queueing.
  const q = kindTime(last, "queue", "keystone");
  t.true(q > 0.8 * (sorted[7]!.latencyNs - sorted[0]!.latencyNs), `${q} vs ${sorted[7]!.latencyNs - sorted[0]!.latencyNs}`);
  // Nothing in the fastest trace marks a wait (the uncontended path records no extra events).
  t.false(eventsOf(env, sorted[0]!.traceId!).some((e) => e.attributes?.["queue.wait"] !== undefined || e.attributes?.["wait"] !== undefined));
});

test("a one-connection oslo.db pool: queries waiting for a connection are the calling service's queue time", (t) => {
  const topo: TopologyConfig = defaultTopology();
  const one = {
    ...topo,
    keystone: { ...topo.keystone, users: 1 },
    services: { ...topo.services, "nova-api": { ...topo.services["nova-api"], replicas: 1, dbPool: 1 } },
  };
  const env = tracedCloud({ seed: "dbpool", topology: one });
  burst(env, "server-list", 1, 5 * S); // warms the token cache
  const results = burst(env, "server-list", 6, 30 * S);
  t.true(results.every((r) => r.ok));
  const queued = results.map((r) => criticalPath(env, r)).flatMap((cp) => cp.sections.filter((s) => s.kind === "queue"));
  t.true(queued.length > 0);
  t.true(queued.every((s) => s.service === "nova-api"));
  const marks = results.flatMap((r) => eventsOf(env, r.traceId!)).filter((e) => e.attributes?.["queue.pool"] === "db_pool");
  t.true(marks.length > 0 && marks.every((e) => e.kind === "start" && e.name.startsWith("db.") && (e.attributes!["queue.wait"] as number) > 0));
});

test("an RPC executor of one slot: a call waiting in the queue is the server's queue time", (t) => {
  const topo: TopologyConfig = defaultTopology();
  const one = { ...topo, services: { ...topo.services, "nova-scheduler": { ...topo.services["nova-scheduler"], replicas: 1, workers: 1 } } };
  const env = tracedCloud({ seed: "executor", topology: one });
  const results = burst(env, "server-create", 5, 120 * S);
  t.is(results.length, 5);
  // Scheduling runs after the API's 202, off the request's own path: walk back from each
  // scheduler span's end instead.
  const handled = results.flatMap((r) => eventsOf(env, r.traceId!)).filter((e) => e.kind === "end" && e.name === "rpc.handle select_destinations");
  t.is(handled.length, 5);
  const paths = handled.map((e) => pathTo(eventsOf(env, e.traceId), e.eventId));
  const queued = paths.flatMap((cp) => cp.sections.filter((s) => s.kind === "queue"));
  // Five calls at once through one slot: four of them waited.
  t.is(paths.filter((cp) => kindTime(cp, "queue") > 0).length, 4);
  t.true(queued.every((s) => s.service === "nova-scheduler" && s.operation === "rpc.handle select_destinations"));
});

test("a Keystone validation that times out and is retried: timeout and retry sections of the caller", (t) => {
  const topo: TopologyConfig = defaultTopology();
  const env = tracedCloud({ seed: "retry", topology: { ...topo, keystone: { ...topo.keystone, users: 1 } } });
  // Keystone stops answering for 61 s: the middleware's first validation times out at 60 s,
  // backs off 0.5 s and is answered on its second attempt once Keystone resumes. (The command
  // reuses a token, so the client's own authentication does not wait for Keystone first.)
  applyFaults(env.sim, env.cloud, [{ kind: "freeze", at: 0, for: 61 * S, target: { service: "keystone" } }]);
  const [r] = burst(env, "server-list", 1, 100 * S, true);
  t.true(r!.ok, r!.error);
  const cp = criticalPath(env, r!);
  const timeouts = cp.sections.filter((s) => s.kind === "timeout");
  const retries = cp.sections.filter((s) => s.kind === "retry");
  t.is(timeouts.length, 1);
  t.is(retries.length, 1);
  t.is(timeouts[0]!.service, "nova-api");
  t.is(timeouts[0]!.end - timeouts[0]!.start, 60 * S);
  t.is(retries[0]!.service, "nova-api");
  t.is(retries[0]!.end - retries[0]!.start, 0.5 * S);
  t.true(timeouts[0]!.callPath.includes("GET /v3/auth/tokens"));
  // The timeout comes before the backoff, and the path then runs through Keystone's answer.
  t.true(timeouts[0]!.end <= retries[0]!.start);
  t.true(cp.sections.some((s) => s.service === "keystone" && s.start >= retries[0]!.end));
});

test("an RPC call that gets no reply is a timeout section of the caller", (t) => {
  const env = tracedCloud({ seed: "rpc-timeout" });
  // Frozen schedulers send no heartbeats: the conductor's select_destinations call monitor
  // gives up after call_monitor_timeout (60 s).
  applyFaults(env.sim, env.cloud, [{ kind: "freeze", at: 0, for: 200 * S, target: { service: "nova-scheduler" } }]);
  const [r] = burst(env, "server-create", 1, 400 * S);
  t.false(r!.ok);
  const events = eventsOf(env, r!.traceId!);
  const consumed = events.find((e) => e.kind === "end" && e.name === "rpc.consume schedule_and_build_instances")!;
  const cp = pathTo(events, consumed.eventId);
  const timeouts = cp.sections.filter((s) => s.kind === "timeout");
  t.is(timeouts.length, 1);
  t.is(timeouts[0]!.service, "nova-conductor");
  t.is(timeouts[0]!.end - timeouts[0]!.start, 60 * S);
  t.true(timeouts[0]!.callPath.includes("rpc.call scheduler.select_destinations"));
});

test("max_concurrent_builds of one: builds waiting for the semaphore are nova-compute's queue time", (t) => {
  const topo: TopologyConfig = defaultTopology();
  const one = { ...topo, hosts: { ...topo.hosts, computes: 1 }, compute: { ...topo.compute, maxConcurrentBuilds: 1 } };
  const env = tracedCloud({ seed: "builds", topology: one });
  const results = burst(env, "server-create", 3, 200 * S);
  t.is(results.length, 3);
  t.true(results.every((r) => r.ok));
  const built = results.flatMap((r) => eventsOf(env, r.traceId!)).filter((e) => e.kind === "end" && e.name === "rpc.consume build_and_run_instance");
  t.is(built.length, 3);
  const waits = built.map((e) => kindTime(pathTo(eventsOf(env, e.traceId), e.eventId), "queue", "nova-compute"));
  // One build at a time: the first waited for nobody, the other two for one and two builds.
  t.is(waits.filter((w) => w === 0).length, 1);
  t.is(waits.filter((w) => w > 2 * S).length, 2);
  const marks = results.flatMap((r) => eventsOf(env, r.traceId!)).filter((e) => e.name === "max_concurrent_builds acquired");
  t.is(marks.length, 2);
  t.true(marks.every((e) => e.kind === "annotate" && e.service === "nova-compute" && (e.attributes!["queue.wait"] as number) > 0));
});
