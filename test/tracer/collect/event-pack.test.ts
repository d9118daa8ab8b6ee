// The collector's packed events: whatever goes in comes back equal field for field and in the
// same shape (JSON text included), for the tracer's own events and for any other event, which
// is kept as it is; a trace's rows can be read in part; the string table is bounded.
import test from "ava";
import fc from "fast-check";
import { EventPack, StringTable, packedTrace } from "../../../tracer/collect/event-pack.ts";
import { PackBuffers } from "../../../tracer/collect/pack-buffers.ts";
import { Ledger, createAgent, createCollector } from "../../../tracer/collect/index.ts";
import { TestScheduler, TestTransport, event, hex, traceIdOf } from "./helpers.ts";
import { alwaysOn, createTracer } from "../../../tracer/index.ts";
import type { TraceEvent, TraceRecord } from "../../../tracer/index.ts";

/** Packs the events and reads every row back. */
function roundTrip(events: readonly TraceEvent[], table = new StringTable()): TraceEvent[] {
  const pack = new EventPack(table);
  for (const e of events) pack.add(e);
  return pack.events(events[0]?.traceId ?? "", events.map((_, i) => i));
}

/** A small traced request from a real tracer: every kind of event it makes. */
function tracerEvents(): TraceEvent[] {
  const records: TraceRecord[] = [];
  let now = 1_700_000_000_000_000_000;
  let seed = 7;
  const tracer = createTracer({
    service: "nova-api",
    host: "controller-1",
    clock: { now: () => (now += 1234.5) },
    random: { next: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) },
    sampler: alwaysOn,
    sink: { emit: (r) => records.push(r) },
    model: "dag",
    metadata: "itc",
  });
  const root = tracer.startSpan("GET /v2.1/servers", { kind: "server", attributes: { "http.method": "GET", retries: 0, cached: false } });
  const [a, b] = tracer.fork(root, 2, "fan-out");
  const left = tracer.startSpan("cache.get", { parent: a!, kind: "client", attributes: { "peer.service": "memcached" } });
  left.setAttribute("cache.hit", true).end();
  const right = tracer.startSpan("SELECT instances", { parent: b!, kind: "client" });
  right.annotate("rows", { count: 3 });
  right.setStatus("error", "deadlock, retried").end();
  const joined = tracer.join([left.context(), right.context()], "fan-in");
  root.join(joined);
  root.setAttribute("http.status_code", 200).setStatus("ok").end();
  return records.map((r) => (r.type === "event" ? r.event : undefined)).filter((e) => e !== undefined);
}

test("the tracer's events come back equal, key for key and in the same order", (t) => {
  const events = tracerEvents();
  t.true(events.length >= 8);
  t.deepEqual(new Set(events.map((e) => e.kind)), new Set(["start", "fork", "end", "annotate", "join"]));
  const back = roundTrip(events);
  t.deepEqual(back, events);
  t.is(JSON.stringify(back), JSON.stringify(events));
});

test("only the rows asked for are read, in pack order", (t) => {
  const events = tracerEvents();
  const pack = new EventPack(new StringTable());
  for (const e of events) pack.add(e);
  t.is(pack.length, events.length);
  const rows = [1, 2, events.length - 1];
  t.deepEqual(pack.events(events[0]!.traceId, rows), rows.map((i) => events[i]!));
  t.deepEqual(pack.events(events[0]!.traceId, []), []);
});

test("a packed trace's events are rebuilt on first read and then stay the same array", (t) => {
  const events = tracerEvents();
  const pack = new EventPack(new StringTable());
  for (const e of events) pack.add(e);
  const trace = packedTrace(events[0]!.traceId, pack, [0, 1], []);
  const first = trace.events;
  t.is(trace.events, first);
  t.deepEqual(first, events.slice(0, 2));
  // A field like any other: spread, JSON and keys see it.
  t.deepEqual(Object.keys(trace), ["traceId", "events", "spans"]);
  t.deepEqual({ ...trace }.events, first);
  t.deepEqual(JSON.parse(JSON.stringify(trace)).events, JSON.parse(JSON.stringify(first)));
});

const hexId = fc.stringMatching(/^[0-9a-f]{16}$/);
const anyId = fc.oneof(hexId, hexId, fc.constantFrom("e1", "0123456789ABCDEF", "", "0123456789abcdeg"));
const value = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(undefined), fc.constant(["a"]));
// Keys in the tracer's order (see tracer/tracer/events.ts): a rebuilt event has them so.
const base = {
  traceId: fc.stringMatching(/^[0-9a-f]{32}$/),
  eventId: anyId,
  kind: fc.constantFrom("start", "end", "send", "recv", "fork", "join", "annotate", "other"),
  name: fc.string(),
  service: fc.constantFrom("keystone", "nova-api", "horizon"),
  host: fc.constantFrom("controller-1", "compute-2"),
  timestamp: fc.oneof(fc.double(), fc.integer()),
  spanId: anyId,
  parents: fc.array(anyId, { maxLength: 6 }),
};
const optional = {
  itc: fc.string(),
  spanKind: fc.constantFrom("server", "client", "producer", "consumer", "internal", "bogus"),
  parentSpanId: anyId,
  status: fc.oneof(fc.constant({ code: "ok" }), fc.record({ code: fc.constantFrom("unset", "ok", "error", "weird"), message: fc.string() })),
  attributes: fc.dictionary(fc.string(), value, { maxKeys: 4 }),
  links: fc.constant([]),
};
// Events of every kind, in the tracer's shapes and not (missing, extra or odd fields).
const anyEvent = fc.record(
  { ...base, ...optional },
  { requiredKeys: ["traceId", "eventId", "kind", "name", "service", "host", "timestamp", "spanId", "parents"] },
) as fc.Arbitrary<TraceEvent>;

test("any event comes back equal: in the tracer's shapes rebuilt, otherwise kept as it is", (t) => {
  fc.assert(
    fc.property(fc.array(anyEvent, { maxLength: 30 }), fc.boolean(), (events, startsAreSpans) => {
      // Make some starts well-formed (their id is the span's), as the tracer's always are.
      // One trace, as at the collector.
      const traceId = events[0]?.traceId ?? "";
      const input = events.map((e) => ({ ...e, traceId, ...(startsAreSpans && e.kind === "start" ? { spanId: e.eventId } : {}) }));
      const back = roundTrip(input);
      t.deepEqual(back, input);
      t.is(JSON.stringify(back), JSON.stringify(input));
    }),
    { numRuns: 300 },
  );
});

test("the string table is bounded: past its capacity, events with new strings are kept as they are", (t) => {
  const table = new StringTable(3);
  const events = tracerEvents();
  const back = roundTrip(events, table);
  t.is(table.strings.length, 3);
  t.deepEqual(back, events);
  // Kept as is: the very objects.
  t.true(back.some((e, i) => e === events[i]));
  t.is(new StringTable().number("x"), 0);
  t.is(table.number("never seen"), -1);
});

test("at the collector, a trace of events and spans with repeats keeps each record once, in arrival order", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: 1e9 });
  const transport = new TestTransport(scheduler, (b) => collector.receive(b));
  const agent = createAgent({ host: "h1", scheduler, transport, ledger, maxBatchSize: 100, flushIntervalNs: 1e6 });
  const span = (n: number): TraceRecord => ({
    type: "span",
    span: { traceId: traceIdOf(5), spanId: hex(0x500 + n, 16), kind: "internal", name: `s${n}`, service: "svc", host: "h1", start: n, end: n + 1, attributes: {}, status: { code: "unset" }, links: [], logs: [] },
  });
  const [e1, e2, e3] = [event(5, "h1", { kind: "fork" }), event(5, "h1", { attributes: { n: 1 } }), event(5, "h1", { kind: "join" })];
  const [s1, s2] = [span(1), span(2)];
  // Repeats: the same record emitted twice.
  for (const r of [s1!, e1!, e1!, s2!, s1!, e2!, s2!, e3!, e2!]) agent.emit(r);
  scheduler.run();
  collector.finish();
  const trace = collector.trace(traceIdOf(5))!;
  t.deepEqual(trace.events, [e1!, e2!, e3!].map((r) => (r.type === "event" ? r.event : undefined)));
  t.deepEqual(trace.spans, [s1!, s2!].map((r) => (r.type === "span" ? r.span : undefined)));
  t.is(collector.stats.duplicateRecords, 4);
});

test("frozen attributes (a trace point's shared object) come back as the very object", (t) => {
  const shared = Object.freeze({ "http.request.method": "GET", "server.port": 8774 });
  const events = tracerEvents().map((e) => (e.kind === "start" ? { ...e, attributes: shared } : e));
  const back = roundTrip(events);
  t.deepEqual(back, events);
  for (const [i, e] of back.entries()) if (events[i]!.kind === "start") t.is(e.attributes, shared);
});

test("packs sharing pooled arrays: a sealed pack reads back equal while later packs reuse what others gave back", (t) => {
  const table = new StringTable();
  const buffers = new PackBuffers();
  const events = tracerEvents();
  const rows = events.map((_, i) => i);
  const dropped = new EventPack(table, buffers);
  for (const e of events) dropped.add(e);
  dropped.discard();
  const kept: EventPack[] = [];
  for (let k = 0; k < 20; k++) {
    const pack = new EventPack(table, buffers);
    for (let r = 0; r <= k; r++) for (const e of events) pack.add(e);
    pack.seal();
    kept.push(pack);
    const other = new EventPack(table, buffers);
    for (const e of events) other.add({ ...e, name: `other ${k}` });
    other.discard();
  }
  for (const [k, pack] of kept.entries()) {
    t.is(pack.length, events.length * (k + 1));
    t.deepEqual(pack.events(events[0]!.traceId, rows), events);
  }
});
