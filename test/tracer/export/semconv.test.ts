// OpenTelemetry semantic-convention attributes, as the model's trace points set them, leave in
// every export with their types: OTLP ints as intValue, strings as stringValue; Jaeger tags typed
// int64 / string; a server span's kind and an error status in the places backends read them; and
// they come back unchanged from a round trip through either file.
import test from "ava";
import { importTraceText } from "../../../tracer/export/import.ts";
import { exportJaeger, toJaegerJson } from "../../../tracer/export/jaeger.ts";
import { exportOtlp, toOtlpJson } from "../../../tracer/export/otlp.ts";
import type { SpanRecord, Trace } from "../../../tracer/model/types.ts";

const attributes = {
  "http.request.method": "POST",
  "http.route": "/v2.1/servers",
  "http.response.status_code": 503,
  "server.address": "controller-1",
  "server.port": 8774,
  "db.system": "mysql",
  "messaging.system": "rabbitmq",
  "peer.service": "nova-conductor",
};
const span: SpanRecord = {
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  links: [],
  kind: "server",
  name: "POST /v2.1/servers",
  service: "nova-api",
  host: "controller-1",
  start: 1_000,
  end: 9_000_000,
  attributes,
  status: { code: "error", message: "503 Service Unavailable" },
  logs: [],
};
const trace: Trace = { traceId: span.traceId, events: [], spans: [span] };

test("OTLP: semantic-convention attributes keep their types; kind and status in their fields", (t) => {
  const out = exportOtlp([trace]).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
  t.deepEqual(Object.fromEntries(out.attributes.map((a) => [a.key, a.value])), {
    "http.request.method": { stringValue: "POST" },
    "http.route": { stringValue: "/v2.1/servers" },
    "http.response.status_code": { intValue: "503" },
    "server.address": { stringValue: "controller-1" },
    "server.port": { intValue: "8774" },
    "db.system": { stringValue: "mysql" },
    "messaging.system": { stringValue: "rabbitmq" },
    "peer.service": { stringValue: "nova-conductor" },
  });
  t.is(out.kind, 2);
  t.deepEqual(out.status, { code: 2, message: "503 Service Unavailable" });
});

test("Jaeger: the same attributes as typed tags, with span.kind, error and the OTel status tags", (t) => {
  const tags = exportJaeger([trace]).data[0]!.spans[0]!.tags;
  const byKey = Object.fromEntries(tags.map((g) => [g.key, [g.type, g.value]]));
  t.deepEqual(byKey["http.response.status_code"], ["int64", 503]);
  t.deepEqual(byKey["server.port"], ["int64", 8774]);
  t.deepEqual(byKey["db.system"], ["string", "mysql"]);
  t.deepEqual(byKey["span.kind"], ["string", "server"]);
  t.deepEqual(byKey["error"], ["bool", true]);
  t.deepEqual(byKey["otel.status_code"], ["string", "ERROR"]);
  t.deepEqual(byKey["otel.status_description"], ["string", "503 Service Unavailable"]);
});

test("both files read back with the attributes, kind and status as they were", (t) => {
  for (const [text, name] of [[toOtlpJson([trace]), "t.otlp.json"], [toJaegerJson([trace]), "t.jaeger.json"]] as const) {
    const back = importTraceText(text, name)[0]!.trace.spans[0]!;
    t.like(back.attributes, attributes, name);
    t.is(back.kind, "server", name);
    t.is(back.status.code, "error", name);
  }
});
