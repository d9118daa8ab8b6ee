import test from "ava";
import { alwaysOff, alwaysOn, INVALID_SPAN_CONTEXT, isSpan, isSpanContextValid, NON_RECORDING_SPAN, noopTracer, spansFromEvents, TracerConfigError, TracerUsageError } from "../../../tracer/index.ts";
import type { Sampler, SamplingParams, SpanRecord } from "../../../tracer/index.ts";
import { dagPicture, rig } from "./helpers.ts";

function workload(r: ReturnType<typeof rig>) {
  const root = r.tracer.startSpan("GET /servers", { kind: "server", attributes: { "http.method": "GET" } });
  r.advance(100);
  const db = r.tracer.startSpan("db.query", { parent: root, kind: "client", attributes: { "db.system": "mysql" } });
  db.setAttribute("db.rows", 3).annotate("cache-miss", { key: "k1" });
  r.advance(50);
  db.setStatus("error", "deadlock");
  db.addLink({ traceId: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d", spanId: "a1b2c3d4e5f60718" });
  db.end();
  root.join(db);
  r.advance(10);
  root.end();
}

/** Spans with ids replaced by names, so records from different id sequences compare. */
function byName(spans: readonly SpanRecord[]) {
  const name = new Map(spans.map((s) => [s.spanId, s.name]));
  return spans
    .map(({ traceId: _t, spanId: _s, parentSpanId, ...rest }) => ({ ...rest, parent: parentSpanId && name.get(parentSpanId) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

test("span model emits one SpanRecord per span, at its end", (t) => {
  const r = rig({ model: "span" });
  workload(r);
  t.true(r.records.every((x) => x.type === "span"));
  const spans = r.spans();
  t.is(spans.length, 2);
  const [db, root] = spans;
  t.is(db!.name, "db.query");
  t.is(db!.parentSpanId, root!.spanId);
  t.is(db!.traceId, root!.traceId);
  t.deepEqual(db!.attributes, { "db.system": "mysql", "db.rows": 3 });
  t.deepEqual(db!.status, { code: "error", message: "deadlock" });
  t.deepEqual(db!.links, [{ traceId: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d", spanId: "a1b2c3d4e5f60718" }]);
  t.deepEqual(db!.logs, [{ timestamp: 1100, attributes: { event: "cache-miss", key: "k1" } }]);
  t.deepEqual([db!.start, db!.end, root!.start, root!.end], [1100, 1150, 1000, 1160]);
  t.false("parentSpanId" in root!, "a root record has no parentSpanId key");
  t.deepEqual(Object.keys(db!), ["traceId", "spanId", "links", "kind", "name", "service", "host", "start", "end", "attributes", "status", "logs", "parentSpanId"]);
  t.deepEqual(r.tracer.stats, { tracePoints: 5, notSampled: 0, emitted: 2, spansStarted: 2, itcJoinErrors: 0 });
});

test("the DAG model's span projection equals the span model's records", (t) => {
  const dag = rig({ model: "dag" });
  workload(dag);
  const span = rig({ model: "span" });
  workload(span);
  t.deepEqual(byName(spansFromEvents(dag.events())), byName(span.spans()));
  // Same keys in the same order, so either source serialises alike.
  t.deepEqual(spansFromEvents(dag.events()).map((x) => Object.keys(x)).sort(), span.spans().map((x) => Object.keys(x)).sort());
  for (const e of dag.events()) t.false(Object.values(e).includes(undefined), `${e.kind} event has no undefined fields`);
  t.deepEqual(dagPicture(dag.events()), [
    "GET /servers.start <- []",
    "db.query.start <- [GET /servers.start]",
    "cache-miss.annotate <- [db.query.start]",
    "db.query.end <- [cache-miss.annotate]",
    "GET /servers.end <- [GET /servers.start, db.query.end]",
  ]);
  t.deepEqual(dag.tracer.stats, { tracePoints: 5, notSampled: 0, emitted: 5, spansStarted: 2, itcJoinErrors: 0 });
});

test("ids come from the injected random source: same seed, same records", (t) => {
  const a = rig({ seed: "s1", metadata: "itc" });
  const b = rig({ seed: "s1", metadata: "itc" });
  const c = rig({ seed: "s2", metadata: "itc" });
  workload(a);
  workload(b);
  workload(c);
  t.is(JSON.stringify(a.records), JSON.stringify(b.records));
  t.not(JSON.stringify(a.records), JSON.stringify(c.records));
  for (const e of a.events()) {
    t.regex(e.traceId, /^[0-9a-f]{32}$/);
    t.regex(e.eventId, /^[0-9a-f]{16}$/);
    t.regex(e.spanId, /^[0-9a-f]{16}$/);
  }
});

test("an unsampled trace records nothing but still propagates its context", (t) => {
  const r = rig({ sampler: alwaysOff });
  const root = r.tracer.startSpan("root");
  const child = r.tracer.startSpan("child", { parent: root });
  child.annotate("x").setAttribute("a", 1);
  const headers: Record<string, string> = {};
  r.tracer.inject(child, headers);
  child.end();
  root.end();
  t.deepEqual(r.records, []);
  t.deepEqual(r.tracer.stats, { tracePoints: 5, notSampled: 5, emitted: 0, spansStarted: 2, itcJoinErrors: 0 });
  t.is(headers["traceparent"], `00-${root.traceId}-${child.spanId}-02`, "not sampled; the trace id is random (Level 2 flag)");
  const ctx = r.tracer.extract(headers)!;
  t.false(ctx.sampled);
  t.is(ctx.traceId, root.traceId);
  const downstream = r.tracer.startSpan("downstream", { parent: ctx });
  t.false(downstream.sampled);
  t.is(downstream.traceId, root.traceId);
  t.not(downstream.spanId, child.spanId);
  // Non-recording spans, as OpenTelemetry's: still spans, with valid contexts.
  for (const s of [root, child, downstream]) {
    t.false(s.isRecording());
    t.true(isSpan(s));
    t.true(isSpanContextValid(s.context()));
  }
  t.false(isSpan(ctx));
});

test("a sampled span records; the no-op tracer's spans are one shared non-recording span whose context goes nowhere", (t) => {
  const r = rig();
  const live = r.tracer.startSpan("live");
  t.true(live.isRecording());
  live.end();
  t.is(r.events().length, 2);

  const noop = noopTracer("nova-api", "ctl-1");
  const root = noop.startSpan("root", { kind: "server", attributes: { a: 1 } });
  const child = noop.startSpan("child", { parent: root });
  t.is(root, NON_RECORDING_SPAN);
  t.is(child, NON_RECORDING_SPAN);
  t.false(root.isRecording());
  t.false(isSpanContextValid(root.context()));
  root.setAttribute("b", 2).setBaggage("k", "v").annotate("x").join(child);
  t.is(root.baggage.size, 0, "baggage on the shared no-op span has no reader and is not kept");
  const headers: Record<string, string> = {};
  noop.inject(root, headers);
  t.deepEqual(headers, {});
  t.is(noop.extract({ traceparent: `00-${live.traceId}-${live.spanId}-01` }), undefined);
  t.deepEqual(noop.fork(root, 2), [INVALID_SPAN_CONTEXT, INVALID_SPAN_CONTEXT]);
  t.is(noop.join([INVALID_SPAN_CONTEXT]), INVALID_SPAN_CONTEXT);
  root.end();
  t.false(root.ended);
  t.deepEqual(noop.stats, { tracePoints: 0, notSampled: 0, emitted: 0, spansStarted: 0, itcJoinErrors: 0 });
  // A recording tracer writes no invalid context into a message either.
  r.tracer.inject(INVALID_SPAN_CONTEXT, headers);
  t.deepEqual(headers, {});
});

test("start attributes: a frozen object is recorded as given, any other is copied (the caller may change it afterwards)", (t) => {
  const r = rig();
  const shared = Object.freeze({ "http.route": "/servers" });
  const mine: Record<string, string> = { "url.path": "/servers/1" };
  r.tracer.startSpan("a", { attributes: shared }).end();
  r.tracer.startSpan("b", { attributes: mine }).end();
  mine["url.path"] = "changed";
  const starts = r.events().filter((e) => e.kind === "start");
  t.is(starts[0]!.attributes, shared);
  t.deepEqual(starts[1]!.attributes, { "url.path": "/servers/1" });
  // The span model writes later attributes into the start attributes: a frozen input is copied there.
  const s = rig({ model: "span" });
  s.tracer.startSpan("c", { attributes: shared }).setAttribute("x", 1).end();
  t.deepEqual(s.spans()[0]!.attributes, { "http.route": "/servers", x: 1 });
  t.deepEqual(shared, { "http.route": "/servers" });
});

test("the sampler sees the trace point and can add attributes and tracestate", (t) => {
  // A local parent is the live span itself: copy what is checked.
  const seen: (Omit<SamplingParams, "parent"> & { parent?: { spanId: string; remote: boolean } })[] = [];
  const sampler: Sampler = {
    shouldSample(p) {
      seen.push({ ...p, attributes: { ...p.attributes }, parent: p.parent && { spanId: p.parent.spanId, remote: p.parent.remote } });
      return { decision: p.name !== "skip", attributes: { "sampler.p": 0.5 }, traceState: [["ot", "th:8"]] };
    },
  };
  const r = rig({ sampler, model: "span" });
  const headers = { traceparent: "00-5a1c0ffee0ddf00d5a1c0ffee0ddf00d-a1b2c3d4e5f60718-01" };
  const parent = r.tracer.extract(headers)!;
  const s = r.tracer.startSpan("handle", { parent, kind: "server", attributes: { a: 1 }, headers });
  s.end();
  r.tracer.startSpan("skip").end();
  t.is(seen.length, 2);
  t.like(seen[0], { traceId: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d", name: "handle", kind: "server", attributes: { a: 1 }, headers });
  t.is(seen[0]!.parent!.spanId, "a1b2c3d4e5f60718");
  t.true(seen[0]!.parent!.remote);
  t.is(seen[1]!.parent, undefined);
  t.deepEqual(r.spans()[0]!.attributes, { a: 1, "sampler.p": 0.5 });
  t.deepEqual(s.context().traceState, [["ot", "th:8"]]);
  t.is(r.spans().length, 1);
  t.is(r.tracer.stats.notSampled, 2);
});

test("an RPC across two tracers links the server's start to the client's start and the client's end to the server's end", (t) => {
  for (const metadata of ["ids", "itc"] as const) {
    const client = rig({ seed: "c", metadata });
    const server = rig({ seed: "s", metadata });
    const caller = client.tracer.startSpan("GET /servers", { kind: "server" });
    const call = client.tracer.startSpan("glance.image", { parent: caller, kind: "client" });
    const request: Record<string, string> = {};
    client.tracer.inject(call, request);
    const handler = server.tracer.startSpan("GET /images", { parent: server.tracer.extract(request), kind: "server" });
    handler.annotate("db");
    handler.end();
    const reply: Record<string, string> = {};
    server.tracer.inject(handler, reply);
    call.join(client.tracer.extract(reply)!);
    call.end();
    caller.join(call);
    caller.end();
    const ce = client.events();
    const se = server.events();
    const serverStart = se.find((e) => e.kind === "start")!;
    const serverEnd = se.find((e) => e.kind === "end")!;
    const callStart = ce.find((e) => e.name === "glance.image" && e.kind === "start")!;
    const callEnd = ce.find((e) => e.name === "glance.image" && e.kind === "end")!;
    t.deepEqual(serverStart.parents, [callStart.eventId]);
    t.is(serverStart.parentSpanId, call.spanId);
    t.is(serverStart.traceId, callStart.traceId);
    t.deepEqual(callEnd.parents, [callStart.eventId, serverEnd.eventId]);
    t.is(client.tracer.stats.itcJoinErrors, 0);
    // The reply names the server's last event, which is not its span id, so it rides in tracestate.
    t.is(reply["tracestate"]?.includes(`ev:${serverEnd.eventId}`), true);
  }
});

test("tracer.fork and tracer.join record fork/join events with all parents", (t) => {
  const r = rig({ metadata: "itc" });
  const root = r.tracer.startSpan("scatter");
  const branches = r.tracer.fork(root, 3, "fan-out");
  t.is(branches.length, 3);
  const ends = branches.map((b, i) => {
    const s = r.tracer.startSpan(`worker-${i}`, { parent: b });
    s.end();
    return s.context();
  });
  const joined = r.tracer.join(ends, "gather");
  root.join(joined);
  root.end();
  t.deepEqual(dagPicture(r.events()), [
    "scatter.start <- []",
    "fan-out.fork <- [scatter.start]",
    "worker-0.start <- [fan-out.fork]",
    "worker-0.end <- [worker-0.start]",
    "worker-1.start <- [fan-out.fork]",
    "worker-1.end <- [worker-1.start]",
    "worker-2.start <- [fan-out.fork]",
    "worker-2.end <- [worker-2.start]",
    "gather.join <- [worker-0.end, worker-1.end, worker-2.end]",
    "scatter.end <- [fan-out.fork, gather.join]",
  ]);
  t.is(r.tracer.stats.itcJoinErrors, 0);
});

test("forking a context value splits its stamp among the branches and joins back to it", (t) => {
  const r = rig({ metadata: "itc" });
  const upstream = r.tracer.startSpan("upstream");
  const headers: Record<string, string> = {};
  r.tracer.inject(upstream, headers);
  const ctx = r.tracer.extract(headers)!;
  const branches = r.tracer.fork(ctx, 4);
  const done = branches.map((b) => {
    const s = r.tracer.startSpan("leaf", { parent: b });
    s.end();
    return s.context();
  });
  const joined = r.tracer.join(done);
  t.is(r.tracer.stats.itcJoinErrors, 0);
  t.is(joined.lastEventId, r.events().at(-1)!.eventId);
  t.deepEqual(r.events().at(-1)!.parents, done.map((d) => d.lastEventId));
  t.throws(() => r.tracer.fork(ctx, 0), { instanceOf: TracerUsageError, message: "fork: n must be a whole number >= 1, got 0" });
});

test("joining the same ITC share twice is counted, not thrown", (t) => {
  const r = rig({ metadata: "itc" });
  const root = r.tracer.startSpan("root");
  const child = r.tracer.startSpan("child", { parent: root });
  child.end();
  root.join(child);
  t.notThrows(() => root.join(child.context()));
  t.is(r.tracer.stats.itcJoinErrors, 1);
  root.end();
});

test("calls on an ended span change nothing", (t) => {
  const r = rig({ model: "span" });
  const s = r.tracer.startSpan("s");
  s.end();
  s.setAttribute("late", 1).setStatus("error").annotate("late").addLink({ traceId: "1".repeat(32), spanId: "2".repeat(16) });
  s.end();
  t.is(r.spans().length, 1);
  t.deepEqual(r.spans()[0]!.attributes, {});
  t.deepEqual(r.spans()[0]!.status, { code: "unset" });
  t.true(s.ended);
});

test("bad options are typed errors naming the option", (t) => {
  const base = { service: "s", host: "h", clock: { now: () => 0 }, random: { next: () => 0.5 }, sampler: alwaysOn, sink: { emit() {} } };
  const r = rig();
  const make = (o: object) => () => rig(o as never);
  t.is(r.tracer.model, "dag");
  t.throws(make({ ...base, service: "" }), { instanceOf: TracerConfigError, message: 'createTracer: option "service" must be a non-empty string' });
  t.throws(make({ ...base, model: "tree" }), { instanceOf: TracerConfigError, message: 'createTracer: option "model" must be "span" or "dag"' });
  t.throws(make({ ...base, metadata: "vector" }), { instanceOf: TracerConfigError, message: 'createTracer: option "metadata" must be "ids" or "itc"' });
  t.throws(make({ ...base, sink: {} }), { instanceOf: TracerConfigError, message: 'createTracer: option "sink" must be an object with emit(record)' });
  t.throws(make({ ...base, hmacKeys: [""] }), { instanceOf: TracerConfigError, message: 'createTracer: option "hmacKeys" must be an array of non-empty strings' });
  t.throws(() => r.tracer.startSpan("x", { kind: "rpc" as never }), {
    instanceOf: TracerUsageError,
    message: 'startSpan("x"): kind must be server, client, producer, consumer or internal, got rpc',
  });
  t.throws(() => r.tracer.join([]), { instanceOf: TracerUsageError, message: "join: needs at least one context" });
});
