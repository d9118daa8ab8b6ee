// Known values computed with scipy 1.17 (mannwhitneyu asymptotic with continuity, norm.sf,
// special.kolmogorov, ks_2samp) and R's p.adjust conventions.
import test from "ava";
import seedrandom from "seedrandom";
import {
  averageRanks,
  benjaminiHochberg,
  holm,
  kolmogorovSf,
  kolmogorovSmirnov,
  mannWhitneyU,
  normalSf,
  quantile,
  simes,
  vanElteren,
  cochranMantelHaenszel,
  twoProportionTest,
  fisherGreater,
  exceedanceTest,
} from "../../../tracer/analysis/stats/index.ts";

const close = (actual: number, expected: number, relative = 1e-6) =>
  Math.abs(actual - expected) <= relative * Math.max(Math.abs(expected), 1e-300);

test("normal tail matches scipy.stats.norm.sf, including the far tail", (t) => {
  const known: [number, number][] = [
    [0, 0.5],
    [1, 0.15865525393145707],
    [1.96, 0.024997895148220435],
    [3, 0.0013498980316300933],
    [5, 2.866515718791933e-7],
    [8, 6.22096057427174e-16],
    [10, 7.61985302416047e-24],
  ];
  for (const [z, p] of known) t.true(close(normalSf(z), p, 2e-7), `sf(${z}) = ${normalSf(z)}, want ${p}`);
  t.true(close(normalSf(-1), 1 - 0.15865525393145707, 1e-7));
});

test("average ranks share ties and count the tie term", (t) => {
  const { ranks, tieTerm } = averageRanks([3, 1, 3, 2, 3]);
  t.deepEqual([...ranks], [4, 1, 4, 2, 4]);
  t.is(tieTerm, 27 - 3);
});

test("Mann–Whitney U matches scipy's asymptotic test with tie and continuity corrections", (t) => {
  const cases: [number[], number[], number, number][] = [
    [[4, 5, 6], [1, 2, 3], 9, 0.08085559837005224],
    [[1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5, 6, 7], 8.5, 0.025279736885893914],
    [[0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21], 35, 0.24462360512698333],
  ];
  for (const [x, y, u, p] of cases) {
    const r = mannWhitneyU(x, y);
    t.is(r.u, u);
    t.true(close(r.p, p, 1e-6), `p = ${r.p}, want ${p}`);
  }
  const x = Array.from({ length: 67 }, (_, i) => i * 3);
  const y = Array.from({ length: 105 }, (_, i) => 50 + i * 2);
  const big = mannWhitneyU(x, y);
  t.is(big.u, 1887.5);
  t.true(close(big.p, 3.108046554883329e-7, 1e-5), `p = ${big.p}`);
  t.true(big.z < 0, "x tends to be smaller than y");
});

test("Mann–Whitney U is 1 for all-tied and empty samples, and symmetric in its p-value", (t) => {
  t.is(mannWhitneyU([1, 1, 1], [1, 1, 1, 1]).p, 1);
  t.is(mannWhitneyU([], [1, 2]).p, 1);
  const a = [1, 5, 2, 8, 3];
  const b = [9, 4, 7, 6, 10, 11];
  t.is(mannWhitneyU(a, b).p, mannWhitneyU(b, a).p);
  t.is(mannWhitneyU(a, b).u + mannWhitneyU(b, a).u, a.length * b.length);
});

test("Kolmogorov distribution matches scipy.special.kolmogorov", (t) => {
  const known: [number, number][] = [
    [0.3, 0.9999906941986655],
    [0.5, 0.9639452436648751],
    [1.0, 0.26999967167735456],
    [1.36, 0.049485876755377876],
    [2.0, 0.0006709252557796953],
  ];
  for (const [l, p] of known) t.true(close(kolmogorovSf(l), p, 1e-8), `Q(${l}) = ${kolmogorovSf(l)}`);
});

test("KS statistic matches scipy.stats.ks_2samp and the p-value follows it", (t) => {
  const r = kolmogorovSmirnov([1, 2, 3, 4, 5, 6, 7, 8], [5, 6, 7, 8, 9, 10, 11, 12, 13]);
  t.true(close(r.d, 0.5555555555555556, 1e-12));
  const ne = Math.sqrt((8 * 9) / 17);
  t.true(close(r.p, kolmogorovSf((ne + 0.12 + 0.11 / ne) * r.d), 1e-12));
  t.is(kolmogorovSmirnov([1, 2, 3], [1, 2, 3]).d, 0);
});

test("Benjamini–Hochberg and Holm match R's p.adjust, ties included", (t) => {
  const p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.5];
  const bh = [0.035, 0.056, 0.056, 0.035, 0.23333333333333336, 0.056, 0.5];
  const hm = [0.06, 0.16, 0.15, 0.035, 0.4, 0.16, 0.5];
  benjaminiHochberg(p).forEach((v, i) => t.true(close(v, bh[i]!, 1e-12), `BH[${i}] = ${v}`));
  holm(p).forEach((v, i) => t.true(close(v, hm[i]!, 1e-12), `Holm[${i}] = ${v}`));
  t.deepEqual(benjaminiHochberg([]), []);
});

test("quantile interpolates like numpy", (t) => {
  t.is(quantile([1, 2, 3, 4], 0.5), 2.5);
  t.is(quantile([10, 1, 5], 0), 1);
  t.is(quantile([10, 1, 5], 1), 10);
  t.true(Number.isNaN(quantile([], 0.5)));
});

test("two-proportion test matches the pooled z computed with scipy.stats.norm", (t) => {
  const a = twoProportionTest(30, 100, 45, 120);
  t.true(close(a.z, -1.1685534824642432, 1e-12));
  t.true(close(a.p, 0.24258357934832098, 1e-6));
  const b = twoProportionTest(0, 500, 12, 480);
  t.true(close(b.z, -3.5573808732951204, 1e-12));
  t.true(close(b.p, 0.00037457087402471693, 1e-5));
  t.is(twoProportionTest(0, 10, 0, 10).p, 1);
});

test("van Elteren's stratified rank test: one stratum is Mann–Whitney without continuity correction (scipy)", (t) => {
  // scipy.stats.mannwhitneyu(x, y, use_continuity=False, method="asymptotic").pvalue
  const r = vanElteren([{ x: [3.1, 4.5, 2.2, 9.0, 5.5, 5.5, 7.1], y: [1.0, 2.2, 3.3, 0.5, 2.0] }]);
  t.true(Math.abs(r.p - 0.014503047348846205) < 1e-6, String(r.p));
  t.true(r.z > 0);
  t.deepEqual(vanElteren([{ x: [], y: [1] }, { x: [2, 2], y: [2] }]), { z: 0, p: 1 });
});

test("van Elteren's test over several strata matches a direct computation with scipy.stats.rankdata", (t) => {
  const r = vanElteren([
    { x: [3.1, 4.5, 2.2, 9.0], y: [1.0, 2.2, 3.3] },
    { x: [10, 12, 12, 15, 11], y: [9, 12, 8] },
    { x: [1], y: [2, 3] },
  ]);
  t.true(Math.abs(r.z - 1.2621380578261223) < 1e-9, String(r.z));
  t.true(Math.abs(r.p - 0.2068991128491574) < 1e-7, String(r.p));
});

test("Cochran–Mantel–Haenszel matches R's mantelhaen.test on its Rabbits example (X² = 3.9286, p = 0.04747)", (t) => {
  // R: example(mantelhaen.test); group 1 = no delay, success = cured; one table per penicillin level.
  const r = cochranMantelHaenszel([
    { x1: 0, n1: 6, x2: 0, n2: 5 },
    { x1: 3, n1: 6, x2: 0, n2: 6 },
    { x1: 6, n1: 6, x2: 2, n2: 6 },
    { x1: 5, n1: 6, x2: 6, n2: 6 },
    { x1: 2, n1: 2, x2: 5, n2: 5 },
  ]);
  t.true(Math.abs(r.z * r.z - 3.9286) < 1e-4, String(r.z * r.z));
  t.true(Math.abs(r.p - 0.04747) < 1e-5, String(r.p));
  t.deepEqual(cochranMantelHaenszel([{ x1: 0, n1: 0, x2: 1, n2: 3 }]), { z: 0, p: 1 });
});

test("Simes' combined p-value: min of m·p(i)/i over the sorted p-values, 1 for none", (t) => {
  t.is(simes([0.3, 0.01, 0.04]), Math.min(3 * 0.01, (3 * 0.04) / 2, 0.3));
  t.is(simes([0.02, 0.02]), 0.02);
  t.is(simes([]), 1);
});

test("fisherGreater is the hypergeometric upper tail, as R's fisher.test(alternative = 'greater')", (t) => {
  // Fisher's tea tasting, [[3, 1], [1, 3]]: 17/70.
  t.true(close(fisherGreater(3, 4, 1, 4), 17 / 70));
  // C(10,3)/C(20,3): all three successes fell in the first group of ten.
  t.true(close(fisherGreater(3, 10, 0, 10), 120 / 1140));
  t.true(close(fisherGreater(2, 5, 1, 5), 60 / 120));
  // Nothing happened, or not in the first group: no evidence.
  t.is(fisherGreater(0, 10, 4, 10), 1);
  t.is(fisherGreater(0, 10, 0, 10), 1);
  // A handful of losses among thousands of messages that lost none is strong evidence, and exact.
  const p = fisherGreater(10, 150, 0, 2000);
  let expected = 1;
  for (let i = 0; i < 10; i++) expected *= (150 - i) / (2150 - i);
  t.true(close(p, expected));
});

test("exceedanceTest: the exact tail of how many later values beat the earlier maximum, added over strata", (t) => {
  // Both later values above the three earlier ones: C(2,2)/C(5,2).
  t.true(close(exceedanceTest([{ x: [1, 2, 3], y: [4, 5] }]), 1 / 10));
  // Two such strata: both must do it.
  t.true(close(exceedanceTest([{ x: [1, 2, 3], y: [4, 5] }, { x: [7, 8, 9], y: [10, 11] }]), 1 / 100));
  // One of two: P(K ≥ 1) = 2/5.
  t.true(close(exceedanceTest([{ x: [1, 2, 3], y: [0, 5] }]), 2 / 5));
  // Ties at the maximum do not count; nothing above it, or a stratum missing a sample: no evidence.
  t.is(exceedanceTest([{ x: [0, 0, 0], y: [0, 0] }]), 1);
  t.is(exceedanceTest([{ x: [], y: [5, 6] }]), 1);
  // A few huge values among many ordinary ones are strong evidence, where ranks barely move.
  const x = Array.from({ length: 100 }, (_, i) => 1 + i / 100);
  const y = [...x.slice(0, 92), 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700];
  t.true(exceedanceTest([{ x, y }]) < 0.005);
});

test("exceedanceTest keeps its size when both windows come from one distribution", (t) => {
  const rng = seedrandom.alea("exceedance");
  let rejected = 0;
  const runs = 2000;
  for (let r = 0; r < runs; r++) {
    const draw = (n: number) => Array.from({ length: n }, () => Math.exp(3 * rng()));
    const strata = [10, 40, 3].map((n) => ({ x: draw(n), y: draw(n + 5) }));
    if (exceedanceTest(strata) <= 0.05) rejected++;
  }
  t.true(rejected / runs <= 0.06, `${rejected} of ${runs}`);
});
