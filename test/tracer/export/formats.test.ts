// Golden files per export format, and the properties each format promises its viewer.
import test from "ava";
import { exportChrome, toChromeJson } from "../../../tracer/export/chrome.ts";
import { exportDot } from "../../../tracer/export/dot.ts";
import { exportJaeger, toJaegerJson } from "../../../tracer/export/jaeger.ts";
import { toOtlpJson } from "../../../tracer/export/otlp.ts";
import { events, trace, traceWithEvents, TRACE_ID } from "./fixture.ts";
import { golden } from "./golden.ts";

test("Jaeger UI JSON matches its golden file", (t) => {
  const out = toJaegerJson([trace]);
  t.is(out, golden("trace.jaeger.json", out));
});

test("OTLP/JSON matches its golden file", (t) => {
  const out = toOtlpJson([trace]);
  t.is(out, golden("trace.otlp.json", out));
});

test("Chrome trace events match their golden file", (t) => {
  const out = toChromeJson([traceWithEvents]);
  t.is(out, golden("trace.chrome.json", out));
});

test("Graphviz DOT of the event DAG matches its golden file", (t) => {
  const out = exportDot(events, "GET /project/instances");
  t.is(out, golden("trace.dot", out));
});

test("DOT output does not depend on the events' input order", (t) => {
  t.is(exportDot([...events].reverse(), "x"), exportDot(events, "x"));
});

test("DOT draws a lost parent as a dashed placeholder instead of dropping the edge", (t) => {
  const out = exportDot(events, "x");
  t.regex(out, /"e0000000000000ff" \[label="lost\\ne0000000000000ff", shape=box, style=dashed\];/);
  t.regex(out, /"e0000000000000ff" -> "e00000000000000a";/);
});

test("Jaeger: fan-in gives several references, the layout parent first (CHILD_OF), extra parents FOLLOWS_FROM; a consumer follows its producer", (t) => {
  const spans = exportJaeger([trace]).data[0]!.spans;
  const join = spans.find((s) => s.operationName === "join")!;
  t.deepEqual(
    join.references.map((r) => [r.refType, r.spanID]),
    [
      ["CHILD_OF", "00f067aa0ba902b7"],
      ["FOLLOWS_FROM", "1111111111111111"],
    ],
  );
  const consumer = spans.find((s) => s.operationName === "build_instances")!;
  t.deepEqual(consumer.references.map((r) => r.refType), ["FOLLOWS_FROM"]);
  t.is(spans[0]!.startTime, 1000);
  t.is(spans[0]!.duration, 119_000);
});

test("Chrome: no two slices on one track overlap without nesting", (t) => {
  const slices = exportChrome([traceWithEvents]).traceEvents.filter((e) => e.ph === "X");
  const tracks = new Map<string, { ts: number; end: number }[]>();
  for (const s of slices) {
    const key = `${s.pid}/${s.tid}`;
    const list = tracks.get(key) ?? [];
    list.push({ ts: s.ts!, end: s.ts! + s.dur! });
    tracks.set(key, list);
  }
  let pairs = 0;
  for (const list of tracks.values()) {
    for (const a of list) {
      for (const b of list) {
        if (a === b) continue;
        pairs++;
        const disjoint = a.end <= b.ts || b.end <= a.ts;
        const nested = (a.ts <= b.ts && b.end <= a.end) || (b.ts <= a.ts && a.end <= b.end);
        t.true(disjoint || nested);
      }
    }
  }
  t.true(pairs > 0);
  // Keystone's client call and Nova's overlap in time, so Horizon's process needs two tracks.
  t.true(slices.some((s) => s.tid === 2));
});

test("Chrome: every flow start has a matching finish with the same name and id", (t) => {
  const flows = exportChrome([traceWithEvents]).traceEvents.filter((e) => e.ph === "s" || e.ph === "f");
  const starts = flows.filter((e) => e.ph === "s");
  t.true(starts.some((e) => e.name === "message"));
  t.true(starts.some((e) => e.name === "link"));
  for (const s of starts) t.truthy(flows.find((f) => f.ph === "f" && f.id === s.id && f.name === s.name && f.bp === "e"));
});

test("a DAG-mode trace (events only) exports the spans projected from its start and end events", (t) => {
  const ev = (eventId: string, kind: "start" | "end", spanId: string, timestamp: number, parents: string[], extra = {}) => ({
    traceId: TRACE_ID, eventId, kind, name: `op-${spanId}`, service: "svc", host: "h1", timestamp, spanId, parents, ...extra,
  });
  const dagOnly = {
    traceId: TRACE_ID,
    spans: [],
    events: [
      ev("e1", "start", "aaaaaaaaaaaaaaaa", 1000, [], { spanKind: "server" }),
      ev("e2", "start", "bbbbbbbbbbbbbbbb", 2000, ["e1"], { spanKind: "client", parentSpanId: "aaaaaaaaaaaaaaaa" }),
      ev("e3", "end", "bbbbbbbbbbbbbbbb", 5000, ["e2"], { status: { code: "error", message: "boom" } }),
      ev("e4", "end", "aaaaaaaaaaaaaaaa", 9000, ["e3"]),
    ],
  };
  const [jt] = exportJaeger([dagOnly]).data;
  t.deepEqual(
    jt!.spans.map((s) => [s.spanID, s.startTime, s.duration, s.references.map((r) => r.spanID)]),
    [
      ["aaaaaaaaaaaaaaaa", 1, 8, []],
      ["bbbbbbbbbbbbbbbb", 2, 3, ["aaaaaaaaaaaaaaaa"]],
    ],
  );
  t.deepEqual(jt!.spans[1]!.tags.filter((x) => x.key !== "span.kind").map((x) => [x.key, x.value]), [
    ["error", true],
    ["otel.status_code", "ERROR"],
    ["otel.status_description", "boom"],
  ]);
});
