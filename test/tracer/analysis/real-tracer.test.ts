// Reconstruction of events recorded by tracebed's own tracer (DAG model, ITC metadata): a
// request crossing three services over injected headers, with fan-out/fan-in and sequential
// children. Explicit parents and ITC stamps must give the same DAG.
import test from "ava";
import seedrandom from "seedrandom";
import { dagCriticalPath } from "../../../tracer/analysis/dag-critical-path/index.ts";
import { compareDags, dagFromItc, dagFromParents, edgeList, spansFromDag, transitiveReduction } from "../../../tracer/analysis/reconstruct/index.ts";
import { alwaysOn, createTracer, spansFromEvents } from "../../../tracer/index.ts";
import type { Span, Tracer, TraceEvent, TraceRecord } from "../../../tracer/index.ts";

function world(seed: string) {
  let now = 1_000_000;
  const events: TraceEvent[] = [];
  const sink = { emit: (r: TraceRecord) => (r.type === "event" ? events.push(r.event) : undefined) };
  const rng = seedrandom.alea(seed);
  const make = (service: string, host: string): Tracer =>
    createTracer({ service, host, clock: { now: () => now }, random: { next: () => rng() }, sampler: alwaysOn, sink, model: "dag", metadata: "itc" });
  return { events, advance: (ns: number) => (now += ns), make };
}

/** A Horizon page: validate with Keystone, then Nova and Glance in parallel, then render. */
function request(seed: string) {
  const w = world(seed);
  const horizon = w.make("horizon", "h1");
  const keystone = w.make("keystone", "k1");
  const nova = w.make("nova-api", "n1");
  const glance = w.make("glance", "g1");
  const call = (client: Tracer, parent: Span | ReturnType<Tracer["fork"]>[number], server: Tracer, name: string, work: number): Span => {
    const span = client.startSpan(name, { parent, kind: "client" });
    const headers: Record<string, string> = {};
    client.inject(span, headers);
    w.advance(100);
    const srv = server.startSpan(name, { parent: server.extract(headers)!, kind: "server" });
    w.advance(work);
    srv.annotate("done");
    srv.end();
    const reply: Record<string, string> = {};
    server.inject(srv, reply);
    w.advance(100);
    span.join(client.extract(reply)!);
    span.end();
    return span;
  };
  const root = horizon.startSpan("GET /project/instances", { kind: "server" });
  w.advance(1000);
  const v = call(horizon, root, keystone, "validate", 3000);
  root.join(v);
  const [a, b] = horizon.fork(root, 2);
  // One clock drives the whole test, so the branches run one after the other: Glance's
  // branch first, Nova's finishing last.
  const g = call(horizon, b!, glance, "GET /images", 2000);
  const n = call(horizon, a!, nova, "GET /servers", 5000);
  root.join([n, g]);
  w.advance(500);
  const render = horizon.startSpan("render", { parent: root });
  w.advance(700);
  render.end();
  root.join(render);
  root.end();
  return w.events;
}

test("the tracer's own events: explicit parents and ITC stamps give the same DAG", (t) => {
  for (const seed of ["r1", "r2", "r3"]) {
    const events = request(seed);
    const trace = { traceId: events[0]!.traceId, events };
    const explicit = dagFromParents(trace);
    const itc = dagFromItc(trace);
    const cmp = compareDags(explicit, itc);
    t.deepEqual([cmp.onlyInFirst, cmp.onlyInSecond], [[], []]);
    t.true(cmp.agree);
    t.false(explicit.partial);
    t.false(itc.partial, JSON.stringify(itc.gaps));
    t.deepEqual(itc.indistinct, []);
    t.deepEqual(edgeList(transitiveReduction(explicit)), edgeList(itc));
    // The projection agrees with the tracer's own spans.
    const mine = spansFromDag(explicit).map((s) => [s.spanId, s.parentSpanId, s.name, s.start, s.end]);
    const theirs = spansFromEvents(events).map((s) => [s.spanId, s.parentSpanId, s.name, s.start, s.end]);
    t.deepEqual(mine, theirs);
  }
});

test("the tracer's own events: the critical path follows the slower branch (Nova) and names Keystone", (t) => {
  const events = request("cp");
  const cp = dagCriticalPath(dagFromItc({ traceId: events[0]!.traceId, events }));
  const services = new Set(cp.sections.filter((s) => s.end > s.start).map((s) => s.service));
  t.true(services.has("keystone"));
  t.true(services.has("nova-api"));
  t.false(services.has("glance"), "Glance's branch finished first: not on the critical path");
  t.is(cp.sections.reduce((s, x) => s + (x.end - x.start), 0), cp.duration);
});

test("the tracer's own events with one lost: partial, and ITC invents no edge", (t) => {
  const events = request("lost");
  const full = transitiveReduction(dagFromParents({ traceId: events[0]!.traceId, events }));
  const fullEdges = new Set(edgeList(full));
  for (const lost of events) {
    const kept = events.filter((e) => e !== lost);
    const trace = { traceId: events[0]!.traceId, events: kept };
    const explicit = dagFromParents(trace);
    const itc = dagFromItc(trace);
    t.true(explicit.partial || explicit.incompleteSpans.length > 0, `losing ${lost.kind} ${lost.name}`);
    t.true(itc.partial, `ITC notices losing ${lost.kind} ${lost.name}`);
    for (const e of edgeList(itc)) t.true(fullEdges.has(e), `losing ${lost.kind} ${lost.name}: edge ${e} invented`);
  }
});
