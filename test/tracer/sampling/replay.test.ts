// Replay protection for OSProfiler triggers (beyond OSProfiler, off by default): a nonce and an
// expiry inside the signed payload, and a bounded cache of accepted nonces per receiver.
import test from "ava";
import fc from "fast-check";
import { signedPack } from "../../../tracer/context/osprofiler.ts";
import type { SamplingParams } from "../../../tracer/model/sampler.ts";
import { createSampler, onDemand, parentBased, ReplayCache, SamplingConfigError } from "../../../tracer/sampling/index.ts";
import { createTracer } from "../../../tracer/index.ts";
import type { Tracer } from "../../../tracer/index.ts";
import { stream } from "../collect/helpers.ts";

const BASE = "5a1c0ffe-e0dd-f00d-5a1c-0ffee0ddf00d";
const PARENT = "a1b2c3d4-e5f6-0718-a1b2-c3d4e5f60718";
const KEY = "SECRET_KEY";
const S = 1e9;

const params = (headers: Record<string, string>): SamplingParams => ({ traceId: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d", name: "GET /", kind: "server", attributes: {}, headers });

function trigger(fresh?: { nonce: string; expires: number }): Record<string, string> {
  const p = signedPack(BASE, PARENT, KEY, fresh)!;
  return { "x-trace-info": p.info, "x-trace-hmac": p.hmac };
}

const payload = (headers: Record<string, string>): unknown => JSON.parse(Buffer.from(headers["x-trace-info"]!, "base64").toString("utf8"));

test("off by default, as OSProfiler: a captured trigger is accepted every time it is replayed", (t) => {
  const s = onDemand({ hmacKeys: [KEY] });
  const captured = trigger();
  let traced = 0;
  for (let i = 0; i < 1000; i++) if (s.shouldSample(params(captured)).decision) traced++;
  t.is(traced, 1000);
  t.false(s.replayProtection);
  // A trigger with a nonce is refused like any extra key, as upstream's web.py does.
  t.false(s.shouldSample(params(trigger({ nonce: "00".repeat(16), expires: 5 * S }))).decision);
  t.is(s.stats.malformed, 1);
});

test("on: the first use of a trigger is traced, each of 1000 replays refused", (t) => {
  let now = 0;
  const s = onDemand({ hmacKeys: [KEY], replay: { clock: { now: () => now }, ttlNs: 60 * S } });
  const captured = trigger({ nonce: "ab".repeat(16), expires: 60 * S });
  t.true(s.shouldSample(params(captured)).decision);
  let traced = 0;
  for (let i = 0; i < 1000; i++) {
    now += 1e6;
    if (s.shouldSample(params(captured)).decision) traced++;
  }
  t.is(traced, 0);
  t.like(s.stats, { traced: 1, replayed: 1000 });
  t.true(s.replayProtection);
});

test("on: an expired trigger, one expiring implausibly far ahead, and one without a nonce are refused by reason", (t) => {
  let now = 100 * S;
  const s = onDemand({ hmacKeys: [KEY], replay: { clock: { now: () => now }, ttlNs: 10 * S } });
  t.false(s.shouldSample(params(trigger({ nonce: "01".repeat(16), expires: 99 * S }))).decision, "expired a second ago");
  t.false(s.shouldSample(params(trigger({ nonce: "02".repeat(16), expires: 121 * S }))).decision, "more than twice the ttl ahead");
  t.true(s.shouldSample(params(trigger({ nonce: "03".repeat(16), expires: 120 * S }))).decision, "a signer's clock up to one ttl ahead");
  t.false(s.shouldSample(params(trigger())).decision, "OSProfiler's own payload");
  t.false(s.shouldSample(params(trigger({ nonce: "not hex", expires: 105 * S }))).decision);
  t.like(s.stats, { traced: 1, expired: 2, "missing-nonce": 1, malformed: 1 });
  now = 200 * S;
  t.false(s.shouldSample(params(trigger({ nonce: "03".repeat(16), expires: 120 * S }))).decision, "a replay after expiry is refused as expired");
  t.is(s.stats.expired, 3);
});

test("on: a full cache of live nonces refuses new triggers (fail closed) until the earliest expires", (t) => {
  let now = 0;
  const s = onDemand({ hmacKeys: [KEY], replay: { clock: { now: () => now }, ttlNs: 10 * S, cacheSize: 2 } });
  const fresh = (n: number, expires: number) => trigger({ nonce: n.toString(16).padStart(32, "0"), expires });
  t.true(s.shouldSample(params(fresh(1, 5 * S))).decision);
  t.true(s.shouldSample(params(fresh(2, 8 * S))).decision);
  t.false(s.shouldSample(params(fresh(3, 9 * S))).decision);
  t.is(s.stats["replay-cache-full"], 1);
  now = 6 * S;
  t.true(s.shouldSample(params(fresh(4, 12 * S))).decision, "the first nonce expired and was swept");
  t.false(s.shouldSample(params(fresh(2, 8 * S))).decision, "the second is still remembered");
  t.is(s.stats.replayed, 1);
});

function tracers(ttl: number | undefined): { client: Tracer; server: Tracer; now: { t: number } } {
  const now = { t: 0 };
  const clock = { now: () => now.t };
  const make = (service: string) =>
    createTracer({
      service,
      host: service,
      clock,
      random: stream("replay", service),
      sampler: createSampler({ type: "on-demand", hmacKeys: [KEY], ...(ttl === undefined ? {} : { replayProtection: { ttl } }) }, { clock }),
      sink: { emit: () => {} },
      formats: ["osprofiler"],
      hmacKeys: [KEY],
      ...(ttl === undefined ? {} : { triggerTtlNs: ttl }),
    });
  return { client: make("client"), server: make("nova-api"), now };
}

function serve(server: Tracer, headers: Record<string, string>): boolean {
  const span = server.startSpan("GET /servers", { parent: server.extract(headers), kind: "server", headers });
  span.end();
  return span.context().sampled;
}

test("in tracers: each injection signs a fresh nonce (a retry is no replay), a captured header is traced once", (t) => {
  const { client, server, now } = tracers(60 * S);
  const root = client.startSpan("openstack server list", { parent: client.extract(trigger({ nonce: "cd".repeat(16), expires: 60 * S }), "osprofiler"), kind: "client", headers: trigger({ nonce: "cd".repeat(16), expires: 60 * S }) });
  t.true(root.context().sampled);
  const first: Record<string, string> = {};
  const retry: Record<string, string> = {};
  client.inject(root, first);
  client.inject(root, retry);
  t.like(payload(first), { expires: 60 * S });
  t.regex((payload(first) as { nonce: string }).nonce, /^[0-9a-f]{32}$/);
  t.not((payload(first) as { nonce: string }).nonce, (payload(retry) as { nonce: string }).nonce);
  now.t = 1e6;
  t.true(serve(server, first));
  t.true(serve(server, retry));
  t.false(serve(server, first), "the captured first request, replayed");
  root.end();
});

test("wire compatibility: without replay protection tracers sign exactly OSProfiler's payload", (t) => {
  const { client } = tracers(undefined);
  const root = client.startSpan("x", { parent: client.extract(trigger(), "osprofiler"), headers: trigger() });
  const out: Record<string, string> = {};
  client.inject(root, out);
  t.deepEqual(Object.keys(payload(out) as object), ["base_id", "parent_id"]);
});

test("the library refuses an on-demand sampler that would follow its caller", (t) => {
  const clock = { now: () => 0 };
  t.throws(() => parentBased({ root: onDemand({ hmacKeys: [KEY] }) }), { instanceOf: SamplingConfigError, message: /parentBased\.root" must be a sampler other than on-demand/ });
  t.throws(() => createSampler({ type: "parent-based", root: { type: "on-demand", hmacKeys: [KEY] } }, { clock }), { message: /sampler\.root\.type" must be a sampler other than on-demand/ });
  t.throws(() => createSampler({ type: "on-demand", hmacKeys: [KEY], followParent: true }, { clock }), { message: /sampler\.followParent" must be false or absent/ });
  // And a remote sampled parent without a trigger is not traced.
  const s = onDemand({ hmacKeys: [KEY], replay: { clock } });
  const parent = { traceId: "5a1c0ffee0ddf00d5a1c0ffee0ddf00d", spanId: "a1b2c3d4e5f60718", sampled: true, debug: false, random: false, remote: true, baggage: new Map(), traceState: [] };
  t.false(s.shouldSample({ ...params({ traceparent: "00-5a1c0ffee0ddf00d5a1c0ffee0ddf00d-a1b2c3d4e5f60718-01" }), parent }).decision);
});

test("the replay cache never admits a live nonce twice and never holds more than its capacity", (t) => {
  const result = fc.check(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.array(fc.record({ nonce: fc.integer({ min: 0, max: 12 }), ttl: fc.integer({ min: 1, max: 50 }), step: fc.integer({ min: 0, max: 10 }) }), { maxLength: 200 }),
      (capacity, ops) => {
        const cache = new ReplayCache(capacity);
        const live = new Map<string, number>();
        let now = 0;
        for (const op of ops) {
          now += op.step;
          const nonce = String(op.nonce);
          const expires = now + op.ttl;
          const known = live.get(nonce);
          const result = cache.admit(nonce, expires, now);
          if (known !== undefined && known >= now && result !== "replayed") return false;
          if (result === "fresh") live.set(nonce, expires);
          if (cache.size > capacity) return false;
        }
        return true;
      },
    ),
    { seed: 19, numRuns: 300 },
  );
  t.false(result.failed, fc.defaultReportMessage(result) ?? "");
  t.is(result.numRuns, 300);
});
