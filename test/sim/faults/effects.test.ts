// Every fault kind, run on a small traced cloud, leaves its evidence at its target: the
// targeted operation's spans are slower or in error, requests queue at the limited pool
// (queue.wait marks), lost calls end in a timeout child of rpc.call, a lost cast's handler
// never runs, a skewed host's timestamps are offset. Not only "the run completed".
import test from "ava";
import { MS, S } from "../../../sim/kernel/index.ts";
import { applyFaults } from "../../../sim/faults/index.ts";
import type { FaultSpec } from "../../../sim/faults/index.ts";
import type { RequestResult, Workflow } from "../../../sim/openstack/index.ts";
import { spansFromEvents } from "../../../tracer/index.ts";
import type { SpanRecord, TraceEvent } from "../../../tracer/index.ts";
import { tracedCloud } from "../openstack/harness.ts";
import type { Traced } from "../openstack/harness.ts";

interface Run {
  readonly env: Traced;
  readonly results: RequestResult[];
  /** The spans of the started requests' traces (background work has traces of its own). */
  readonly spans: SpanRecord[];
}

/**
 * Starts `workflow` at each time (ns), runs to `until`, and returns the results and every span
 * recorded. CLI commands reuse pooled tokens (no token issue of their own), so each test sees
 * its fault's effect on the workflow it names.
 */
function run(faults: readonly FaultSpec[], workflow: Workflow, times: readonly number[], until: number, seed = "effects"): Run {
  const env = tracedCloud({ seed });
  applyFaults(env.sim, env.cloud, faults);
  const results: RequestResult[] = [];
  for (const at of times) {
    env.sim.schedule(at, () => {
      const p = env.cloud.startRequest(workflow, { tokenReuse: true });
      env.sim.process((function* () {
        results.push(yield p);
      })());
    });
  }
  env.sim.run({ until });
  const traces = new Set(results.map((r) => r.traceId));
  const events: TraceEvent[] = [];
  for (const r of env.records) if (r.type === "event" && traces.has(r.event.traceId)) events.push(r.event);
  return { env, results, spans: spansFromEvents(events) };
}

const named = (spans: readonly SpanRecord[], service: string, name: string): SpanRecord[] => spans.filter((s) => s.service === service && s.name === name);
const duration = (s: SpanRecord): number => s.end - s.start;
const minOf = (xs: readonly number[]): number => xs.reduce((m, x) => Math.min(m, x), Infinity);
const maxOf = (xs: readonly number[]): number => xs.reduce((m, x) => Math.max(m, x), -Infinity);
const children = (spans: readonly SpanRecord[], parent: SpanRecord): SpanRecord[] => spans.filter((s) => s.parentSpanId === parent.spanId && s.traceId === parent.traceId);
const waits = (s: SpanRecord, pool: string): number[] => s.logs.filter((l) => l.attributes["queue.pool"] === pool).map((l) => Number(l.attributes["queue.wait"]));
const every = (n: number, step: number, from = 1 * S): number[] => Array.from({ length: n }, (_, i) => from + i * step);

test("latency on an operation slows that operation's own spans, on every instance or on the named one only", (t) => {
  const all = run([{ kind: "latency", at: 0, target: { operation: "nova-api.list_servers" }, add: 300 * MS }], "server-list", every(4, 1 * S), 20 * S);
  const served = named(all.spans, "nova-api", "GET /v2.1/servers/detail");
  t.is(served.length, 4);
  t.true(minOf(served.map(duration)) >= 300 * MS);
  const one = run([{ kind: "latency", at: 0, target: { instance: "nova-api-2", operation: "list_servers" }, add: 300 * MS }], "server-list", every(4, 1 * S), 20 * S);
  const byHost = (host: string) => named(one.spans, "nova-api", "GET /v2.1/servers/detail").filter((s) => s.host === host).map(duration);
  t.true(minOf(byHost("controller-2")) >= 300 * MS, "nova-api-2 runs on controller-2");
  t.true(maxOf(byHost("controller-1")) < 300 * MS);
});

test("revocation-events growth makes Keystone's validate_token spans grow with time", (t) => {
  const r = run([{ kind: "latency", at: 0, target: { operation: "keystone.validate_token" }, growth: { state: "revocation-events", eventsPerSecond: 200 } }], "horizon-instances", [1 * S, 30 * S], 60 * S);
  const v = named(r.spans, "keystone", "validate_token").sort((a, b) => a.start - b.start);
  // 20 µs per event: 29 s × 200 events/s later, each validation scans 5800 more events (116 ms).
  t.true(duration(v[v.length - 1]!) - duration(v[0]!) >= 100 * MS, v.map((s) => duration(s) / MS).join(","));
});

test("latency on a link delays what crosses it, not what does not", (t) => {
  const r = run([{ kind: "latency", at: 0, target: { link: "controller-1<->db-1" }, add: 200 * MS }], "server-list", every(4, 1 * S), 20 * S);
  const q = r.spans.filter((s) => s.name.startsWith("db."));
  const fromHost = (h: string) => q.filter((s) => s.host === h).map(duration);
  t.true(minOf(fromHost("controller-1")) >= 400 * MS, "query and result both cross the link");
  t.true(maxOf(fromHost("controller-2")) < 200 * MS);
});

test("an error on an API operation fails its server span with 500, and the caller's client span", (t) => {
  const r = run([{ kind: "error", at: 0, target: { operation: "nova-api.list_servers" }, probability: 1 }], "server-list", every(3, 1 * S), 20 * S);
  t.true(r.results.every((x) => !x.ok && x.error === "server list: HTTP 500"));
  const served = named(r.spans, "nova-api", "GET /v2.1/servers/detail");
  t.is(served.length, 3);
  for (const s of served) {
    t.is(s.status.code, "error");
    t.is(s.attributes["http.response.status_code"], 500);
  }
  t.true(named(r.spans, "client", "GET /v2.1/servers/detail").every((s) => s.status.code === "error"));
});

test("an error on a database operation fails the caller's db span, and the request fails (oslo.db DBError)", (t) => {
  const r = run([{ kind: "error", at: 0, target: { operation: "mysql.select" }, probability: 1 }], "server-list", every(3, 1 * S), 20 * S);
  const db = r.spans.filter((s) => s.name.startsWith("db.select"));
  t.true(db.length >= 3);
  for (const s of db) {
    t.is(s.status.code, "error");
    t.regex(s.status.message ?? "", /^DBError: injected error in mysql\.select/);
  }
  t.true(r.results.every((x) => !x.ok));
  // Keystone's own revocation query fails first, so nova-api's auth_token answers 503; either way the server span is in error.
  t.true(named(r.spans, "nova-api", "GET /v2.1/servers/detail").every((s) => s.status.code === "error"));
  t.true(named(r.spans, "keystone", "GET /v3/auth/tokens").every((s) => s.attributes["http.response.status_code"] === 500));
});

test("an error on a cache read fails the cache.get span; keystonemiddleware treats it as a miss and validates with Keystone", (t) => {
  const r = run([{ kind: "error", at: 0, target: { operation: "memcached.get" }, probability: 1 }], "server-list", every(3, 1 * S), 20 * S);
  t.true(r.results.every((x) => x.ok), "a cache error is a miss, not a failure");
  const gets = named(r.spans, "nova-api", "cache.get");
  t.true(gets.length >= 1 && gets.every((s) => s.status.code === "error"));
  // Every request's token was validated against Keystone (nothing came from the cache).
  t.is(named(r.spans, "nova-api", "GET /v3/auth/tokens").length, 3);
});

test("an error on an RPC method comes back to the caller's rpc.call span as a RemoteError", (t) => {
  const r = run([{ kind: "error", at: 0, target: { operation: "nova-conductor.instance_update" }, probability: 1 }], "server-create", [1 * S], 120 * S);
  t.false(r.results[0]!.ok);
  const calls = named(r.spans, "nova-compute", "rpc.call conductor.instance_update");
  t.true(calls.length >= 1);
  t.regex(calls[0]!.status.message ?? "", /^RemoteError: injected error in nova-conductor\.instance_update/);
  t.true(named(r.spans, "nova-conductor", "rpc.handle instance_update").every((s) => s.status.code === "error"));
});

test("an error on Keystone's token validation fails it inside the project list too", (t) => {
  const r = run([{ kind: "error", at: 0, target: { operation: "keystone.validate_token" }, probability: 1 }], "horizon-instances", [1 * S], 20 * S);
  const v = named(r.spans, "keystone", "validate_token");
  t.true(v.length >= 1 && v.every((s) => s.status.code === "error"));
});

test("a failed port binding fails the build waiting for network-vif-plugged", (t) => {
  const r = run([{ kind: "error", at: 0, target: { operation: "neutron.port_binding" }, probability: 1 }], "server-create", [1 * S], 120 * S);
  t.false(r.results[0]!.ok);
  t.is(r.results[0]!.error, "server went to ERROR");
  const notify = named(r.spans, "neutron", "notify network-vif-plugged");
  t.is(notify.length, 1);
  t.regex(notify[0]!.status.message ?? "", /^port binding failed/);
  t.regex(named(r.spans, "nova-compute", "rpc.consume build_and_run_instance")[0]!.status.message ?? "", /network-vif-plugged failed/);
});

test("a process crash: the load balancer skips it, a lone instance refuses connections; a host crash is silence", (t) => {
  const replicated = run([{ kind: "crash", at: 0, target: { instance: "nova-api-1" } }], "server-list", every(4, 1 * S), 20 * S);
  t.true(replicated.results.every((x) => x.ok));
  t.deepEqual([...new Set(named(replicated.spans, "nova-api", "GET /v2.1/servers/detail").map((s) => s.host))], ["controller-2"]);
  const alone = run([{ kind: "crash", at: 0, target: { instance: "cinder-1" } }], "pattern-concurrent", [1 * S], 20 * S);
  const refused = named(alone.spans, "horizon", "GET /v3/limits");
  t.is(refused.length, 1);
  t.is(refused[0]!.status.message, "connection refused");
  const host = run([{ kind: "crash", at: 0, target: { host: "db-1" } }], "server-list", [1 * S], 60 * S);
  const db = host.spans.filter((s) => s.name.startsWith("db."));
  t.true(db.length >= 1 && db.every((s) => s.status.code === "error" && duration(s) >= 10 * S), "the connect timeout (10 s)");
});

test("a freeze holds the frozen service's work until the thaw", (t) => {
  const r = run([{ kind: "freeze", at: 0, for: 5 * S, target: { service: "keystone" } }], "token-issue", [1 * S], 30 * S);
  t.true(r.results[0]!.ok);
  const served = named(r.spans, "keystone", "POST /v3/auth/tokens");
  t.is(served.length, 1);
  t.true(served[0]!.end >= 5 * S, "it ended after the thaw");
});

test("a partition of a host's link to the database fails that host's queries after the connect timeout", (t) => {
  const r = run([{ kind: "partition", at: 0, target: { link: "controller-1<->db-1" } }], "server-list", every(2, 1 * S), 60 * S);
  const db = r.spans.filter((s) => s.name.startsWith("db."));
  t.true(db.filter((s) => s.host === "controller-1").every((s) => s.status.code === "error"));
  t.true(db.filter((s) => s.host === "controller-2").every((s) => s.status.code !== "error"));
});

test("a host isolated one way can send but receives nothing: its callers time out", (t) => {
  const r = run([{ kind: "partition", at: 0, target: { host: "controller-3" }, direction: "in" }], "horizon-instances", [1 * S], 200 * S);
  t.false(r.results[0]!.ok);
  const page = named(r.spans, "client", "GET /project/instances/");
  t.is(page.length, 1);
  t.true(children(r.spans, page[0]!).some((s) => s.name === "timeout" && s.attributes["wait"] === "timeout"));
});

test("lost AMQP messages on a host's broker link: a lost call ends in MessagingTimeout with a timeout child, a lost cast is never handled", (t) => {
  const r = run([{ kind: "message-loss", at: 0, target: { link: "controller-1<->broker-1" }, probability: 1 }], "server-create", [1 * S, 2 * S], 400 * S);
  // nova-api-1 (controller-1) casts schedule_and_build_instances: lost, so no conductor ever consumes it.
  const casts = named(r.spans, "nova-api", "rpc.cast conductor.schedule_and_build_instances");
  const lost = casts.filter((s) => s.host === "controller-1");
  t.is(lost.length, 1);
  t.is(r.spans.filter((s) => s.traceId === lost[0]!.traceId && s.name === "rpc.consume schedule_and_build_instances").length, 0);
  // nova-conductor-1 (controller-1) calls select_destinations: its request or the reply crosses the link.
  const calls = named(r.spans, "nova-conductor", "rpc.call scheduler.select_destinations").filter((s) => s.host === "controller-1");
  for (const c of calls) {
    t.regex(c.status.message ?? "", /^MessagingTimeout/);
    t.true(children(r.spans, c).some((s) => s.name === "timeout"));
  }
  t.true(r.env.cloud.broker.lostByFault >= 1);
});

test("message loss on an instance's queues loses what is delivered to that instance only", (t) => {
  const r = run([{ kind: "message-loss", at: 0, target: { instance: "nova-compute-1" }, probability: 1 }], "server-create", every(4, 1 * S), 400 * S);
  const builds = r.spans.filter((s) => s.name === "rpc.consume build_and_run_instance");
  t.true(builds.length >= 1);
  t.true(builds.every((s) => s.host !== "compute-1"));
});

test("message delay on the conductor queues delays every delivery to the conductor", (t) => {
  const r = run([{ kind: "message-delay", at: 0, target: { service: "nova-conductor" }, delay: 250 * MS }], "server-create", [1 * S], 120 * S);
  const calls = named(r.spans, "nova-compute", "rpc.call conductor.instance_update");
  t.true(calls.length >= 3);
  for (const c of calls) {
    const handled = r.spans.find((s) => s.parentSpanId === c.spanId && s.name === "rpc.handle instance_update")!;
    t.true(handled.start - c.start >= 250 * MS, `${(handled.start - c.start) / MS} ms`);
  }
});

test("a duplicated message on a shared topic runs its handler twice, on two conductors", (t) => {
  const r = run([{ kind: "message-duplication", at: 0, target: { service: "nova-conductor" }, probability: 1 }], "server-create", [1 * S], 120 * S);
  const calls = named(r.spans, "nova-compute", "rpc.call conductor.instance_update");
  t.true(calls.length >= 1);
  const handled = r.spans.filter((s) => s.parentSpanId === calls[0]!.spanId && s.name === "rpc.handle instance_update");
  t.is(handled.length, 2);
  t.not(handled[0]!.host, handled[1]!.host);
});

test("a slow database, cache and broker slow their callers' db, cache and rpc spans", (t) => {
  const db = run([{ kind: "slow-dependency", at: 0, target: {}, dependency: "db", add: 100 * MS }], "server-list", [1 * S], 20 * S);
  t.true(minOf(db.spans.filter((s) => s.name.startsWith("db.")).map(duration)) >= 100 * MS);
  const cache = run([{ kind: "slow-dependency", at: 0, target: { service: "memcached" }, dependency: "cache", add: 100 * MS }], "server-list", [1 * S], 20 * S);
  t.true(minOf(cache.spans.filter((s) => s.name.startsWith("cache.")).map(duration)) >= 100 * MS);
  const broker = run([{ kind: "slow-dependency", at: 0, target: {}, dependency: "broker", add: 300 * MS }], "server-create", [1 * S], 120 * S);
  // The request and the reply are both routed by the broker.
  t.true(minOf(named(broker.spans, "nova-compute", "rpc.call conductor.instance_update").map(duration)) >= 600 * MS);
});

test("a cache outage fails cache reads and sends every token to Keystone", (t) => {
  const r = run([{ kind: "cache-outage", at: 0, target: {} }], "server-list", every(3, 1 * S), 20 * S);
  t.true(r.results.every((x) => x.ok));
  t.true(named(r.spans, "nova-api", "cache.get").every((s) => s.status.code === "error"));
  t.is(named(r.spans, "nova-api", "GET /v3/auth/tokens").length, 3);
});

test("a worker limit of 1 serialises Keystone: requests queue, marked with queue.wait on the server span", (t) => {
  const burst = Array.from({ length: 6 }, () => 1 * S);
  const r = run([{ kind: "limit", at: 0, target: { service: "keystone" }, limit: "workers", value: 1 }], "token-issue", burst, 30 * S);
  t.true(r.results.every((x) => x.ok));
  const served = named(r.spans, "keystone", "POST /v3/auth/tokens");
  // Two instances, one worker each: of six simultaneous requests at most two run at once.
  const queued = served.filter((s) => waits(s, "workers").length > 0);
  t.is(queued.length, 4);
  for (const s of served) {
    const overlapping = served.filter((o) => o !== s && o.host === s.host && o.start < s.end && s.start < o.end && waits(o, "workers").length === 0 && waits(s, "workers").length === 0);
    t.is(overlapping.length, 0, "never two unqueued requests at once on one instance");
  }
  const free = run([], "token-issue", burst, 30 * S);
  t.is(named(free.spans, "keystone", "POST /v3/auth/tokens").filter((s) => waits(s, "workers").length > 0).length, 0);
});

test("an oslo.db pool limit marks the caller's queueing on its db spans", (t) => {
  const burst = Array.from({ length: 6 }, () => 1 * S);
  const r = run([{ kind: "limit", at: 0, target: { service: "nova-api" }, limit: "db-pool", value: 1 }], "server-list", burst, 30 * S);
  const db = r.spans.filter((s) => s.service === "nova-api" && s.name.startsWith("db."));
  t.true(db.some((s) => Number(s.attributes["queue.wait"] ?? 0) > 0 && s.attributes["queue.pool"] === "db_pool"));
});

test("an executor limit of 1 makes RPC messages wait for the executor, marked on the handler span", (t) => {
  const burst = Array.from({ length: 4 }, () => 1 * S);
  const r = run([{ kind: "limit", at: 0, target: { service: "nova-conductor" }, limit: "executor", value: 1 }], "server-create", burst, 200 * S);
  const handled = r.spans.filter((s) => s.service === "nova-conductor" && s.name.startsWith("rpc."));
  t.true(handled.some((s) => waits(s, "executor").length > 0));
});

test("a database-threads limit of 1 makes concurrent queries take turns at the server", (t) => {
  const burst = Array.from({ length: 8 }, () => 1 * S);
  const limited = run([{ kind: "limit", at: 0, target: {}, limit: "db-threads", value: 1 }], "server-list", burst, 30 * S);
  const free = run([], "server-list", burst, 30 * S);
  const total = (r: Run) => r.spans.filter((s) => s.name.startsWith("db.")).map(duration).reduce((a, b) => a + b, 0);
  t.true(total(limited) > total(free) * 1.5, `${total(free) / MS} -> ${total(limited) / MS} ms`);
  t.true(limited.env.cloud.db.threads.stats.maxQueueLength > 0);
});

test("a clock skew offsets the skewed host's timestamps, not the true times", (t) => {
  const r = run([{ kind: "clock-skew", at: 0, target: { host: "controller-2" }, offsetNs: 5 * S }], "server-list", every(2, 1 * S), 20 * S);
  const served = named(r.spans, "nova-api", "GET /v2.1/servers/detail");
  const client = named(r.spans, "client", "GET /v2.1/servers/detail");
  const parentOf = (s: SpanRecord) => client.find((c) => c.traceId === s.traceId)!;
  const skewed = served.find((s) => s.host === "controller-2")!;
  const plain = served.find((s) => s.host === "controller-1")!;
  t.true(skewed.start - parentOf(skewed).start >= 5 * S);
  t.true(plain.start - parentOf(plain).start < 1 * S);
});
