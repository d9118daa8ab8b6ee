// Imports: Jaeger UI JSON and OTLP/JSON into spans, and clear errors for malformed files.
import test from "ava";
import { importTraceText } from "../../../tracer/export/import.ts";
import { TraceFileError } from "../../../tracer/export/errors.ts";
import { jsonErrorOffset } from "../../../tracer/export/json-text.ts";
import { toJaegerJson } from "../../../tracer/export/jaeger.ts";
import { cpSpansFromRecords, spanCriticalPath } from "../../../tracer/analysis/span-critical-path/index.ts";
import { spans, trace } from "./fixture.ts";

// The example of tracing-systems.md §4.3: an async FOLLOWS_FROM hop and a process with a hostname.
const jaegerExample = JSON.stringify({
  data: [
    {
      traceID: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d",
      spans: [
        {
          traceID: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d",
          spanID: "a1b2c3d4e5f60718",
          operationName: "POST /v2.1/servers",
          references: [],
          startTime: 1700000000000000,
          duration: 250000,
          tags: [
            { key: "span.kind", type: "string", value: "server" },
            { key: "http.status_code", type: "int64", value: 202 },
          ],
          logs: [],
          processID: "p1",
          warnings: null,
        },
        {
          traceID: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d",
          spanID: "c3d4e5f60718293a",
          operationName: "build_instances",
          references: [{ refType: "FOLLOWS_FROM", traceID: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d", spanID: "a1b2c3d4e5f60718" }],
          startTime: 1700000000030000,
          duration: 180000,
          tags: [
            { key: "span.kind", type: "string", value: "consumer" },
            { key: "error", type: "bool", value: true },
          ],
          logs: [{ timestamp: 1700000000100000, fields: [{ key: "event", type: "string", value: "scheduled" }] }],
          processID: "p9",
          warnings: null,
        },
      ],
      processes: { p1: { serviceName: "nova-api", tags: [{ key: "hostname", type: "string", value: "ctl-1" }] } },
      warnings: null,
    },
  ],
  total: 0,
  limit: 0,
  offset: 0,
  errors: null,
});

test("Jaeger import: µs times kept exactly, processes resolved, unknown process → unknown-service", (t) => {
  const [tr] = importTraceText(jaegerExample, "jaeger.json");
  t.is(tr!.unit, "us");
  t.is(tr!.format, "jaeger");
  t.deepEqual(tr!.spans[0], {
    spanID: "a1b2c3d4e5f60718",
    parentSpanID: null,
    operationName: "POST /v2.1/servers",
    serviceName: "nova-api",
    startTime: 1700000000000000,
    duration: 250000,
    references: [],
    kind: "server",
    host: "ctl-1",
  });
  const consumer = tr!.trace.spans[1]!;
  t.is(consumer.service, "unknown-service");
  t.is(consumer.kind, "consumer");
  t.deepEqual(consumer.status, { code: "error" });
  t.is(consumer.parentSpanId, "a1b2c3d4e5f60718");
  t.deepEqual(consumer.logs, [{ timestamp: 1700000000100000000, attributes: { event: "scheduled" } }]);
  t.deepEqual(tr!.trace.spans[0]!.attributes, { "http.status_code": 202 });
});

test("Jaeger import accepts {data: trace}, an array of traces, a single trace and JSON Lines", (t) => {
  const one = JSON.parse(jaegerExample).data[0];
  for (const text of [JSON.stringify({ data: one }), JSON.stringify([one, one]), JSON.stringify(one), `${JSON.stringify(one)}\n${JSON.stringify(one)}\n`]) {
    const traces = importTraceText(text, "f.json");
    t.true(traces.length >= 1);
    t.is(traces[0]!.traceId, "5a1c0ffee0ddf00d5a1c0ffee0ddf00d");
  }
});

test("Jaeger round trip: export, import, and the span critical path is unchanged", (t) => {
  const [tr] = importTraceText(toJaegerJson([trace]), "rt.json");
  const direct = spanCriticalPath(cpSpansFromRecords(spans), "jaeger");
  const viaFile = spanCriticalPath(tr!.spans, "jaeger");
  t.deepEqual(viaFile.sections.map((s) => [s.spanID, s.start * 1000, s.end * 1000]), direct.sections.map((s) => [s.spanID, s.start, s.end]));
  for (const semantics of ["jaeger", "crisp"] as const) {
    t.deepEqual(
      Object.keys(spanCriticalPath(tr!.spans, semantics).exclusive),
      Object.keys(spanCriticalPath(cpSpansFromRecords(spans), semantics).exclusive),
    );
  }
});

/** The TraceFileError importing `text` throws (any other outcome fails the test). */
function error(text: string, file = "t.json"): TraceFileError {
  try {
    importTraceText(text, file);
  } catch (e) {
    if (e instanceof TraceFileError) return e;
    throw e;
  }
  throw new Error("expected a TraceFileError");
}

test("malformed JSON: the error names the file and the line and column", (t) => {
  t.is(error('{\n  "data": [\n    {"traceID": "x",}\n  ]\n}', "bad.json").message, 'bad.json: line 3, column 21: invalid JSON: unexpected "}"');
  t.is(error('{"data": [', "cut.json").message, "cut.json: line 1, column 11: invalid JSON: unexpected end of input");
  t.is(error("", "empty.json").message, "empty.json: line 1, column 1: the file is empty; expected JSON");
  t.is(error('{"a": tru}').where, "line 1, column 7");
});

test("JSON Lines: a bad line is reported with its own line number", (t) => {
  const one = JSON.stringify(JSON.parse(jaegerExample).data[0]);
  t.is(error(`${one}\n\n${one.slice(0, 20)}\n`, "x.jsonl").where, "line 3, column 21");
});

test("JSON Lines: a structurally wrong document is reported with its line and JSON path", (t) => {
  const one = JSON.parse(jaegerExample).data[0];
  const bad = { ...one, spans: [{ ...one.spans[0], startTime: -1 }] };
  t.is(error(`${JSON.stringify(one)}\n${JSON.stringify(bad)}\n`).where, "line 2: $.spans[0].startTime");
});

test("structurally wrong Jaeger files name the JSON path and what was expected", (t) => {
  const bad = JSON.parse(jaegerExample);
  bad.data[0].spans[1].startTime = "soon";
  t.is(error(JSON.stringify(bad)).message, "t.json: $.data[0].spans[1].startTime: Invalid input: expected number, received string");
  const noId = JSON.parse(jaegerExample);
  delete noId.data[0].traceID;
  t.regex(error(JSON.stringify(noId)).message, /^t\.json: \$\.data\[0\]\.traceID: /);
  const badRef = JSON.parse(jaegerExample);
  badRef.data[0].spans[1].references[0].refType = "PARENT";
  t.regex(error(JSON.stringify(badRef)).message, /\$\.data\[0\]\.spans\[1\]\.references\[0\]\.refType: .*CHILD_OF/);
  t.regex(error("42").message, /^t\.json: \$: expected a Jaeger UI trace file/);
});

test("structurally wrong OTLP files name the JSON path and what was expected", (t) => {
  const span = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", name: "x", kind: 2, startTimeUnixNano: "1", endTimeUnixNano: "2" };
  const wrap = (s: object): string => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [s] }] }] });
  t.notThrows(() => importTraceText(wrap(span), "ok.json"));
  t.is(error(wrap({ ...span, spanId: "xyz" })).message, "t.json: $.resourceSpans[0].scopeSpans[0].spans[0].spanId: expected a span id of 16 hex digits");
  t.is(error(wrap({ ...span, startTimeUnixNano: "-5" })).where, "$.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano");
  t.is(error(wrap({ ...span, kind: 9 })).where, "$.resourceSpans[0].scopeSpans[0].spans[0].kind");
});

test("OTLP import accepts enum names, uppercase hex ids and numeric times", (t) => {
  const s = { traceId: "4BF92F3577B34DA6A3CE929D0E0E4736", spanId: "00F067AA0BA902B7", name: "x", kind: "SPAN_KIND_CLIENT", startTimeUnixNano: 5, endTimeUnixNano: "9", status: { code: "STATUS_CODE_ERROR" } };
  const [tr] = importTraceText(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [s] }] }] }), "x.json");
  t.is(tr!.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
  t.like(tr!.trace.spans[0]!, { spanId: "00f067aa0ba902b7", kind: "client", start: 5, end: 9, service: "unknown_service", status: { code: "error" } });
});

test("the JSON error scanner survives very deep nesting and agrees with JSON.parse on validity", (t) => {
  const deep = "[".repeat(200_000) + "]".repeat(200_000);
  t.is(jsonErrorOffset(deep), -1);
  t.is(jsonErrorOffset("[".repeat(200_000)), 200_000);
  for (const s of ['{"a":[1,2,{"b":null}]}', '"\\u00e9"', "-0.5e+3", "[1,]", '{"a" 1}', "01", '"\\x"', "tru", "{}x"]) {
    let valid = true;
    try {
      JSON.parse(s);
    } catch {
      valid = false;
    }
    t.is(jsonErrorOffset(s) === -1, valid, s);
  }
});
