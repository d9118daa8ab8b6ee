// Two-sample test of proportions (pooled normal approximation): did a trace shape become more
// or less common between two windows?
import { normalSf } from "./normal.ts";

export interface ProportionTest {
  readonly z: number;
  /** Two-sided p-value; 1 when the pooled proportion is 0 or 1 (nothing varies). */
  readonly p: number;
}

export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): ProportionTest {
  if (n1 === 0 || n2 === 0) return { z: 0, p: 1 };
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) return { z: 0, p: 1 };
  const z = (x1 / n1 - x2 / n2) / Math.sqrt(variance);
  return { z, p: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/** ln C(n, k), as a sum of k logarithms (k is the smaller side). */
function lnChoose(n: number, k: number): number {
  if (k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  k = Math.min(k, n - k);
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/**
 * Fisher's exact test, one-sided: the p-value of x1 successes in n1 trials being as many or more
 * than chance allows when x2 of n2 succeeded in the other group, i.e. the hypergeometric upper
 * tail P(X ≥ x1), X ~ Hypergeometric(n1 + n2 items, x1 + x2 successes, n1 drawn), as R's
 * `fisher.test(alternative = "greater")`. Its cost grows with the successes, not the trials.
 */
export function fisherGreater(x1: number, n1: number, x2: number, n2: number): number {
  const successes = x1 + x2;
  const total = n1 + n2;
  if (n1 === 0 || n2 === 0 || successes === 0 || x1 === 0) return 1;
  const denominator = lnChoose(total, successes);
  let p = 0;
  for (let k = x1; k <= Math.min(n1, successes); k++) p += Math.exp(lnChoose(n1, k) + lnChoose(n2, successes - k) - denominator);
  return Math.min(1, p);
}
