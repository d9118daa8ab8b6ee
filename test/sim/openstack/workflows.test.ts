import test from "ava";
import { WORKFLOWS } from "../../../sim/openstack/index.ts";
import { defaultTopology } from "../../../sim/openstack/index.ts";
import { eventsOf, happensBefore, runOne, spansOf, spanTree, tracedCloud } from "./harness.ts";

/** One user, so a warm-up request warms every token cache the measured request will use. */
const oneUser = () => {
  const t = defaultTopology();
  return { ...t, keystone: { ...t.keystone, users: 1 } };
};

for (const wf of WORKFLOWS) {
  test(`${wf} completes and leaves a well-formed trace`, (t) => {
    const env = tracedCloud({ seed: `wf-${wf}` });
    const r = runOne(env, wf);
    t.true(r.ok, r.error);
    t.is(r.workflow, wf);
    t.true(r.latencyNs > 0);
    t.regex(r.traceId ?? "", /^[0-9a-f]{32}$/);
    const events = eventsOf(env, r.traceId!);
    const ids = new Set(events.map((e) => e.eventId));
    // Every explicit parent is an event of the same trace; exactly one event has no parent.
    for (const e of events) for (const p of e.parents) t.true(ids.has(p), `${e.kind} ${e.name} has unknown parent ${p}`);
    t.is(events.filter((e) => e.parents.length === 0).length, 1);
    // Every span that started also ended, and ITC stamps never had to be forced together.
    const starts = events.filter((e) => e.kind === "start").length;
    t.is(events.filter((e) => e.kind === "end").length, starts);
    t.is(env.tracers.reduce((n, tr) => n + tr.stats.itcJoinErrors, 0), 0);
    // Both concurrent fan-out (fork with two or more children) and sequential steps appear,
    // except in the purely sequential pattern.
    const forks = events.filter((e) => e.kind === "fork");
    if (wf !== "pattern-sequential") t.true(forks.length > 0, "no fork");
    const spans = spansOf(env, r.traceId!);
    t.is(spans.filter((s) => s.parentSpanId === undefined).length, 1);
    t.true(spans.some((s) => s.kind === "client") && spans.some((s) => s.kind === "server"));
  });
}

test("server-create's trace spans the API phase, the scheduler call, the compute build and the vif-plugged event", (t) => {
  const env = tracedCloud({ seed: "create" });
  const r = runOne(env, "server-create");
  t.true(r.ok);
  const names = new Set(spansOf(env, r.traceId!).map((s) => `${s.service}:${s.name}`));
  for (const n of [
    "client:openstack server create --wait",
    "nova-api:POST /v2.1/servers",
    "nova-api:rpc.cast conductor.schedule_and_build_instances",
    "nova-conductor:rpc.consume schedule_and_build_instances",
    "nova-conductor:rpc.call scheduler.select_destinations",
    "nova-scheduler:rpc.handle select_destinations",
    "placement:GET /allocation_candidates",
    "placement:PUT /allocations/{consumer}",
    "nova-compute:rpc.consume build_and_run_instance",
    "neutron:POST /v2.0/ports",
    "neutron:notify network-vif-plugged",
    "nova-compute:rpc.consume external_instance_event",
    "glance:GET /v2/images/{id}",
    "mysql:db.insert build_requests",
  ].map((n) => n.replace("mysql:", "nova-api:"))) t.true(names.has(n), `missing ${n}`);
  // The build waited for the vif event: the event's consumer span happens before the build's end.
  const events = eventsOf(env, r.traceId!);
  const build = events.find((e) => e.kind === "end" && e.name === "rpc.consume build_and_run_instance")!;
  const vif = events.find((e) => e.kind === "start" && e.name === "rpc.consume external_instance_event")!;
  t.true(happensBefore(events, vif.eventId, build.eventId));
  // Latency is dominated by the build (seconds), as in Rally's boot measurements.
  t.true(r.latencyNs > 3e9 && r.latencyNs < 20e9, `${r.latencyNs}`);
});

test("pattern-concurrent and pattern-sequential have equal span trees but different DAGs", (t) => {
  const conc = tracedCloud({ seed: "p", topology: oneUser() });
  const seq = tracedCloud({ seed: "p", topology: oneUser() });
  // Warm the token caches so both traces take the same (cache-hit) path.
  runOne(conc, "pattern-concurrent");
  runOne(seq, "pattern-sequential");
  const a = runOne(conc, "pattern-concurrent");
  const b = runOne(seq, "pattern-sequential");
  t.deepEqual(spanTree(spansOf(conc, a.traceId!)), spanTree(spansOf(seq, b.traceId!)));
  const bar = "GET /v2.1/os-simple-tenant-usage/{project}";
  const grunt = "GET /v3/limits";
  const order = (env: typeof conc, id: string) => {
    const ev = eventsOf(env, id).filter((e) => e.service === "horizon");
    const barEnd = ev.find((e) => e.kind === "end" && e.name === bar)!;
    const gruntStart = ev.find((e) => e.kind === "start" && e.name === grunt)!;
    return happensBefore(eventsOf(env, id), barEnd.eventId, gruntStart.eventId);
  };
  t.false(order(conc, a.traceId!), "concurrent: grunt must not wait for bar");
  t.true(order(seq, b.traceId!), "sequential: grunt starts after bar ends");
  // Horizon forks only for the concurrent page (Keystone's validation forks in both).
  t.true(eventsOf(conc, a.traceId!).some((e) => e.kind === "fork" && e.service === "horizon"));
  t.false(eventsOf(seq, b.traceId!).some((e) => e.kind === "fork" && e.service === "horizon"));
});

test("horizon-instances: images, flavors and volumes in parallel, the server list, Neutron's ports, floating IPs and networks in turn, then the context processor's project list", (t) => {
  const env = tracedCloud({ seed: "h", topology: oneUser() });
  runOne(env, "horizon-instances");
  const r = runOne(env, "horizon-instances");
  const spans = spansOf(env, r.traceId!);
  const page = spans.find((s) => s.service === "horizon" && s.kind === "server")!;
  const calls = spans.filter((s) => s.parentSpanId === page.spanId && s.kind === "client").map((s) => s.name).sort();
  t.deepEqual(calls, [
    "GET /v2.0/floatingips",
    "GET /v2.0/networks",
    "GET /v2.0/ports",
    "GET /v2.1/flavors/detail",
    "GET /v2.1/servers/detail",
    "GET /v2/images",
    "GET /v2/images",
    "GET /v3/users/{user_id}/projects",
    "GET /v3/volumes/detail",
    "cache.get",
  ].sort());
  const ev = eventsOf(env, r.traceId!).filter((e) => e.service === "horizon");
  const all = eventsOf(env, r.traceId!);
  const first = (kind: string, name: string) => ev.find((e) => e.kind === kind && e.name === name)!;
  const last = (kind: string, name: string) => ev.filter((e) => e.kind === kind && e.name === name).at(-1)!;
  // The two image lists run one after the other (_get_images), in parallel with flavors and volumes.
  t.true(happensBefore(all, first("end", "GET /v2/images").eventId, last("start", "GET /v2/images").eventId));
  t.false(happensBefore(all, first("end", "GET /v2.1/flavors/detail").eventId, first("start", "GET /v3/volumes/detail").eventId));
  // Then the servers, then Neutron in turn, then the project list as the page renders.
  t.true(happensBefore(all, last("end", "GET /v2/images").eventId, first("start", "GET /v2.1/servers/detail").eventId));
  t.true(happensBefore(all, first("end", "GET /v2.0/ports").eventId, first("start", "GET /v2.0/floatingips").eventId));
  t.true(happensBefore(all, first("end", "GET /v2.0/floatingips").eventId, first("start", "GET /v2.0/networks").eventId));
  t.true(happensBefore(all, first("end", "GET /v2.0/networks").eventId, first("start", "GET /v3/users/{user_id}/projects").eventId));
});

test("context crosses hosts in the configured wire format (b3) just as with w3c", (t) => {
  const env = tracedCloud({ seed: "fmt", propagation: "b3", metadata: "ids" });
  const r = runOne(env, "server-list");
  const spans = spansOf(env, r.traceId!);
  t.true(spans.some((s) => s.service === "nova-api" && s.kind === "server"));
  t.is(new Set(spans.map((s) => s.traceId)).size, 1);
});

test("with a span-model tracer (Jaeger-like) every workflow records finished spans under one root", (t) => {
  for (const wf of WORKFLOWS) {
    const env = tracedCloud({ seed: `span-${wf}`, model: "span", metadata: "ids" });
    const r = runOne(env, wf);
    t.true(r.ok, `${wf}: ${r.error}`);
    const spans = env.records.flatMap((x) => (x.type === "span" && x.span.traceId === r.traceId ? [x.span] : []));
    t.true(spans.length > 3, wf);
    t.is(spans.filter((s) => s.parentSpanId === undefined).length, 1, wf);
    const ids = new Set(spans.map((s) => s.spanId));
    for (const s of spans) if (s.parentSpanId !== undefined) t.true(ids.has(s.parentSpanId), `${wf}: ${s.name} has a missing parent`);
  }
});
