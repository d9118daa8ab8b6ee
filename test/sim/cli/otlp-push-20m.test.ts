// A twenty-minute run's traces pushed to a local OTLP/HTTP receiver (node:http on 127.0.0.1):
// several requests, each body under 4 MiB before compression, each gzip that gunzips to an
// OTLP/JSON request, and together exactly the spans of the run's own OTLP file.
// The receiver shares this process with the run, and the machine may be busy with other tests:
// the push's socket timeout is set to the longest Node allows (24.8 days) so that no answer
// delayed by load can fail the test; only the pushed bytes are asserted.
import test from "ava";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { MAX_BATCH_BYTES, MAX_TIMEOUT_MS } from "../../../tracer/export/otlp-push.ts";
import { tracebedInProcess } from "./helpers.ts";

const SCENARIO = fileURLToPath(new URL("./fixtures/steady-20m.yaml", import.meta.url));

type Request = { resourceSpans: { resource: unknown; scopeSpans: { spans: { traceId: string; spanId: string }[] }[] }[] };
const spanIds = (r: Request): string[] => r.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans.map((x) => `${x.traceId}/${x.spanId}`)));

// The test file runs in its own process: the push reads its timeout from the environment.
process.env["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"] = String(MAX_TIMEOUT_MS);

test("a 20-minute run pushes to an OTLP/HTTP receiver in gzipped batches under 4 MiB that hold exactly its spans", async (t) => {
  const bodies: { encoding: string; type: string; bytes: number; request: Request }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = gunzipSync(Buffer.concat(chunks));
      bodies.push({ encoding: req.headers["content-encoding"] ?? "", type: req.headers["content-type"] ?? "", bytes: raw.length, request: JSON.parse(raw.toString("utf8")) as Request });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const out = mkdtempSync(join(tmpdir(), "tracebed-push-"));
  try {
    const r = await tracebedInProcess(["run", SCENARIO, "--out", out, "--traces", "otlp", "--otlp-endpoint", `http://127.0.0.1:${port}`]);
    t.is(r.code, 0, r.stderr);
    t.true(bodies.length > 1, `${bodies.length} request(s)`);
    for (const b of bodies) {
      t.is(b.encoding, "gzip");
      t.is(b.type, "application/json");
      t.true(b.bytes < MAX_BATCH_BYTES, `a body of ${b.bytes} bytes`);
    }
    const pushed = bodies.flatMap((b) => spanIds(b.request));
    const file = spanIds(JSON.parse(readFileSync(join(out, "traces.otlp.json"), "utf8")) as Request);
    t.is(pushed.length, file.length);
    t.deepEqual([...pushed].sort(), [...file].sort());
    t.regex(r.stderr, new RegExp(`pushed \\d+ traces \\(${file.length} spans\\) to http://127\\.0\\.0\\.1:${port}/v1/traces in ${bodies.length} request\\(s\\)`));
    t.log(`${bodies.length} requests, ${file.length} spans, largest body ${Math.max(...bodies.map((b) => b.bytes))} bytes`);
  } finally {
    server.close();
  }
});
