// OTLP/HTTP JSON push against a local receiver (node:http on 127.0.0.1, port 0).
import test from "ava";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { otlpTracesUrl, pushOtlp } from "../../../tracer/export/otlp-push.ts";
import { exportOtlp } from "../../../tracer/export/otlp.ts";
import { OtlpPushError } from "../../../tracer/export/errors.ts";
import { importTraceText } from "../../../tracer/export/import.ts";
import { trace } from "./fixture.ts";

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
