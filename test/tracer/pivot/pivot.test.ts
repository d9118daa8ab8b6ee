// Pivot Tracing queries: tuples packed into baggage at the first join tracepoint, carried across
// processes in the W3C baggage header, and aggregated where the `from` tracepoint ends.
import test from "ava";
import fc from "fast-check";
import { TracerConfigError } from "../../../tracer/index.ts";
import type { Span } from "../../../tracer/index.ts";
import { checkQueries, PivotQueries, PivotQueryError, queryText } from "../../../tracer/pivot/index.ts";
import type { PivotQuery } from "../../../tracer/pivot/index.ts";
import { rig } from "../api/helpers.ts";

const DB_BY_REQUEST: PivotQuery = { name: "db", from: { operation: "db." }, join: { service: "client", root: true }, groupBy: "operation" };

function process(pivot: PivotQueries, service: string, host = "h1") {
  return rig({ service, host, seed: service, processor: pivot.processorFor(service, host) });
}

test("a root's name is packed once and groups the durations of later db spans in other processes", (t) => {
  const pivot = new PivotQueries([DB_BY_REQUEST]);
  const client = process(pivot, "client");
  const api = process(pivot, "nova-api");
  for (const [command, dbNs] of [["openstack server list", 3], ["openstack server show", 5], ["openstack server list", 4]] as const) {
    const root = client.tracer.startSpan(command, { kind: "client" });
    const headers: Record<string, string> = {};
    client.tracer.inject(root, headers);
    t.true(headers.baggage!.startsWith("pt.db=openstack%20server%20"));
    const server = api.tracer.startSpan("GET /v2.1/servers", { parent: api.tracer.extract(headers), kind: "server" });
    const db = api.tracer.startSpan("db.select instances", { parent: server, kind: "client" });
    api.advance(dbNs);
    db.end();
    server.end();
    root.end();
  }
  const [r] = pivot.results();
  t.deepEqual(r!.rows, [
    { group: "openstack server list", count: 2, totalNs: 7 },
    { group: "openstack server show", count: 1, totalNs: 5 },
  ]);
  t.is(r!.unjoined, 0);
  t.is(r!.text, "From q In db.* Join cl In First(Root(client:*)) On cl -> q GroupBy cl.operation Select cl.operation, COUNT, SUM(q.duration)");
});

test("First(): a later join tracepoint on the same path does not replace the tuple", (t) => {
  const q: PivotQuery = { name: "caller", from: { service: "keystone" }, join: { operation: "GET /v3/auth/" }, groupBy: "service" };
  const pivot = new PivotQueries([q]);
  const api = process(pivot, "nova-api");
  const keystone = process(pivot, "keystone");
  const call = api.tracer.startSpan("GET /v3/auth/tokens", { kind: "client" });
  const headers: Record<string, string> = {};
  api.tracer.inject(call, headers);
  // keystone's server span matches the join tracepoint too, but nova-api came first.
  const server = keystone.tracer.startSpan("GET /v3/auth/tokens", { parent: keystone.tracer.extract(headers), kind: "server" });
  keystone.advance(10);
  server.end();
  call.end();
  t.deepEqual(pivot.results()[0]!.rows, [{ group: "nova-api", count: 1, totalNs: 10 }]);
});

test("happened-before: a span that started before the join tracepoint is not joined, and is counted as such", (t) => {
  const q: PivotQuery = { name: "q", from: { operation: "work" }, join: { operation: "login" }, groupBy: "operation" };
  const pivot = new PivotQueries([q]);
  const p = process(pivot, "svc");
  const root = p.tracer.startSpan("request");
  const early = p.tracer.startSpan("work early", { parent: root });
  const login = p.tracer.startSpan("login", { parent: root });
  const late = p.tracer.startSpan("work late", { parent: login });
  p.advance(2);
  for (const s of [late, login, early, root] as Span[]) s.end();
  const [r] = pivot.results();
  t.deepEqual(r!.rows, [{ group: "login", count: 1, totalNs: 2 }]);
  t.is(r!.unjoined, 1);
});

test("each process aggregates its own tuples; results sum them by group", (t) => {
  const q: PivotQuery = { name: "q", from: {}, join: { root: true }, groupBy: "host" };
  const pivot = new PivotQueries([q]);
  const a = process(pivot, "svc", "h-a");
  const b = process(pivot, "svc", "h-b");
  for (const p of [a, b, a]) {
    const s = p.tracer.startSpan("op");
    p.advance(1);
    s.end();
  }
  t.deepEqual(pivot.results()[0]!.rows, [
    { group: "h-a", count: 2, totalNs: 2 },
    { group: "h-b", count: 1, totalNs: 1 },
  ]);
});

test("each measured span joins the root-most join tracepoint above it, or none (random span trees)", (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.constantFrom("J", "m", "x")), { minLength: 1, maxLength: 40 }), (plan) => {
      const q: PivotQuery = { name: "q", from: { operation: "m" }, join: { operation: "J" }, groupBy: "operation" };
      const pivot = new PivotQueries([q]);
      const p = process(pivot, "svc");
      const spans: Span[] = [p.tracer.startSpan("root")];
      const parentOf: number[] = [-1];
      for (const [parent, kind] of plan) {
        const i = parent % spans.length;
        parentOf.push(i);
        spans.push(p.tracer.startSpan(`${kind}${spans.length}`, { parent: spans[i]! }));
      }
      p.advance(1);
      for (const s of [...spans].reverse()) s.end();
      // The model: walk up to the root, remembering the last (root-most) join point passed.
      const expected = new Map<string, number>();
      let unjoined = 0;
      spans.forEach((s, i) => {
        if (!s.name.startsWith("m")) return;
        let group: string | undefined;
        for (let j = i; j >= 0; j = parentOf[j]!) if (spans[j]!.name.startsWith("J")) group = spans[j]!.name;
        if (group === undefined) unjoined++;
        else expected.set(group, (expected.get(group) ?? 0) + 1);
      });
      const [r] = pivot.results();
      t.is(r!.unjoined, unjoined);
      const byName = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : 1);
      t.deepEqual(r!.rows.map((row): [string, number] => [row.group, row.count]).sort(byName), [...expected].sort(byName));
      for (const row of r!.rows) t.is(row.totalNs, row.count);
    }),
  );
});

test("bad queries are refused with the path and what was expected", (t) => {
  const bad = (qs: unknown, message: string) => t.is(t.throws(() => checkQueries(qs as PivotQuery[]), { instanceOf: PivotQueryError })!.message, message);
  bad([{ ...DB_BY_REQUEST, name: "has space" }], "pivot query: queries[0].name must be a W3C baggage key (letters, digits and !#$%&'*+-.^_`|~)");
  bad([DB_BY_REQUEST, DB_BY_REQUEST], 'pivot query: queries[1].name must be unique ("db" is used twice)');
  bad([{ ...DB_BY_REQUEST, groupBy: "span" }], "pivot query: queries[0].groupBy must be one of service, operation, host");
  bad([{ ...DB_BY_REQUEST, from: { name: "x" } }], "pivot query: queries[0].from.name must be absent (known fields: service, operation, root)");
  bad([{ ...DB_BY_REQUEST, join: { root: "yes" } }], "pivot query: queries[0].join.root must be a boolean");
  t.throws(() => rig({ processor: {} as never }), { instanceOf: TracerConfigError });
});

test("the query text follows the paper's notation, quoting names with spaces", (t) => {
  t.is(
    queryText({ name: "v", from: { service: "keystone", operation: "validate_token" }, join: { operation: "GET /v3/auth/" }, groupBy: "service" }),
    'From q In keystone:validate_token* Join cl In First("GET /v3/auth/*") On cl -> q GroupBy cl.service Select cl.service, COUNT, SUM(q.duration)',
  );
});
