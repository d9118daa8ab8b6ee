import test from "ava";
import fc from "fast-check";
import { bucketLow, bucketOf, Histogram } from "../../../sim/run/histogram.ts";
import { periodIndex, planPeriods } from "../../../sim/run/periods.ts";

test("every value falls inside its bucket, and buckets are at most 1/128 wide", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (v) => {
        const b = bucketOf(v);
        const lo = bucketLow(b);
        const hi = bucketLow(b + 1);
        return lo <= v && v < hi && (v < 128 ? hi - lo === 1 : (hi - lo) / lo <= 1 / 128);
      }),
      { seed: 7, numRuns: 2000 },
    ),
  );
});

test("percentiles are within 1% of the exact nearest-rank values", (t) => {
  const values = Array.from({ length: 10_000 }, (_, i) => Math.round(1e6 * Math.exp((i % 997) / 200)));
  const h = new Histogram();
  for (const v of values) h.record(v);
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of [50, 90, 99, 100]) {
    const exact = sorted[Math.ceil((q / 100) * sorted.length) - 1]!;
    t.true(Math.abs(h.percentile(q) - exact) / exact < 0.01, `p${q}`);
  }
  t.is(h.count, 10_000);
  t.is(h.max, sorted.at(-1)!);
  t.true(h.size < 1000);
});

test("merging histograms equals recording everything into one", (t) => {
  const a = new Histogram();
  const b = new Histogram();
  const all = new Histogram();
  for (let i = 0; i < 500; i++) {
    const v = (i * 7919) % 100_003;
    (i % 2 ? a : b).record(v);
    all.record(v);
  }
  a.merge(b);
  t.deepEqual(a.entries(), all.entries());
  t.is(a.percentile(95), all.percentile(95));
});

test("periods: warm-up, before, during and after the faults; or windows", (t) => {
  const S = 1e9;
  t.deepEqual(planPeriods(100 * S, 10 * S, [{ start: 40 * S, end: 70 * S }], "faults", 0), [
    { name: "warmup", start: 0, end: 10 * S },
    { name: "before", start: 10 * S, end: 40 * S },
    { name: "during", start: 40 * S, end: 70 * S },
    { name: "after", start: 70 * S, end: 100 * S },
  ]);
  t.deepEqual(planPeriods(100 * S, 0, [{ start: 40 * S, end: 200 * S }], "faults", 0).map((p) => p.name), ["before", "during"]);
  t.deepEqual(planPeriods(100 * S, 0, [], "faults", 0), [{ name: "steady", start: 0, end: 100 * S }]);
  const windows = planPeriods(100 * S, 10 * S, [], "windows", 40 * S);
  t.deepEqual(windows.map((p) => [p.name, p.start / S, p.end / S]), [["warmup", 0, 10], ["w000", 10, 50], ["w001", 50, 90], ["w002", 90, 100]]);
  t.is(periodIndex(windows, 55 * S), 2);
  t.is(periodIndex(windows, 100 * S), -1);
});
