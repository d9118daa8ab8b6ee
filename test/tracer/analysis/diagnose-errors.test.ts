import test from "ava";
import fc from "fast-check";
import { diagnose, errorOrigins, failingService, renderDiagnosis, summarizeDiagnosis } from "../../../tracer/analysis/diagnose/index.ts";
import type { ErrorCatalog } from "../../../tracer/analysis/diagnose/index.ts";
import type { SpanKind, SpanRecord, Trace } from "../../../tracer/model/types.ts";

const MS = 1_000_000;

interface SpanSpec {
  readonly id: string;
  readonly parent?: string;
  readonly service: string;
  readonly name: string;
  readonly kind?: SpanKind;
  readonly error?: boolean;
  readonly peer?: string;
  readonly start?: number;
  readonly end?: number;
}

function span(traceId: string, s: SpanSpec): SpanRecord {
  return {
    traceId,
    spanId: s.id,
    ...(s.parent === undefined ? {} : { parentSpanId: s.parent }),
    links: [],
    kind: s.kind ?? "server",
    name: s.name,
    service: s.service,
    host: "h1",
    start: s.start ?? 0,
    end: s.end ?? 10 * MS,
    attributes: s.peer === undefined ? {} : { "peer.service": s.peer },
    status: s.error ? { code: "error", message: "failed" } : { code: "unset" },
    logs: [],
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** A Horizon page: Horizon → nova-api (server) → cache.get (client of memcached) and a DB query. */
function page(i: number, window: string, cacheDown: boolean): Trace {
  const traceId = hex(i, 24) + (window === "after" ? "aaaaaaaa" : "bbbbbbbb");
  const latency = (i % 7) * MS;
  return {
    traceId,
    events: [],
    spans: [
      span(traceId, { id: "0000000000000001", service: "horizon", name: "GET /project/instances", end: 40 * MS + latency }),
      span(traceId, { id: "0000000000000002", parent: "0000000000000001", service: "nova-api", name: "GET /servers", start: 1 * MS, end: 30 * MS + latency }),
      span(traceId, { id: "0000000000000003", parent: "0000000000000002", service: "nova-api", name: "cache.get", kind: "client", peer: "memcached", error: cacheDown, start: 2 * MS, end: 3 * MS }),
      span(traceId, { id: "0000000000000004", parent: "0000000000000002", service: "nova-api", name: "db.select instances", kind: "client", peer: "mysql", start: 4 * MS, end: 20 * MS + latency }),
    ],
  };
}

test("an error originates where a span failed and none of its children did; a client span charges its peer", (t) => {
  const traceId = "f".repeat(32);
  const spans = [
    span(traceId, { id: "a", service: "horizon", name: "GET /page", error: true }),
    span(traceId, { id: "b", parent: "a", service: "nova-api", name: "GET /servers", error: true }),
    span(traceId, { id: "c", parent: "b", service: "nova-api", name: "cache.get", kind: "client", peer: "memcached", error: true }),
    span(traceId, { id: "d", parent: "b", service: "nova-api", name: "db.select", kind: "client", peer: "mysql", error: true }),
    span(traceId, { id: "e", parent: "a", service: "glance", name: "GET /images", error: true }),
    span(traceId, { id: "f", parent: "a", service: "neutron", name: "GET /ports" }),
    // A server span naming a peer is not a client: its own service failed.
    span(traceId, { id: "g", parent: "f", service: "neutron", name: "notify", kind: "producer", peer: "rabbitmq", error: true }),
    span(traceId, { id: "h", parent: "f", service: "neutron", name: "http.call", kind: "client", error: true }),
  ];
  const catalog: ErrorCatalog = new Map();
  const keys = errorOrigins(spans, catalog);
  const named = keys.map((k) => catalog.get(k)!).map((i) => `[${i.service}] ${i.operation}`);
  t.deepEqual(named, ["[glance] GET /images", "[memcached] cache.get", "[mysql] db.select", "[neutron] http.call", "[neutron] notify"]);
  t.deepEqual([...catalog.get(keys[1]!)!.reportedBy], ["nova-api"]);
  t.is(failingService(spans[2]!), "memcached");
  t.is(failingService(spans[6]!), "neutron");
  t.is(failingService(spans[7]!), "neutron", "a client span without peer.service charges its own service");
});

test("each origin is counted once per trace, and the catalog remembers every service that reported it", (t) => {
  const traceId = "e".repeat(32);
  const spans = [
    span(traceId, { id: "a", service: "horizon", name: "GET /page" }),
    span(traceId, { id: "b", parent: "a", service: "nova-api", name: "cache.get", kind: "client", peer: "memcached", error: true }),
    span(traceId, { id: "c", parent: "a", service: "keystone", name: "cache.get", kind: "client", peer: "memcached", error: true }),
    span(traceId, { id: "d", parent: "a", service: "keystone", name: "cache.get", kind: "client", peer: "memcached", error: true }),
  ];
  const catalog: ErrorCatalog = new Map();
  t.deepEqual(errorOrigins(spans, catalog), ["memcached\u0000cache.get"]);
  t.deepEqual([...catalog.get("memcached\u0000cache.get")!.reportedBy].sort(), ["keystone", "nova-api"]);
});

test("a cache that fails fast: no latency culprit, but the cache is named as the error origin that became common", (t) => {
  const before = Array.from({ length: 120 }, (_, i) => page(i, "before", false));
  const after = Array.from({ length: 120 }, (_, i) => page(i, "after", i % 3 === 0));
  const d = diagnose(before, after);
  t.deepEqual(d.culprits, []);
  t.is(d.errors.length, 1);
  const e = d.errors[0]!;
  t.like(e, { rank: 1, service: "memcached", operation: "cache.get", tracesBefore: 0, tracesAfter: 40, rateBefore: 0 });
  t.deepEqual(e.reportedBy, ["nova-api"]);
  t.is(e.rateAfter, 40 / 120);
  t.true(e.adjustedP < 1e-6, `p ${e.adjustedP}`);
  t.deepEqual(e.exemplars, [after[0]!.traceId, after[3]!.traceId].sort());
  t.is(d.settings.minErrorRateChange, 0.01);
  const text = renderDiagnosis(d);
  t.regex(text, /Error origins that became more common \(share of traces before → after\):\n1\. \[memcached\] cache\.get: 0% → 33% of traces \(0\/40\), p=[0-9.e-]+, reported by nova-api\n/);
  const summary = summarizeDiagnosis(d);
  t.deepEqual(summary.errors.map((x) => [x.service, x.operation, x.rateBefore, x.rateAfter, x.traces]), [["memcached", "cache.get", 0, 0.3333, 40]]);
});

test("errors as common before as after, or too few to tell, are not culprits", (t) => {
  // The same 10% failing in both windows.
  const steadyBefore = Array.from({ length: 200 }, (_, i) => page(i, "before", i % 10 === 0));
  const steadyAfter = Array.from({ length: 200 }, (_, i) => page(i, "after", i % 10 === 5));
  t.deepEqual(diagnose(steadyBefore, steadyAfter).errors, []);
  // 1 → 3 failing of 100: not significant.
  const fewBefore = Array.from({ length: 100 }, (_, i) => page(i, "before", i === 50));
  const fewAfter = Array.from({ length: 100 }, (_, i) => page(i, "after", i % 40 === 1));
  t.deepEqual(diagnose(fewBefore, fewAfter).errors, []);
  // Errors that went away are not culprits either.
  t.deepEqual(diagnose(Array.from({ length: 120 }, (_, i) => page(i, "before", i % 2 === 0)), Array.from({ length: 120 }, (_, i) => page(i, "after", false))).errors, []);
  t.notRegex(renderDiagnosis(diagnose(steadyBefore, steadyAfter)), /Error origins/);
});

test("a rate rise below minErrorRateChange is not reported even when significant", (t) => {
  const before = Array.from({ length: 2000 }, (_, i) => page(i, "before", false));
  const after = Array.from({ length: 2000 }, (_, i) => page(i, "after", i % 100 === 0));
  t.is(diagnose(before, after).errors.length, 1);
  t.deepEqual(diagnose(before, after, { minErrorRateChange: 0.02 }).errors, []);
});

test("property: origins are exactly the failed spans without a failed child, and every failed span has one below it", (t) => {
  const tree = fc.array(fc.record({ parent: fc.nat(), error: fc.boolean(), client: fc.boolean(), peer: fc.constantFrom(undefined, "memcached", "mysql") }), { minLength: 1, maxLength: 30 });
  fc.assert(
    fc.property(tree, (nodes) => {
      const traceId = "d".repeat(32);
      const spans = nodes.map((n, i) =>
        span(traceId, {
          id: hex(i + 1, 16),
          ...(i === 0 ? {} : { parent: hex((n.parent % i) + 1, 16) }),
          service: `svc-${i % 4}`,
          name: `op-${i % 5}`,
          kind: n.client ? "client" : "server",
          error: n.error,
          ...(n.peer === undefined ? {} : { peer: n.peer }),
        }),
      );
      const catalog: ErrorCatalog = new Map();
      const keys = errorOrigins(spans, catalog);
      const children = (id: string) => spans.filter((s) => s.parentSpanId === id);
      const isOrigin = (s: SpanRecord) => s.status.code === "error" && !children(s.spanId).some((c) => c.status.code === "error");
      const expected = [...new Set(spans.filter(isOrigin).map((s) => `${failingService(s)}\u0000${s.name}`))].sort();
      t.deepEqual(keys, expected);
      const hasOriginBelow = (s: SpanRecord): boolean => isOrigin(s) || children(s.spanId).some(hasOriginBelow);
      for (const s of spans) if (s.status.code === "error") t.true(hasOriginBelow(s));
    }),
  );
});
