import test from "ava";
import { compileDistribution, compileDuration, DistributionError, drawDuration, Simulation, Z99 } from "../../sim/kernel/index.ts";
import type { DistributionSpec, Sampler } from "../../sim/kernel/index.ts";

function sample(spec: DistributionSpec | Sampler, n = 20_000, seed = "dist"): number[] {
  const stream = new Simulation({ seed }).rng.stream("samples");
  const draw = typeof spec === "function" ? spec : compileDistribution(spec);
  return Array.from({ length: n }, () => draw(stream));
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))]!;
}

const close = (actual: number, expected: number, rel: number) => Math.abs(actual - expected) <= rel * Math.abs(expected);

test("sample means match the distributions' means (fixed seed)", (t) => {
  const cases: [DistributionSpec, number, number][] = [
    [{ kind: "constant", value: 7 }, 7, 0],
    [{ kind: "uniform", min: 10, max: 30 }, 20, 0.02],
    [{ kind: "exponential", mean: 5 }, 5, 0.03],
    [{ kind: "normal", mean: 100, sd: 15 }, 100, 0.01],
    [{ kind: "lognormal", mu: 1, sigma: 0.5 }, Math.exp(1 + 0.125), 0.03],
    [{ kind: "pareto", scale: 2, shape: 3 }, 3, 0.05],
    [{ kind: "choice", options: [{ value: 1, weight: 3 }, { value: 10, weight: 1 }] }, 3.25, 0.03],
    [{ kind: "empirical", values: [1, 2, 3, 10] }, 4, 0.03],
  ];
  for (const [spec, expected, rel] of cases) {
    const m = mean(sample(spec));
    t.true(close(m, expected, rel), `${spec.kind}: mean ${m}, expected ${expected} ± ${rel * 100}%`);
  }
});

test("lognormal by median/p99 hits both quantiles", (t) => {
  const xs = sample({ kind: "lognormal", median: 20, p99: 200 }, 40_000);
  t.true(close(quantile(xs, 0.5), 20, 0.03), `median ${quantile(xs, 0.5)}`);
  t.true(close(quantile(xs, 0.99), 200, 0.08), `p99 ${quantile(xs, 0.99)}`);
  t.is(Z99.toFixed(4), "2.3263");
});

test("durations are whole non-negative ns; normal is truncated at 0, not clamped", (t) => {
  const spec: DistributionSpec = { kind: "normal", mean: 1, sd: 2 };
  const xs = sample(compileDuration(spec), 20_000);
  t.true(xs.every((x) => Number.isInteger(x) && x >= 0));
  // Clamping would put ~31% of the mass at 0; truncation by redrawing leaves far less there.
  const zeros = xs.filter((x) => x === 0).length / xs.length;
  t.true(zeros < 0.2, `share of zeros ${zeros}`);
  const stream = new Simulation().rng.stream("d");
  t.is(drawDuration({ kind: "constant", value: 2.6 }, stream), 3);
  t.true(Number.isInteger(drawDuration({ kind: "exponential", mean: 1e6 }, stream)));
});

test("the same seed gives the same draws; samplers carry no hidden state", (t) => {
  const spec: DistributionSpec = { kind: "normal", mean: 0, sd: 1 };
  t.deepEqual(sample(spec, 10, "s"), sample(spec, 10, "s"));
  t.notDeepEqual(sample(spec, 10, "s"), sample(spec, 10, "t"));
});

test("bad specs are typed errors naming the path and what was expected", (t) => {
  const cases: [unknown, string][] = [
    [{ kind: "exponential", mean: 0 }, "invalid distribution at latency.mean: mean must be a finite number > 0 (got {\"kind\":\"exponential\",\"mean\":0})"],
    [{ kind: "uniform", min: 5, max: 1 }, 'invalid distribution at latency.max: max must be a finite number >= min (5) (got {"kind":"uniform","min":5,"max":1})'],
    [{ kind: "lognormal", median: 10, p99: 5 }, 'invalid distribution at latency.p99: p99 must be a finite number >= median (10) (got {"kind":"lognormal","median":10,"p99":5})'],
    [{ kind: "choice", options: [{ value: 1, weight: 0 }] }, 'invalid distribution at latency.options: at least one weight must be > 0 (got {"kind":"choice","options":[{"value":1,"weight":0}]})'],
    [{ kind: "choice", options: [{ value: 1, weight: -1 }] }, 'invalid distribution at latency.options[0].weight: weight must be a finite number >= 0 (got {"kind":"choice","options":[{"value":1,"weight":-1}]})'],
    [{ kind: "empirical", values: [] }, 'invalid distribution at latency.values: values must be a non-empty array of numbers (got {"kind":"empirical","values":[]})'],
    [{ kind: "gamma" }, 'invalid distribution at latency.kind: kind must be one of constant, uniform, exponential, normal, lognormal, pareto, choice, empirical (got {"kind":"gamma"})'],
  ];
  for (const [spec, message] of cases) {
    const err = t.throws(() => compileDistribution(spec as DistributionSpec, { path: "latency" }), { instanceOf: DistributionError });
    t.is(err!.message, message);
  }
  t.throws(() => compileDuration({ kind: "constant", value: -1 }), { instanceOf: DistributionError, message: /durations cannot be negative/ });
});
