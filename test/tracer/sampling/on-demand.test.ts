import test from "ava";
import { signedPack, signHmac } from "../../../tracer/context/osprofiler.ts";
import type { SamplingParams } from "../../../tracer/model/sampler.ts";
import { onDemand } from "../../../tracer/sampling/index.ts";
import { createTracer } from "../../../tracer/index.ts";
import { stream } from "../collect/helpers.ts";

const BASE = "5a1c0ffe-e0dd-f00d-5a1c-0ffee0ddf00d";
const PARENT = "a1b2c3d4-e5f6-0718-a1b2-c3d4e5f60718";
const params = (headers?: Record<string, string>): SamplingParams => ({ traceId: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d", name: "GET /", kind: "server", attributes: {}, headers });

function trigger(key: string): Record<string, string> {
  const packed = signedPack(BASE, PARENT, key)!;
  return { "X-Trace-Info": packed.info, "X-Trace-HMAC": packed.hmac };
}

test("valid trigger traced; wrong key, tampered payload, retired key, missing HMAC, no header: not traced, counted", (t) => {
  const s = onDemand({ hmacKeys: ["new-key", "SECRET_KEY"], retiredKeys: ["old-key"] });
  t.true(s.shouldSample(params(trigger("SECRET_KEY"))).decision, "any accepted key (rotation)");
  t.true(s.shouldSample(params(trigger("new-key"))).decision);
  t.false(s.shouldSample(params(trigger("attacker-key"))).decision);
  const tampered = trigger("SECRET_KEY");
  const other = signedPack("00000000-0000-4000-8000-000000000001", PARENT, "x")!;
  t.false(s.shouldSample(params({ ...tampered, "X-Trace-Info": other.info })).decision);
  t.false(s.shouldSample(params(trigger("old-key"))).decision, "replayed header signed with a retired key");
  t.false(s.shouldSample(params({ "X-Trace-Info": tampered["X-Trace-Info"]! })).decision);
  t.false(s.shouldSample(params({})).decision);
  t.false(s.shouldSample(params(undefined)).decision);
  // A correctly signed payload that is not OSProfiler's JSON.
  const junk = Buffer.from('{"base_id": 7}').toString("base64");
  t.false(s.shouldSample(params({ "x-trace-info": junk, "x-trace-hmac": signHmac(junk, "SECRET_KEY") })).decision);
  t.deepEqual(s.stats, { traced: 2, "no-header": 2, "missing-hmac": 1, "bad-hmac": 2, "retired-key": 1, malformed: 1, "missing-nonce": 0, expired: 0, replayed: 0, "replay-cache-full": 0 });
});

test("an unauthenticated sampled flag from outside does not start a trace", (t) => {
  const s = onDemand({ hmacKeys: ["k"] });
  const forced = { ...params({ traceparent: "00-5a1c0ffee0ddf00d5a1c0ffee0ddf00d-a1b2c3d4e5f60718-01" }) };
  const parent = { traceId: forced.traceId, spanId: "a1b2c3d4e5f60718", sampled: true, debug: true, random: false, remote: true, baggage: new Map(), traceState: [] };
  t.false(s.shouldSample({ ...forced, parent }).decision);
  t.is(s.stats["no-header"], 1);
});

test("in a tracer: the triggered request is traced end to end, child spans follow without re-verifying", (t) => {
  const records: string[] = [];
  const sampler = onDemand({ hmacKeys: ["SECRET_KEY"] });
  const tracer = createTracer({
    service: "nova-api",
    host: "ctl",
    clock: { now: () => 0 },
    random: stream("on-demand", "ids"),
    sampler,
    sink: { emit: (r) => records.push(r.type === "event" ? `${r.event.kind}:${r.event.name}` : "span") },
    formats: ["osprofiler"],
    hmacKeys: ["SECRET_KEY"],
  });
  for (const headers of [trigger("SECRET_KEY"), trigger("nope"), {}]) {
    const parent = tracer.extract(headers);
    const server = tracer.startSpan("POST /servers", { parent, kind: "server", headers });
    tracer.startSpan("db.query", { parent: server, kind: "client" }).end();
    server.end();
  }
  t.deepEqual(records, ["start:POST /servers", "start:db.query", "end:db.query", "end:POST /servers"]);
  t.is(sampler.stats.traced, 1);
  t.is(sampler.stats["bad-hmac"], 1);
  t.is(sampler.stats["no-header"], 1);
});
