// OTLP/HTTP JSON push against a local receiver (node:http on 127.0.0.1, port 0).
import test from "ava";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_TIMEOUT_MS, otlpBatches, otlpPushConfig, otlpTracesUrl, pushOtlp as push } from "../../../tracer/export/otlp-push.ts";
import { exportOtlp } from "../../../tracer/export/otlp.ts";
import { OtlpPushError } from "../../../tracer/export/errors.ts";
import { importTraceText } from "../../../tracer/export/import.ts";
import { spans, trace } from "./fixture.ts";

/** A push whose socket timeout load cannot reach (the receiver shares this busy process). */
const pushOtlp = (endpoint: string, payload: Parameters<typeof push>[1]) => push(endpoint, payload, { timeoutMs: MAX_TIMEOUT_MS });

interface Received {
  method: string;
  url: string;
  contentType: string;
  body: string;
}

async function withReceiver(
  status: number,
  run: (endpoint: string, received: Received[]) => Promise<void>,
): Promise<void> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        contentType: req.headers["content-type"] ?? "",
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status === 200 ? "{}" : '{"message":"bad request"}');
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  try {
    await run(`http://127.0.0.1:${port}`, received);
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
}

test("pushes the OTLP/JSON request with POST /v1/traces and application/json", async (t) => {
  await withReceiver(200, async (endpoint, received) => {
    const result = await pushOtlp(endpoint, exportOtlp([trace]));
    t.deepEqual(result, { status: 200, body: "{}" });
    t.is(received.length, 1);
    t.is(received[0]!.method, "POST");
    t.is(received[0]!.url, "/v1/traces");
    t.is(received[0]!.contentType, "application/json");
    const [back] = importTraceText(received[0]!.body, "received.json");
    t.is(back!.trace.spans.length, trace.spans.length);
  });
});

test("a non-2xx answer rejects with an OtlpPushError carrying the status and body", async (t) => {
  await withReceiver(400, async (endpoint) => {
    const error = await t.throwsAsync(pushOtlp(`${endpoint}/custom/path`, "{}"), { instanceOf: OtlpPushError });
    t.is(error?.status, 400);
    t.regex(error?.message ?? "", /\/custom\/path failed: HTTP 400: \{"message":"bad request"\}/);
  });
});

test("an unreachable endpoint rejects with an OtlpPushError", async (t) => {
  let port = 0;
  await withReceiver(200, async (endpoint) => {
    port = Number(new URL(endpoint).port);
  });
  const error = await t.throwsAsync(pushOtlp(`http://127.0.0.1:${port}`, "{}"), { instanceOf: OtlpPushError });
  t.regex(error?.message ?? "", /^OTLP push to http:\/\/127\.0\.0\.1:\d+\/v1\/traces failed: /);
});

test("endpoint URLs: a bare host gets /v1/traces, a bad URL or protocol is refused", (t) => {
  t.is(otlpTracesUrl("http://collector:4318").href, "http://collector:4318/v1/traces");
  t.is(otlpTracesUrl("https://tempo.example/otlp/v1/traces").href, "https://tempo.example/otlp/v1/traces");
  t.throws(() => otlpTracesUrl("collector:4318 x"), { instanceOf: OtlpPushError });
  t.throws(() => otlpTracesUrl("ftp://collector"), { message: /unsupported protocol ftp:/ });
});

test("configuration: explicit values, then OTEL_EXPORTER_OTLP_TRACES_*, then OTEL_EXPORTER_OTLP_*; a general endpoint gets v1/traces appended", (t) => {
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/otlp",
    OTEL_EXPORTER_OTLP_HEADERS: "api-key=general, x-team=a%20b",
    OTEL_EXPORTER_OTLP_COMPRESSION: "none",
    OTEL_EXPORTER_OTLP_TIMEOUT: "2500",
  };
  const general = otlpPushConfig({}, env);
  t.is(general.url.href, "http://collector:4318/otlp/v1/traces");
  t.deepEqual(general.headers, { "api-key": "general", "x-team": "a b" });
  t.is(general.compression, "none");
  t.is(general.timeoutMs, 2500);
  const specific = otlpPushConfig({}, {
    ...env,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://tempo:4318/custom",
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: "api-key=traces",
    OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: "gzip",
    OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: "700",
  });
  t.is(specific.url.href, "https://tempo:4318/custom", "a traces endpoint is used as it is");
  t.deepEqual(specific.headers, { "api-key": "traces", "x-team": "a b" });
  t.is(specific.compression, "gzip");
  t.is(specific.timeoutMs, 700);
  const explicit = otlpPushConfig({ endpoint: "http://127.0.0.1:9999", headers: "api-key=flag", compression: "none" }, env);
  t.is(explicit.url.href, "http://127.0.0.1:9999/v1/traces");
  t.is(explicit.headers["api-key"], "flag");
  const none = otlpPushConfig({}, {});
  t.is(none.url.href, "http://localhost:4318/v1/traces");
  t.is(none.compression, "gzip");
  t.is(none.timeoutMs, 10_000);
  t.throws(() => otlpPushConfig({}, { OTEL_EXPORTER_OTLP_COMPRESSION: "zstd" }), { message: /compression must be "gzip" or "none", got "zstd"/ });
  t.throws(() => otlpPushConfig({}, { OTEL_EXPORTER_OTLP_HEADERS: "novalue" }), { message: /OTEL_EXPORTER_OTLP_HEADERS failed: expected headers as key=value/ });
  // Node fires a timer past 2^31 − 1 ms after 1 ms: such a timeout would fail every push.
  t.is(otlpPushConfig({}, { OTEL_EXPORTER_OTLP_TIMEOUT: "2147483647" }).timeoutMs, 2 ** 31 - 1);
  t.throws(() => otlpPushConfig({}, { OTEL_EXPORTER_OTLP_TIMEOUT: "2147483648" }), { message: /the timeout must be a positive number of ms up to 2147483647, got "2147483648"/ });
});

test("batches: every body within the limit, every span exactly once, a trace too big for one body split by spans", (t) => {
  const many = Array.from({ length: 40 }, (_, i) => ({ ...trace, traceId: i.toString(16).padStart(32, "0"), spans: spans.map((s) => ({ ...s, traceId: i.toString(16).padStart(32, "0") })) }));
  const whole = Buffer.byteLength(JSON.stringify({ resourceSpans: many.flatMap((tr) => exportOtlp([tr]).resourceSpans) }));
  for (const limit of [900, 3000, 8000, 64_000]) {
    const batches = otlpBatches(many, { epoch: "2026-01-01T00:00:00Z" }, limit);
    t.true(batches.length > 1, `${limit}: ${batches.length} batches`);
    const ids: string[] = [];
    for (const b of batches) {
      t.true(Buffer.byteLength(b.body) <= limit, `a ${Buffer.byteLength(b.body)}-byte body for a limit of ${limit}`);
      const request = JSON.parse(b.body) as { resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string }[] }[] }[] };
      const got = request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => `${x.traceId}/${x.spanId}`)));
      t.is(got.length, b.spans);
      ids.push(...got);
    }
    t.is(ids.length, 40 * spans.length);
    t.is(new Set(ids).size, ids.length);
  }
  t.is(otlpBatches(many, {}, whole + 100).length, 1, "everything in one body when it fits");
  t.throws(() => otlpBatches([trace], {}, 200), { message: /one span is larger than the 200-byte batch limit/ });
});
