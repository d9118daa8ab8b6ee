import test from "ava";
import { adaptive, bucketWeights, cappedProbability } from "../../../tracer/sampling/index.ts";
import { randomTraceIds } from "../collect/helpers.ts";

test("jaeger's capped calculator: decreases at once, increases capped (jaeger's own test vectors)", (t) => {
  t.is(cappedProbability(1, 2, 0.1, 0.5), 0.05);
  t.is(cappedProbability(1, 0.5, 0.1, 0.5), 0.15000000000000002);
  t.is(cappedProbability(1, 0.8, 0.1, 0.5), 0.125);
  t.is(cappedProbability(1, 0, 0.1, 0.5), 0.1);
});

test("bucket weights are (n - i)^4, newest first, normalised", (t) => {
  t.deepEqual(bucketWeights(3), [81 / 98, 16 / 98, 1 / 98]);
  t.deepEqual(bucketWeights(1), [1]);
});

/** Drives `perSecond` requests/s of one operation for `seconds`; returns sampled traces per second of the last `tail` seconds. */
function drive(s: ReturnType<typeof adaptive>, clock: { t: number }, ids: string[], at: { i: number }, perSecond: number, seconds: number, tail: number): number {
  const step = 1e9 / perSecond;
  const start = clock.t;
  let sampledTail = 0;
  for (let k = 0; k < perSecond * seconds; k++) {
    clock.t = start + Math.round(k * step);
    const decision = s.shouldSample({ traceId: ids[at.i++ % ids.length]!, name: "GET /servers", kind: "server", attributes: {} }).decision;
    if (decision && clock.t - start >= (seconds - tail) * 1e9) sampledTail++;
  }
  clock.t = start + seconds * 1e9;
  return sampledTail / tail;
}

test("adaptive converges to its target traces per second, and again after the load changes", (t) => {
  const clock = { t: 0, now() { return this.t; } };
  const s = adaptive({ clock, targetTracesPerSecond: 2, calculationIntervalNs: 10e9, initialProbability: 0.001 });
  const ids = randomTraceIds("adaptive", 200_003);
  const at = { i: 0 };
  // 200 req/s: the probability climbs from 0.001 (doubling at most per interval) to ~0.01.
  const before = drive(s, clock, ids, at, 200, 600, 200);
  t.true(Math.abs(before - 2) / 2 < 0.35, `200 req/s: ${before} traces/s`);
  const p1 = s.probabilityOf("GET /servers");
  // Within the 30% delta tolerance of 2 / 200 = 0.01.
  t.true(p1 > 0.006 && p1 < 0.016, `p ${p1}`);
  // Load jumps ten-fold: the overshoot is corrected at the next calculation (decreases are not capped).
  const after = drive(s, clock, ids, at, 2000, 300, 200);
  t.true(Math.abs(after - 2) / 2 < 0.35, `2000 req/s: ${after} traces/s`);
  const p2 = s.probabilityOf("GET /servers");
  t.true(p2 > 0.0006 && p2 < 0.0016, `p ${p2} after ${p1}`);
  t.deepEqual(s.snapshot().map((x) => x.operation), ["GET /servers"]);
});

test("an idle operation keeps its probability; probabilities stay within [min, 1]", (t) => {
  const clock = { t: 0, now() { return this.t; } };
  const s = adaptive({ clock, targetTracesPerSecond: 1000, calculationIntervalNs: 1e9, initialProbability: 0.5 });
  const ids = randomTraceIds("idle", 1000);
  const at = { i: 0 };
  drive(s, clock, ids, at, 10, 30, 10);
  t.is(s.probabilityOf("GET /servers"), 1, "wants more than the load can give: capped at 1");
  clock.t += 3600e9; // an hour with no calls
  drive(s, clock, ids, at, 10, 1, 1);
  t.is(s.probabilityOf("GET /servers"), 1);
  const low = adaptive({ clock, targetTracesPerSecond: 0.000001, calculationIntervalNs: 1e9, initialProbability: 1, minProbability: 0.01 });
  drive(low, clock, ids, at, 100, 20, 10);
  t.is(low.probabilityOf("GET /servers"), 0.01);
});
