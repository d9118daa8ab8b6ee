// `tracebed run --otlp-endpoint`: the kept traces are pushed as OTLP/HTTP JSON to a collector,
// here a local receiver on 127.0.0.1; a bad URL is a user error before anything runs.
import test from "ava";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { MAX_TIMEOUT_MS } from "../../../tracer/export/otlp-push.ts";
import { tracebedInProcess } from "./helpers.ts";

// The receiver shares this process with the run: a socket timeout must not fail a push whose
// answer the machine's load delays (this file runs in its own process).
process.env["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"] = String(MAX_TIMEOUT_MS);

const SHORT = fileURLToPath(new URL("../run/fixtures/short.yaml", import.meta.url));

interface Received {
  readonly method: string;
  readonly url: string;
  readonly type: string;
  readonly encoding: string;
  readonly auth: string;
  readonly body: string;
}

test("run --otlp-endpoint posts the kept traces to /v1/traces as OTLP/JSON", async (t) => {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const encoding = req.headers["content-encoding"] ?? "";
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        type: req.headers["content-type"] ?? "",
        encoding,
        auth: req.headers["authorization"] ?? "",
        body: (encoding === "gzip" ? gunzipSync(raw) : raw).toString("utf8"),
      });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const r = await tracebedInProcess(["run", SHORT, "--otlp-endpoint", `http://127.0.0.1:${port}`, "--otlp-headers", "Authorization=Bearer%20t0ken"]);
    t.is(r.code, 0, r.stderr);
    t.is(received.length, 1);
    const got = received[0]!;
    t.is(got.method, "POST");
    t.is(got.url, "/v1/traces");
    t.is(got.type, "application/json");
    t.is(got.encoding, "gzip");
    t.is(got.auth, "Bearer t0ken");
    const body = JSON.parse(got.body) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
    const spans = body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    t.true(spans.length > 0);
    t.regex(spans[0]!.traceId, /^[0-9a-f]{32}$/);
    t.regex(r.stderr, /pushed \d+ traces \(\d+ spans\) to http:\/\/127\.0\.0\.1:\d+\/v1\/traces in 1 request\(s\)/);
  } finally {
    server.close();
  }
});

test("run --otlp-endpoint with a bad URL is a user error (exit 2) and nothing runs", async (t) => {
  const r = await tracebedInProcess(["run", SHORT, "--otlp-endpoint", "localhost:4318"]);
  t.is(r.code, 2);
  t.regex(r.stderr, /--otlp-endpoint: .*(not a URL|unsupported protocol)/);
  t.is(r.stdout, "");
});

test("run --otlp-endpoint reports a refused connection with exit 1 after writing the summary", async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const r = await tracebedInProcess(["run", SHORT, "--otlp-endpoint", `http://127.0.0.1:${port}`]);
  t.is(r.code, 1);
  t.regex(r.stderr, /the OTLP push failed: OTLP push to http:\/\/127\.0\.0\.1:\d+\/v1\/traces failed/);
  t.not(r.stdout, "");
});
