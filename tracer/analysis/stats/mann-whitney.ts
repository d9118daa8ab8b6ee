// Two-sided Mann–Whitney U test, normal approximation with tie correction and continuity
// correction — the same conventions as scipy.stats.mannwhitneyu(method="asymptotic") and
// R's wilcox.test(exact = FALSE, correct = TRUE), so results can be checked against either.
import { normalSf } from "./normal.ts";
import { averageRanks } from "./ranks.ts";

export interface MannWhitneyResult {
  /** U of the first sample: the number of (x, y) pairs with x > y, ties counting one half. */
  readonly u: number;
  readonly z: number;
  /** Two-sided p-value, 1 when a sample is empty or every value is tied. */
  readonly p: number;
  /** Common-language effect size U / (n1·n2): P(X > Y) + P(X = Y)/2. */
  readonly effect: number;
}

export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, p: 1, effect: 0.5 };
  const { ranks, tieTerm } = averageRanks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, p: 1, effect: u / (n1 * n2) };
  const uMax = Math.max(u, n1 * n2 - u);
  const z = (uMax - mu - 0.5) / Math.sqrt(variance);
  const p = Math.min(1, 2 * normalSf(z));
  const signedZ = u >= mu ? z : -z;
  return { u, z: signedZ, p, effect: u / (n1 * n2) };
}
