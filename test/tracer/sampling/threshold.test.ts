import test from "ava";
import type { SpanContext } from "../../../tracer/model/context.ts";
import type { SamplingParams } from "../../../tracer/model/sampler.ts";
import {
  adjustedCount,
  adjustedCountOf,
  adjustedCountOfAttributes,
  consistentProbability,
  parentThreshold,
  probabilityToThreshold,
  thresholdToProbability,
} from "../../../tracer/sampling/index.ts";
import { randomTraceIds } from "../collect/helpers.ts";

// The table in the spec ("Converting floating-point probability to threshold value"):
// 1-in-N, thresholds at precision 3, 4, 5.
const TABLE: [number, string, string, string][] = [
  [1, "0", "0", "0"],
  [0.5, "8", "8", "8"],
  [1 / 3, "aab", "aaab", "aaaab"],
  [0.25, "c", "c", "c"],
  [0.2, "ccd", "cccd", "ccccd"],
  [0.125, "e", "e", "e"],
  [0.1, "e66", "e666", "e6666"],
  [0.0625, "f", "f", "f"],
  [0.01, "fd71", "fd70a", "fd70a4"],
  [0.001, "ffbe7", "ffbe77", "ffbe76d"],
  [0.0001, "fff972", "fff9724", "fff97247"],
  [0.00001, "ffff584", "ffff583a", "ffff583a5"],
  [0.000001, "ffffef4", "ffffef39", "ffffef391"],
];

test("probability → threshold matches the spec's table at precision 3, 4 and 5", (t) => {
  for (const [p, p3, p4, p5] of TABLE) {
    t.is(probabilityToThreshold(p, 3), p3, `p=${p} precision 3`);
    t.is(probabilityToThreshold(p, 4), p4, `p=${p} precision 4`);
    t.is(probabilityToThreshold(p, 5), p5, `p=${p} precision 5`);
  }
});

test("threshold → exact probability and adjusted count (spec's table values)", (t) => {
  t.is(thresholdToProbability("fd70a"), 0.010000228881835938);
  t.is(adjustedCount("fd70a"), 99.99771123402633);
  t.is(adjustedCount("fd70a4"), 100.00009536752259);
  t.is(adjustedCount("e666"), 9.99938968568813);
  t.is(adjustedCount("0"), 1);
  t.is(adjustedCount("8"), 2);
  t.is(adjustedCountOf("ot=th:c,other=x"), 4);
  t.is(adjustedCountOf([["ot", "th:e;rv:00000000000001"]]), 8);
  t.is(adjustedCountOf("vendor=1"), undefined);
});

const root = (traceId: string, traceState: SpanContext["traceState"] = []): SamplingParams => ({
  traceId,
  name: "op",
  kind: "server",
  attributes: {},
  parent: traceState.length === 0 ? undefined : { traceId, spanId: "1".repeat(16), sampled: true, debug: false, random: false, remote: true, baggage: new Map(), traceState },
});

test("consistent sampler: R >= T by the trace id's last 56 bits, ot=th written, rate converges, adjusted counts estimate the population", (t) => {
  const s = consistentProbability({ probability: 0.1 });
  t.deepEqual(s.shouldSample(root("0".repeat(18) + "f".repeat(14))).traceState, [["ot", "th:e666"]]);
  t.deepEqual(s.shouldSample(root("f".repeat(18) + "0".repeat(14))), { decision: false, attributes: undefined, traceState: [] });
  // Exactly at the threshold is kept (>=).
  t.true(s.shouldSample(root("0".repeat(18) + "e6660000000000")).decision);
  t.false(s.shouldSample(root("0".repeat(18) + "e665ffffffffff")).decision);
  const N = 50_000;
  let kept = 0;
  let estimate = 0;
  for (const id of randomTraceIds("consistent", N)) {
    const r = s.shouldSample(root(id));
    if (!r.decision) continue;
    kept++;
    estimate += adjustedCountOfAttributes(r.attributes)!;
  }
  t.true(Math.abs(kept / N - 0.1) < 0.005, `rate ${kept / N}`);
  t.true(Math.abs(estimate - N) / N < 0.05, `Horvitz-Thompson estimate ${estimate} of ${N}`);
});

test("decisions nest across probabilities: kept at p1 implies kept at every p2 >= p1", (t) => {
  const ps = [0.01, 0.05, 0.2, 0.5, 0.9].map((probability) => consistentProbability({ probability }));
  for (const id of randomTraceIds("nest", 5000)) {
    const d = ps.map((s) => s.shouldSample(root(id)).decision);
    for (let i = 1; i < d.length; i++) if (d[i - 1]) t.true(d[i], id);
  }
});

test("explicit rv in tracestate overrides the trace id's randomness, and other ot keys survive", (t) => {
  const s = consistentProbability({ probability: 0.5 });
  const id = "0".repeat(32); // R from the id would be 0: never kept at 0.5
  const r = s.shouldSample(root(id, [["vendor", "v"], ["ot", "rv:ffffffffffffff;k:1"]]));
  t.true(r.decision);
  t.deepEqual(r.traceState, [["ot", "th:8;rv:ffffffffffffff;k:1"], ["vendor", "v"]]);
});

test("parent-based threshold: propagates a consistent threshold, erases an inconsistent one", (t) => {
  const s = parentThreshold(consistentProbability({ probability: 0.5 }));
  const high = "0".repeat(18) + "f".repeat(14);
  const low = "0".repeat(32);
  const parent = (traceId: string, sampled: boolean, ot: string): SamplingParams => ({
    traceId, name: "child", kind: "internal", attributes: {},
    parent: { traceId, spanId: "1".repeat(16), sampled, debug: false, random: false, remote: false, baggage: new Map(), traceState: [["ot", ot]] },
  });
  const ok = s.shouldSample(parent(high, true, "th:8"));
  t.true(ok.decision);
  t.deepEqual(ok.traceState, [["ot", "th:8"]]);
  t.deepEqual(ok.attributes, { "sampler.threshold": "8" });
  const bad = s.shouldSample(parent(low, true, "th:8")); // sampled although R < T
  t.true(bad.decision);
  t.deepEqual(bad.traceState, []);
  t.is(bad.attributes, undefined, "no threshold, no adjusted count");
});

test("probabilities outside [2^-56, 1] are rejected", (t) => {
  for (const p of [0, -0.1, 1.01, Number.NaN, 2 ** -57]) t.throws(() => probabilityToThreshold(p), { message: /consistent\.probability/ });
  t.is(probabilityToThreshold(2 ** -56, 4), "ffffffffffff");
});
