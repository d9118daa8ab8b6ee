// The thesis experiment's measures on hand-built cases: the attribution error and its parts,
// what each critical-path method charges where on a call with and without a skewed clock, the
// true path read from causality points, and ordering errors against a known causal chain.
import test from "ava";
import seedrandom from "seedrandom";
import { alwaysOn, createTracer } from "../../tracer/index.ts";
import type { SpanRecord, Trace, TraceModel, TraceRecord, Tracer } from "../../tracer/index.ts";
import { PRESETS } from "../../tracer/presets/index.ts";
import type { CausalPoint } from "../../sim/kernel/index.ts";
import { OWN, TRANSIT, WAIT } from "../../sim/kernel/index.ts";
import { activity } from "../../sim/openstack/truth.ts";
import { attributionError, compareAttribution, missedWork, timeBy, topKey } from "../../sim/experiments/thesis/attribution.ts";
import { activitiesOf, estimatedSections } from "../../sim/experiments/thesis/estimate.ts";
import type { Method } from "../../sim/experiments/thesis/estimate.ts";
import { boundaryKey, orderingErrors } from "../../sim/experiments/thesis/ordering.ts";
import type { TrueBoundary } from "../../sim/experiments/thesis/ordering.ts";
import { NETWORK, trueCriticalPath, UNKNOWN } from "../../sim/experiments/thesis/truth-path.ts";
import { fullConfig, scenarioOf, scenarioFile } from "../../sim/experiments/jobs.ts";
import { thesisCells, THESIS_FORMS } from "../../sim/experiments/thesis/matrix.ts";
import { thesisHeadlines } from "../../sim/experiments/thesis/experiment.ts";
import { runThesis } from "../../sim/experiments/thesis/run.ts";

const map = (o: Record<string, number>): Map<string, number> => new Map(Object.entries(o));

test("error: half the L1 distance of time per activity, over the true latency", (t) => {
  // 2 ns of a's time given to c: a fifth of a 10 ns request.
  const a = compareAttribution(map({ a: 6, b: 4 }), map({ a: 4, b: 4, c: 2 }));
  t.deepEqual(a, { misattributedNs: 2, trueNs: 10, estimatedNs: 10 });
  t.is(attributionError(a), 0.2);
  // An estimate 5 ns longer than the truth pays half of it.
  t.is(attributionError(compareAttribution(map({ a: 10 }), map({ a: 10, network: 5 }))), 0.25);
  t.is(attributionError(compareAttribution(map({ a: 10 }), map({ a: 10 }))), 0);
  t.is(attributionError(compareAttribution(map({ a: 10 }), map({ b: 10 }))), 1);
  t.is(attributionError(compareAttribution(new Map(), map({ b: 10 }))), 0);
});

test("operation time missed counts only operations' own time the estimate gives elsewhere", (t) => {
  t.is(missedWork(map({ a: 6, network: 2, b: 2 }), map({ a: 3, b: 5 }), "network"), 0.3);
  // The network's time moved onto an operation misses nothing.
  t.is(missedWork(map({ a: 6, network: 4 }), map({ a: 10 }), "network"), 0);
});

test("the top activity leaves the network out and breaks ties by name", (t) => {
  t.is(topKey(map({ network: 9, b: 3, a: 3 }), "network"), "a");
  t.is(topKey(map({ network: 9 }), "network"), undefined);
});

test("time by activity: negative sections count nothing, a service's operations add up", (t) => {
  const x = activity("svc", "svc.x");
  const y = activity("svc", "svc.y");
  const sections = [
    { start: 0, end: 5, activity: x },
    { start: 10, end: 4, activity: y },
    { start: 5, end: 8, activity: y },
  ];
  t.deepEqual([...timeBy(sections, "operation")], [["svc svc.x", 5], ["svc svc.y", 3]]);
  t.deepEqual([...timeBy(sections, "service")], [["svc", 8]]);
});

const span = (id: string, parent: string | undefined, service: string, name: string, kind: SpanRecord["kind"], attributes: SpanRecord["attributes"] = {}): SpanRecord => ({
  traceId: "t",
  spanId: id,
  parentSpanId: parent,
  links: [],
  kind,
  name,
  service,
  host: "h",
  start: 0,
  end: 1,
  attributes,
  status: { code: "unset" },
  logs: [],
});

test("a span's activity: its handler, a database call's server, a root's own name, or its parent's", (t) => {
  const spans = [
    span("r", undefined, "client", "openstack server list", "internal"),
    span("c", "r", "client", "GET /v2.1/servers/detail", "client"),
    span("s", "c", "nova-api", "GET /v2.1/servers/detail", "server", { "code.function.name": "nova-api.list_servers" }),
    span("d", "s", "nova-api", "db.select instance_mappings", "client", { "peer.service": "mysql", "db.operation.name": "SELECT" }),
    span("i", "s", "nova-api", "fork", "internal"),
    span("o", "gone", "neutron", "GET /v2.0/ports", "client"),
  ];
  const a = activitiesOf(spans);
  const show = (id: string) => `${a.get(id)!.service} ${a.get(id)!.operation}`;
  t.deepEqual(["r", "c", "s", "d", "i", "o"].map(show), [
    "client openstack server list",
    "client openstack server list",
    "nova-api nova-api.list_servers",
    "mysql mysql.select",
    "nova-api nova-api.list_servers",
    "neutron GET /v2.0/ports",
  ]);
});

/**
 * web (host a) serves a page: 10 ns of its own work, a call to api (host b, clock `skew` ns
 * ahead) whose request takes 5 ns to arrive, 30 ns of api's work, 5 ns back, 10 ns more.
 */
function call(model: TraceModel, skew: number): Trace {
  const records: TraceRecord[] = [];
  const clock = { t: 0 };
  const tracer = (name: string, offset: number): Tracer => {
    const rng = seedrandom.alea(`thesis/${name}`);
    return createTracer({ service: name, host: name, clock: { now: () => clock.t + offset }, random: { next: () => rng() }, sampler: alwaysOn, sink: { emit: (r) => records.push(r) }, model });
  };
  const web = tracer("web", 0);
  const api = tracer("api", skew);
  const root = web.startSpan("GET /page", { kind: "server", attributes: { "code.function.name": "web.page" } });
  clock.t = 10;
  const client = web.startSpan("GET /x", { parent: root, kind: "client" });
  const headers: Record<string, string> = {};
  web.inject(client, headers);
  clock.t = 15;
  const server = api.startSpan("GET /x", { parent: api.extract(headers), kind: "server", attributes: { "code.function.name": "api.x" } });
  clock.t = 45;
  server.end();
  const reply: Record<string, string> = {};
  api.inject(server, reply);
  clock.t = 50;
  client.join(web.extract(reply)!);
  client.end();
  root.join(client);
  clock.t = 60;
  root.end();
  const events = records.flatMap((r) => (r.type === "event" ? [r.event] : []));
  const spans = records.flatMap((r) => (r.type === "span" ? [r.span] : []));
  return { traceId: (events[0] ?? spans[0])!.traceId, events, spans };
}

// The truth of call(): web 0–10, request 10–15, api 15–45, reply 45–50, web 50–60.
const TRUTH = map({ "web web.page": 20, "network network": 10, "api api.x": 30 });

function scored(trace: Trace, method: Method): [number, number] {
  const e = timeBy(estimatedSections(trace, method)!, "operation");
  return [attributionError(compareAttribution(TRUTH, e)), missedWork(TRUTH, e, "network network")];
}

test("on a call without skew the DAG walk is exact; the span heuristics charge the network to the caller", (t) => {
  const dag = call("dag", 0);
  t.deepEqual(scored(dag, "dag"), [0, 0]);
  t.deepEqual(scored(dag, "jaeger"), [10 / 60, 0]);
  t.deepEqual(scored(dag, "crisp"), [10 / 60, 0]);
  const spans = call("span", 0);
  t.is(estimatedSections(spans, "dag"), null);
  t.deepEqual(scored(spans, "jaeger"), [10 / 60, 0]);
  t.deepEqual(scored(spans, "crisp"), [10 / 60, 0]);
});

test("with the callee's clock 20 ns ahead: the DAG walk only stretches the network; Jaeger clips the callee's work, CRISP keeps it", (t) => {
  const dag = call("dag", 20);
  // Request 10 → 35 on the skewed clocks (25 ns), reply 65 → 50 (negative: 0).
  t.deepEqual(scored(dag, "dag"), [7.5 / 60, 0]);
  const spans = call("span", 20);
  // Jaeger clips api's 35–65 to the client span's 10–50: 15 ns of api's 30 go to web.
  t.deepEqual(scored(spans, "jaeger"), [25 / 60, 15 / 60]);
  // CRISP takes a lone server child as a skewed call and keeps its 30 ns; the client span's self time grows to 25.
  t.deepEqual(scored(spans, "crisp"), [17.5 / 60, 0]);
});

const point = (id: number, t: number, kind: number, prev: CausalPoint | null, label: unknown): CausalPoint => ({ id, t, kind, prev, prog: null, also: null, label, scope: 1 });

test("the true path: transit is the network, a queued wait goes to whoever takes over, one activity's steps merge", (t) => {
  const web = activity("web", "web.page");
  const api = activity("api", "api.x");
  const p0 = point(1, 0, OWN, null, web);
  const p1 = point(2, 10, OWN, p0, web);
  const p2 = point(3, 15, TRANSIT, p1, web);
  const p3 = point(4, 20, WAIT, p2, null); // queued for api
  const p4 = point(5, 20, OWN, p3, api); // zero length: left out
  const p5 = point(6, 45, OWN, p4, api);
  const p6 = point(7, 50, WAIT, p5, null); // nothing takes over after it
  t.deepEqual(
    trueCriticalPath(p6).map((s) => [s.start, s.end, s.activity]),
    [
      [0, 10, web],
      [10, 15, NETWORK],
      [15, 45, api],
      [45, 50, UNKNOWN],
    ],
  );
});

test("ordering: a skewed callee's end comes after its caller's end by timestamps; stored DAG edges keep the true order", (t) => {
  for (const model of ["span", "dag"] as const) {
    const trace = call(model, 20);
    const spans = model === "span" ? trace.spans : [];
    const ids = model === "span" ? spans.map((s) => s.spanId) : [...new Set(trace.events.map((e) => e.spanId))];
    // One causal chain: root start → client start → server start → server end → client end → root end.
    const byName = (name: string, service: string) => (model === "span" ? spans.find((s) => s.name === name && s.service === service)!.spanId : trace.events.find((e) => e.name === name && e.service === service && e.kind === "start")!.spanId);
    const root = byName("GET /page", "web");
    const client = byName("GET /x", "web");
    const server = byName("GET /x", "api");
    t.is(ids.length, 3);
    const truth = new Map<string, TrueBoundary>();
    let prev: CausalPoint | null = null;
    [boundaryKey(root, "s"), boundaryKey(client, "s"), boundaryKey(server, "s"), boundaryKey(server, "e"), boundaryKey(client, "e"), boundaryKey(root, "e")].forEach((key, i) => {
      prev = point(i + 1, i * 10, OWN, prev, null);
      truth.set(key, { point: prev, backdated: false });
    });
    const o = orderingErrors(trace, truth);
    // 8 cross-host pairs (2 server boundaries × 4 web ones); the server's end (65) after the client's (50) and the root's (60) end.
    t.deepEqual(o.timestamps, { pairs: 8, reversed: 2, unordered: 0 }, model);
    t.deepEqual(o.edges, model === "dag" ? { pairs: 8, reversed: 0, unordered: 0 } : null, model);
    t.is(o.itc, null);
  }
});

test("a backdated start is left out of the pairs", (t) => {
  const trace = call("span", 0);
  const server = trace.spans.find((s) => s.service === "api")!.spanId;
  const root = trace.spans.find((s) => s.service === "web" && s.kind === "server")!.spanId;
  const p1 = point(1, 0, OWN, null, null);
  const p2 = point(2, 15, OWN, p1, null);
  const p3 = point(3, 45, OWN, p2, null);
  const truth = new Map<string, TrueBoundary>([
    [boundaryKey(root, "s"), { point: p1, backdated: false }],
    [boundaryKey(server, "s"), { point: p2, backdated: true }],
    [boundaryKey(server, "e"), { point: p3, backdated: false }],
  ]);
  t.deepEqual(orderingErrors(trace, truth).timestamps, { pairs: 1, reversed: 0, unordered: 0 });
});

test("the default tracer is dag-itc tracing every request, so the thesis reuses the diagnosis matrix's cells for it", (t) => {
  t.deepEqual(scenarioOf(scenarioFile("matrix")).tracer, fullConfig(PRESETS["dag-itc"]!).config);
});

test("the thesis matrix subset: each chosen form at medium severity with two seeds, and two controls", (t) => {
  const cells = thesisCells();
  t.is(cells.length, THESIS_FORMS.length * 2 + 2);
  t.deepEqual([...new Set(cells.filter((c) => c.fault !== null).map((c) => c.form))], [...THESIS_FORMS]);
  t.true(cells.every((c) => c.severity === "medium" || c.form === "control"));
});

test("the README's thesis lines pool the tables' means over presets, weighted by requests and pairs", (t) => {
  const cp = {
    id: "thesis-critical-path",
    title: "",
    description: "",
    columns: ["Preset", "Stored data", "Method", "Requests (stored / run)", "Error", "Error, skewed clocks", "Operation time missed", "Operation time missed, skewed"],
    rows: [
      ["a", "events (DAG)", "DAG critical path", "100 / 100", "0.00%", "8.00%", "0.00%", "0.00%"],
      ["a", "events (DAG)", "Jaeger UI's span heuristic", "100 / 100", "6.00%", "19.00%", "0.00%", "13.00%"],
      ["b", "spans", "Jaeger UI's span heuristic", "300 / 300", "6.00%", "18.00%", "0.00%", "12.00%"],
      ["c", "spans", "Jaeger UI's span heuristic", "100 / 300", "2.00%", "2.00%", "0.00%", "0.00%"],
      ["d", "—", "no per-request traces stored", "0 / 300", "—", "—", "—", "—"],
    ],
  };
  const order = {
    id: "thesis-ordering",
    title: "",
    description: "",
    columns: ["Preset", "Cross-host causal pairs (skewed run)", "Wrong by timestamps, no skew", "Wrong by timestamps, skewed clocks", "Wrong by stored DAG edges, skewed clocks", "Wrong by ITC stamps, skewed clocks"],
    rows: [
      ["a", "1000", "0.0% (0 reversed, 0 unordered)", "5.0% (40 reversed, 10 unordered)", "0.0% (0 reversed, 0 unordered)", "—"],
      ["b", "3000", "0.0% (0 reversed, 0 unordered)", "5.0% (150 reversed, 0 unordered)", "—", "—"],
      ["d", "0", "no pairs", "no pairs", "—", "—"],
    ],
  };
  const lines = thesisHeadlines([cp, order]);
  t.is(lines.length, 2);
  t.true(lines[0]!.includes("without skew, the DAG critical path 0.00%, Jaeger's span heuristic 5.00%; with skewed clocks, the DAG critical path 8.00%, Jaeger's span heuristic 14.00%"), lines[0]);
  t.true(lines[0]!.includes("the DAG critical path 0.00%, Jaeger's span heuristic 0.00% without skew; the DAG critical path 0.00%, Jaeger's span heuristic 9.00% with it"), lines[0]);
  t.true(lines[1]!.includes("timestamps order 5.00% wrongly; the stored DAG's edges 0.00%; ITC stamps —"), lines[1]);
});

test("a thesis run: without skew, no truly ordered pair of trace points has its timestamps the wrong way round, nor its stored edges or stamps", (t) => {
  // Causal order implies time order: a truth record that linked unrelated points would show here.
  const r = runThesis("dag-itc", "thesis");
  t.true(r.requests > 100);
  t.is(r.stored, r.requests);
  t.is(r.methods.dag!.requests, r.stored);
  t.true(r.order.timestamps.pairs > 10_000);
  t.deepEqual([r.order.timestamps.reversed, r.order.edges!.reversed, r.order.itc!.reversed], [0, 0, 0]);
  t.deepEqual(r.order.edges!.pairs, r.order.timestamps.pairs);
});
