// The event DAG in span exports: edges the span tree does not say become links (OTLP) and
// FOLLOWS_FROM references (Jaeger) carrying their event ids; forks and joins become span events;
// ITC stamps become attributes. Sequential and concurrent calls, whose span trees are equal,
// export differently.
import test from "ava";
import { DAG_ATTRIBUTES } from "../../../tracer/export/dag-spans.ts";
import { importTraceText } from "../../../tracer/export/import.ts";
import { exportJaeger, toJaegerJson } from "../../../tracer/export/jaeger.ts";
import { exportOtlp } from "../../../tracer/export/otlp.ts";
import type { Trace, TraceEvent } from "../../../tracer/model/types.ts";
import { rig } from "../api/helpers.ts";

/** A page that calls two services, either one after the other or both at once, then joins. */
function page(sequential: boolean): Trace {
  const r = rig({ metadata: "itc", seed: "dag-export" });
  const root = r.tracer.startSpan("GET /page", { kind: "server" });
  const call = (name: string, parent: Parameters<typeof r.tracer.startSpan>[1]) => {
    const c = r.tracer.startSpan(name, { ...parent, kind: "client" });
    r.advance(1000);
    c.end();
    return c;
  };
  if (sequential) {
    const a = call("keystone", { parent: root });
    root.join(a);
    const b = call("nova", { parent: root });
    root.join(b);
  } else {
    const [x, y] = root.fork(2);
    const a = call("keystone", { parent: x });
    const b = call("nova", { parent: y });
    root.join([a, b]);
  }
  root.end();
  const events = r.events();
  return { traceId: events[0]!.traceId, events, spans: [] };
}

/** Expected links, from the events: parent edges between spans neither of which is above the other. */
function crossBranchEdges(events: readonly TraceEvent[]): string[] {
  const spanOf = new Map(events.map((e) => [e.eventId, e.spanId]));
  const parent = new Map(events.filter((e) => e.kind === "start").map((e) => [e.spanId, e.parentSpanId]));
  const chain = (s: string | undefined): string[] => (s === undefined ? [] : [s, ...chain(parent.get(s))]);
  const edges: string[] = [];
  for (const e of events) {
    for (const p of e.parents) {
      const from = spanOf.get(p)!;
      if (chain(e.spanId).includes(from) || chain(from).includes(e.spanId)) continue;
      edges.push(`${p}→${e.eventId}`);
    }
  }
  return edges.sort();
}

function otlpSpans(trace: Trace) {
  return exportOtlp([trace]).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

const value = (attrs: readonly { key: string; value: Record<string, unknown> }[], key: string) => Object.values(attrs.find((a) => a.key === key)?.value ?? {})[0];

test("OTLP: edges the span tree does not say are links with their event ids; a sequential call links to the one before it", (t) => {
  for (const sequential of [true, false]) {
    const trace = page(sequential);
    const spans = otlpSpans(trace);
    const exported = spans.flatMap((s) => s.links.map((l) => `${value(l.attributes, DAG_ATTRIBUTES.from)}→${value(l.attributes, DAG_ATTRIBUTES.to)}`)).sort();
    t.deepEqual(exported, crossBranchEdges(trace.events));
    const nova = spans.find((s) => s.name === "nova")!;
    const keystone = spans.find((s) => s.name === "keystone")!;
    if (sequential) t.deepEqual(nova.links.map((l) => l.spanId), [keystone.spanId], "nova waited for keystone");
    else t.deepEqual(nova.links, [], "concurrent calls: no edge between them");
  }
});

test("OTLP: forks and joins are span events with their id, parents and stamp; start and end stamps are attributes", (t) => {
  const trace = page(false);
  const root = otlpSpans(trace).find((s) => s.name === "GET /page")!;
  const fork = trace.events.find((e) => e.kind === "fork")!;
  const exported = root.events.find((e) => e.name === "fork")!;
  t.is(value(exported.attributes, DAG_ATTRIBUTES.eventId), fork.eventId);
  t.is(value(exported.attributes, DAG_ATTRIBUTES.parents), fork.parents.join(","));
  t.is(value(exported.attributes, DAG_ATTRIBUTES.itc), fork.itc);
  const start = trace.events.find((e) => e.kind === "start" && e.spanId === root.spanId)!;
  const end = trace.events.find((e) => e.kind === "end" && e.spanId === root.spanId)!;
  t.is(value(root.attributes, DAG_ATTRIBUTES.itcStart), start.itc);
  t.is(value(root.attributes, DAG_ATTRIBUTES.itcEnd), end.itc);
});

test("Jaeger: extra edges are FOLLOWS_FROM references after the CHILD_OF parent, the root keeps none, and the file reads back as one tree", (t) => {
  const trace = page(true);
  const spans = exportJaeger([trace]).data[0]!.spans;
  const root = spans.find((s) => s.operationName === "GET /page")!;
  const nova = spans.find((s) => s.operationName === "nova")!;
  const keystone = spans.find((s) => s.operationName === "keystone")!;
  t.deepEqual(root.references, []);
  t.deepEqual(nova.references.map((r) => [r.refType, r.spanID]), [["CHILD_OF", root.spanID], ["FOLLOWS_FROM", keystone.spanID]]);
  const [back] = importTraceText(toJaegerJson([trace]), "dag.json");
  t.is(back!.trace.spans.filter((s) => s.parentSpanId === undefined).length, 1);
});
