// OSProfiler's X-Trace-Info / X-Trace-HMAC, checked against the value computed with
// osprofiler's own signed_pack in the reference note (§4.2).
import { createHmac } from "node:crypto";
import test from "ava";
import { signedPack } from "../../../tracer/context/osprofiler.ts";
import { rig } from "../api/helpers.ts";

const BASE = "6f1ac5a2-3b2e-4c1d-9e8f-0a1b2c3d4e5f";
const INFO =
  "eyJiYXNlX2lkIjogIjZmMWFjNWEyLTNiMmUtNGMxZC05ZThmLTBhMWIyYzNkNGU1ZiIsICJwYXJlbnRfaWQiOiAiNmYxYWM1YTItM2IyZS00YzFkLTllOGYtMGExYjJjM2Q0ZTVmIn0=";
const HMAC = "b6f929fd80682ad1dd123db370292f3256b75f7a";

const hmacOf = (info: string, key: string) => createHmac("sha1", key).update(info).digest("hex");

/** What a Python client with `urlsafe_b64encode(json.dumps(data))` sends for arbitrary JSON text. */
function pack(json: string, key: string) {
  const info = Buffer.from(json).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
  return { "x-trace-info": info, "x-trace-hmac": hmacOf(info, key) };
}

test("signed_pack reproduces osprofiler's header pair exactly", (t) => {
  t.deepEqual(signedPack(BASE, BASE, "SECRET_KEY"), { info: INFO, hmac: HMAC });
  t.is(signedPack(BASE, BASE, undefined), undefined);
});

test("a valid pair starts a forced trace; ids map like the OTLP driver's", (t) => {
  const r = rig({ hmacKeys: ["SECRET_KEY"] });
  const ctx = r.tracer.extract({ "X-Trace-Info": INFO, "X-Trace-HMAC": HMAC }, "osprofiler")!;
  t.like(ctx, { traceId: "6f1ac5a23b2e4c1d9e8f0a1b2c3d4e5f", spanId: "9e8f0a1b2c3d4e5f", sampled: true, debug: true, remote: true });
  t.deepEqual(r.tracer.propagation.osprofiler, {});
});

test("key rotation: any configured key verifies, the first one signs", (t) => {
  const r = rig({ hmacKeys: ["NEW_KEY", "SECRET_KEY"] });
  t.truthy(r.tracer.extract({ "x-trace-info": INFO, "x-trace-hmac": HMAC }, "osprofiler"));
  const s = r.tracer.startSpan("s");
  const out: Record<string, string> = {};
  r.tracer.inject(s, out, "osprofiler");
  t.is(out["x-trace-hmac"], hmacOf(out["x-trace-info"]!, "NEW_KEY"));
  const json = Buffer.from(out["x-trace-info"]!, "base64").toString();
  t.is(json, `{"base_id": "${s.traceId.slice(0, 8)}-${s.traceId.slice(8, 12)}-${s.traceId.slice(12, 16)}-${s.traceId.slice(16, 20)}-${s.traceId.slice(20)}", "parent_id": "00000000-0000-0000-${s.spanId.slice(0, 4)}-${s.spanId.slice(4)}"}`);
  const back = r.tracer.extract(out, "osprofiler")!;
  t.is(back.traceId, s.traceId);
  t.is(back.spanId, s.spanId);
  const keyless = rig();
  const none: Record<string, string> = {};
  keyless.tracer.inject(s, none, "osprofiler");
  t.deepEqual(none, {});
});

test("a wrong or missing HMAC means not traced, counted, never thrown", (t) => {
  const r = rig({ hmacKeys: ["SECRET_KEY"] });
  const x = (h: Record<string, string>) => r.tracer.extract(h, "osprofiler");
  t.is(x({ "x-trace-info": INFO }), undefined);
  t.is(x({ "x-trace-info": INFO, "x-trace-hmac": "" }), undefined);
  t.is(x({ "x-trace-info": INFO, "x-trace-hmac": HMAC.replace("b6", "b7") }), undefined);
  t.is(x({ "x-trace-info": INFO, "x-trace-hmac": HMAC.toUpperCase() }), undefined);
  t.is(x({ "x-trace-info": INFO, "x-trace-hmac": HMAC.slice(1) }), undefined);
  t.is(x({ "x-trace-info": INFO + "x", "x-trace-hmac": HMAC }), undefined);
  t.is(x({ "x-trace-info": "A".repeat(5000), "x-trace-hmac": HMAC }), undefined);
  t.deepEqual(r.tracer.propagation.osprofiler, { "missing-hmac": 2, "bad-hmac": 4, "too-large": 1 });
  const nokeys = rig();
  t.is(nokeys.tracer.extract({ "x-trace-info": INFO, "x-trace-hmac": HMAC }, "osprofiler"), undefined);
  t.deepEqual(nokeys.tracer.propagation.osprofiler, { "no-keys": 1 });
});

test("a correctly signed but malformed payload is rejected by reason", (t) => {
  const r = rig({ hmacKeys: ["k"] });
  const cases: [string, string][] = [
    [`{"base_id": "${BASE}", "parent_id": "${BASE}", "hmac_key": "k"}`, "unexpected-key"],
    [`{"parent_id": "${BASE}"}`, "bad-base-id"],
    [`{"base_id": "not-a-uuid"}`, "bad-base-id"],
    [`{"base_id": "${BASE}", "parent_id": 7}`, "bad-parent-id"],
    [`["${BASE}"]`, "bad-json"],
    [`{"base_id": `, "bad-json"],
    [`{"base_id": "00000000-0000-0000-0000-000000000000"}`, "zero-id"],
  ];
  for (const [json] of cases) t.is(r.tracer.extract(pack(json, "k"), "osprofiler"), undefined, json);
  const expected: Record<string, number> = {};
  for (const [, reason] of cases) expected[reason] = (expected[reason] ?? 0) + 1;
  t.deepEqual(r.tracer.propagation.osprofiler, expected);
  // parent_id is optional: the trace then hangs off base_id itself, as profiler.init does.
  const baseOnly = r.tracer.extract(pack(`{"base_id": "${BASE}"}`, "k"), "osprofiler")!;
  t.is(baseOnly.spanId, "9e8f0a1b2c3d4e5f");
  const badB64 = { "x-trace-info": "!!!!", "x-trace-hmac": hmacOf("!!!!", "k") };
  t.is(r.tracer.extract(badB64, "osprofiler"), undefined);
  t.is(r.tracer.propagation.osprofiler["bad-base64"], 1);
});
