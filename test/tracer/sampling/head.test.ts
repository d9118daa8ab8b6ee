import test from "ava";
import { createTracer } from "../../../tracer/index.ts";
import type { Sampler, SamplingParams } from "../../../tracer/model/sampler.ts";
import type { SpanContext } from "../../../tracer/model/context.ts";
import type { TraceRecord } from "../../../tracer/model/types.ts";
import {
  GuaranteedThroughput,
  constSampler,
  createSampler,
  parentBased,
  perOperation,
  probabilistic,
  rateLimiting,
  samplerFactory,
  SamplingConfigError,
} from "../../../tracer/sampling/index.ts";
import { randomTraceIds, stream } from "../collect/helpers.ts";

const root = (traceId: string, name = "op"): SamplingParams => ({ traceId, name, kind: "server", attributes: {} });

class FakeClock {
  t = 0;
  now(): number {
    return this.t;
  }
}

test("const samplers: always and never", (t) => {
  const ids = randomTraceIds("const", 100);
  t.true(ids.every((id) => constSampler(true).shouldSample(root(id)).decision));
  t.true(ids.every((id) => !constSampler(false).shouldSample(root(id)).decision));
});

test("probabilistic by trace id converges to its rate (fixed seed)", (t) => {
  for (const rate of [0.001, 0.1, 0.5]) {
    const s = probabilistic({ rate });
    const N = 40_000;
    const kept = randomTraceIds(`prob-${rate}`, N).filter((id) => s.shouldSample(root(id)).decision).length;
    const sd = Math.sqrt(N * rate * (1 - rate));
    t.true(Math.abs(kept - N * rate) < 4 * sd + 1, `rate ${rate}: kept ${kept} of ${N}`);
  }
  t.deepEqual(probabilistic({ rate: 0.25 }).shouldSample(root("0".repeat(31) + "1")).attributes, { "sampler.type": "probabilistic", "sampler.param": 0.25 });
});

/** Three services A → B → C, each with its own tracer and sampler; returns the records per trace. */
function runChain(samplers: readonly Sampler[], traces: number, seed: string): Map<string, Set<string>> {
  const byTrace = new Map<string, Set<string>>();
  const services = ["a", "b", "c"];
  const tracers = services.map((service, i) =>
    createTracer({
      service,
      host: `host-${service}`,
      clock: { now: () => 0 },
      random: stream(seed, service),
      sampler: samplers[i]!,
      sink: {
        emit(r: TraceRecord) {
          const e = r.type === "event" ? r.event : undefined;
          if (e === undefined) return;
          let set = byTrace.get(e.traceId);
          if (set === undefined) byTrace.set(e.traceId, (set = new Set()));
          set.add(e.service);
        },
      },
    }),
  );
  for (let n = 0; n < traces; n++) {
    let headers: Record<string, string> | undefined;
    for (const tracer of tracers) {
      const parent: SpanContext | undefined = headers === undefined ? undefined : tracer.extract(headers);
      const span = tracer.startSpan("handle", { parent, kind: "server", headers });
      headers = {};
      // Propagate the trace even when not sampled, as W3C traceparent does with flag 00.
      tracer.inject(span, headers);
      span.end();
    }
  }
  return byTrace;
}

test("consistent probabilistic sampling gives whole traces at every hop; independent coin flips give fragments", (t) => {
  const consistent = runChain([0, 1, 2].map(() => createSampler({ type: "probabilistic", rate: 0.3, followParent: false }, { clock: { now: () => 0 } })), 2000, "whole");
  t.true(consistent.size > 400 && consistent.size < 800, `${consistent.size} traces sampled`);
  for (const services of consistent.values()) t.deepEqual([...services].sort(), ["a", "b", "c"]);

  // The same rate drawn from each service's own random stream: decisions disagree.
  const coin = (name: string): Sampler => {
    const r = stream("coin", name);
    return { shouldSample: () => ({ decision: r.next() < 0.3 }) };
  };
  const fragments = [...runChain([coin("a"), coin("b"), coin("c")], 2000, "frag").values()].filter((s) => s.size < 3).length;
  t.true(fragments > 500, `${fragments} fragmentary traces`);
});

test("parent-based follows the caller, root sampler only for new traces", (t) => {
  const s = parentBased({ root: constSampler(false) });
  const ctx = (sampled: boolean, remote: boolean): SpanContext => ({
    traceId: "1".repeat(32), spanId: "2".repeat(16), sampled, debug: false, random: false, remote, baggage: new Map(), traceState: [],
  });
  t.false(s.shouldSample(root("1".repeat(32))).decision);
  t.true(s.shouldSample({ ...root("1".repeat(32)), parent: ctx(true, true) }).decision);
  t.false(s.shouldSample({ ...root("1".repeat(32)), parent: ctx(false, true) }).decision);
  t.true(s.shouldSample({ ...root("1".repeat(32)), parent: ctx(true, false) }).decision);
  const custom = parentBased({ root: constSampler(false), remoteParentNotSampled: constSampler(true) });
  t.true(custom.shouldSample({ ...root("1".repeat(32)), parent: ctx(false, true) }).decision);
});

test("rate limiting: a token bucket on the injected clock admits r traces per second", (t) => {
  const clock = new FakeClock();
  const s = rateLimiting({ tracesPerSecond: 10, clock });
  let kept = 0;
  // 1000 requests per second for 100 s.
  for (let i = 0; i < 100_000; i++) {
    clock.t = i * 1_000_000;
    if (s.shouldSample(root("a".repeat(32))).decision) kept++;
  }
  // The bucket starts full (10 credits) and earns 10 per second.
  t.true(Math.abs(kept - (10 + 10 * 100)) <= 1, `kept ${kept}`);
  // Below 1/s the bucket still holds one whole credit.
  const slow = rateLimiting({ tracesPerSecond: 0.1, clock });
  t.true(slow.shouldSample(root("a".repeat(32))).decision);
  t.false(slow.shouldSample(root("a".repeat(32))).decision);
  clock.t += 10e9;
  t.true(slow.shouldSample(root("a".repeat(32))).decision);
});

test("per-operation: each operation at its probability, and never below the lower bound", (t) => {
  const clock = new FakeClock();
  const s = perOperation({ clock, defaultRate: 0.001, lowerBoundTracesPerSecond: 0.5, operations: { hot: 0.01 } });
  const ids = randomTraceIds("perop", 400_000);
  let hot = 0;
  let cold = 0;
  // 200 s: "hot" at 2000 req/s, "cold" at 2 req/s.
  for (let i = 0; i < 400_000; i++) {
    clock.t = i * 500_000;
    if (s.shouldSample(root(ids[i]!, "hot")).decision) hot++;
    if (i % 1000 === 0 && s.shouldSample(root(ids[(i * 7) % 400_000]!, "cold")).decision) cold++;
  }
  // hot: 1% of 400k = 4000 (the lower bound's 0.5/s is mostly consumed by probabilistic hits).
  t.true(Math.abs(hot - 4000) < 4 * Math.sqrt(4000 * 0.99) + 110, `hot ${hot}`);
  // cold: 400 requests at 0.1% would give ~0.4; the lower bound guarantees ~0.5/s · 200 s.
  t.true(cold >= 95 && cold <= 110, `cold ${cold}`);
  t.deepEqual(s.operations(), ["cold", "hot"]);
  t.is(s.rateOf("cold"), 0.001);
});

test("guaranteed throughput tags decisions with the sampler that made them", (t) => {
  const clock = new FakeClock();
  const g = new GuaranteedThroughput(clock, 0, 1);
  t.deepEqual(g.shouldSample(root("f".repeat(32))).attributes, { "sampler.type": "lowerbound", "sampler.param": 1 });
  t.false(g.shouldSample(root("f".repeat(32))).decision);
  const p = new GuaranteedThroughput(clock, 1, 1);
  t.deepEqual(p.shouldSample(root("f".repeat(32))).attributes, { "sampler.type": "probabilistic", "sampler.param": 1 });
});

test("sampler specs: bad input is a typed error naming the option", (t) => {
  const clock = { now: () => 0 };
  t.is(t.throws(() => createSampler({ type: "probabilistic", rate: 1.5 }, { clock }), { instanceOf: SamplingConfigError }).path, "probabilistic.rate");
  t.is(t.throws(() => createSampler({ type: "nope" } as never, { clock }), { instanceOf: SamplingConfigError }).path, "sampler.type");
  t.is(t.throws(() => createSampler({ type: "ratelimiting", tracesPerSecond: -1 }, { clock }), { instanceOf: SamplingConfigError }).path, "ratelimiting.tracesPerSecond");
  t.is(t.throws(() => createSampler({ type: "on-demand", hmacKeys: [] }, { clock }), { instanceOf: SamplingConfigError }).path, "onDemand.hmacKeys");
  t.is(t.throws(() => createSampler({ type: "consistent", probability: 0 }, { clock }), { instanceOf: SamplingConfigError }).path, "consistent.probability");
  for (const type of ["const", "probabilistic", "ratelimiting", "per-operation", "adaptive", "consistent"] as const) {
    const spec = { const: { type, decision: true }, probabilistic: { type, rate: 1 }, ratelimiting: { type, tracesPerSecond: 5 }, "per-operation": { type, defaultRate: 1 }, adaptive: { type, initialProbability: 1 }, consistent: { type, probability: 1 } }[type];
    t.true(createSampler(spec as never, { clock }).shouldSample(root("1".repeat(32))).decision, type);
  }
});

test("sampler factory: adaptive samplers are shared per service, others are per tracer", (t) => {
  const clock = { now: () => 0 };
  const adaptive = samplerFactory({ type: "adaptive" });
  t.is(adaptive("nova-api", clock), adaptive("nova-api", clock));
  t.not(adaptive("nova-api", clock), adaptive("keystone", clock));
  const limited = samplerFactory({ type: "ratelimiting", tracesPerSecond: 1 });
  t.not(limited("nova-api", clock), limited("nova-api", clock));
});
