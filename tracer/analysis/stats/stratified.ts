// Tests of two windows that stratify by a factor the windows may hold in different mixes (the
// workflow of a request): a change in the mix alone must not look like a change in a part of
// the system that every workflow uses differently.
import { normalSf } from "./normal.ts";
import { averageRanks } from "./ranks.ts";

export interface StratifiedTest {
  /** Positive when the first sample (x, or the first group) is larger. */
  readonly z: number;
  /** Two-sided p-value; 1 when no stratum has both samples (or nothing varies). */
  readonly p: number;
}

/**
 * Van Elteren's stratified Wilcoxon rank-sum test (Lehmann, "Nonparametrics", 1975, §3.3): the
 * rank sums of x within each stratum, weighted by 1/(N+1), against their null mean and
 * variance (with the tie correction). With one stratum it is the Mann–Whitney z without
 * continuity correction.
 */
export function vanElteren(strata: readonly { readonly x: readonly number[]; readonly y: readonly number[] }[]): StratifiedTest {
  let t = 0;
  let mean = 0;
  let variance = 0;
  for (const { x, y } of strata) {
    const n1 = x.length;
    const n2 = y.length;
    if (n1 === 0 || n2 === 0) continue;
    const n = n1 + n2;
    const { ranks, tieTerm } = averageRanks([...x, ...y]);
    let w = 0;
    for (let i = 0; i < n1; i++) w += ranks[i]!;
    const weight = 1 / (n + 1);
    t += weight * w;
    mean += (weight * n1 * (n + 1)) / 2;
    variance += weight * weight * ((n1 * n2 * (n + 1)) / 12) * (1 - tieTerm / (n * n * n - n));
  }
  if (!(variance > 0)) return { z: 0, p: 1 };
  const z = (t - mean) / Math.sqrt(variance);
  return { z, p: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/**
 * The Cochran–Mantel–Haenszel test of 2×2×K tables with continuity correction, as R's
 * `mantelhaen.test(correct = TRUE)`: is the share of successes different between two groups,
 * stratum by stratum? Each stratum gives successes and totals of both groups.
 */
export function cochranMantelHaenszel(strata: readonly { readonly x1: number; readonly n1: number; readonly x2: number; readonly n2: number }[]): StratifiedTest {
  let observed = 0;
  let expected = 0;
  let variance = 0;
  for (const { x1, n1, x2, n2 } of strata) {
    const n = n1 + n2;
    if (n1 === 0 || n2 === 0 || n < 2) continue;
    const m = x1 + x2;
    observed += x1;
    expected += (n1 * m) / n;
    variance += (n1 * n2 * m * (n - m)) / (n * n * (n - 1));
  }
  if (!(variance > 0)) return { z: 0, p: 1 };
  const d = observed - expected;
  const corrected = Math.max(0, Math.abs(d) - 0.5);
  const z = Math.sign(d) * (corrected / Math.sqrt(variance));
  return { z, p: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/**
 * How often the second sample beats the first's maximum, stratum by stratum: a test that sees a
 * few very large values where a rank test sees only a few more high ranks (a server that froze
 * for five seconds delays a tenth of its calls a thousandfold). In a stratum, when both samples
 * come from one distribution, the number K of the m later values above all n earlier ones has
 * P(K ≥ k) = C(m, k) / C(n + m, k) (a precedence test; ties at the maximum do not count, which
 * only makes it more conservative). The strata's counts are added, their exact distributions
 * convolved, and the upper tail at the observed total returned (one-sided p; 1 when no stratum
 * has both samples or nothing exceeded).
 */
export function exceedanceTest(strata: readonly { readonly x: readonly number[]; readonly y: readonly number[] }[]): number {
  let observed = 0;
  const tails: number[][] = [];
  for (const { x, y } of strata) {
    const n = x.length;
    const m = y.length;
    if (n === 0 || m === 0) continue;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of x) if (v > max) max = v;
    let k = 0;
    for (const v of y) if (v > max) k++;
    observed += k;
    tails.push([n, m]);
  }
  if (observed === 0) return 1;
  // P(total < observed), by convolving each stratum's distribution truncated below `observed`.
  let below = new Array<number>(observed).fill(0);
  below[0] = 1;
  for (const [n, m] of tails) {
    // pmf[j] = P(K = j) = P(K ≥ j) − P(K ≥ j + 1), for j < observed.
    const pmf = new Array<number>(observed).fill(0);
    let atLeast = 1;
    for (let j = 0; j < observed && j <= m; j++) {
      const next = atLeast * ((m - j) / (n + m - j));
      pmf[j] = atLeast - next;
      atLeast = next;
    }
    const out = new Array<number>(observed).fill(0);
    for (let a = 0; a < observed; a++) {
      if (below[a] === 0) continue;
      for (let b = 0; a + b < observed; b++) out[a + b]! += below[a]! * pmf[b]!;
    }
    below = out;
  }
  let p = 1;
  for (const v of below) p -= v;
  return Math.min(1, Math.max(0, p));
}
