// Adjusted p-values for many tests at once (diagnosis tests every segment of every workflow).
// Both return adjusted values in input order; compare them with the chosen α directly.

/** Benjamini–Hochberg step-up (controls the false discovery rate), as R's p.adjust("BH"). */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = [...p.keys()].sort((a, b) => p[b]! - p[a]! || b - a); // largest first
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let k = 0; k < m; k++) {
    const i = order[k]!;
    const rank = m - k; // rank among ascending p-values
    running = Math.min(running, (p[i]! * m) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}

/** Holm step-down (controls the family-wise error rate), as R's p.adjust("holm"). */
export function holm(p: readonly number[]): number[] {
  const m = p.length;
  const order = [...p.keys()].sort((a, b) => p[a]! - p[b]! || a - b); // smallest first
  const adjusted = new Array<number>(m);
  let running = 0;
  for (let k = 0; k < m; k++) {
    const i = order[k]!;
    running = Math.max(running, Math.min(1, (m - k) * p[i]!));
    adjusted[i] = running;
  }
  return adjusted;
}

/**
 * Simes' combined p-value for "none of these hypotheses is false" (Simes 1986): min over the
 * sorted p-values of m·p₍ᵢ₎/i. Valid under independence and positive dependence; more
 * powerful than Bonferroni when one or a few of the tests carry the signal. 1 for no tests.
 */
export function simes(p: readonly number[]): number {
  const sorted = [...p].sort((a, b) => a - b);
  const m = sorted.length;
  let best = 1;
  for (let i = 0; i < m; i++) best = Math.min(best, (m * sorted[i]!) / (i + 1));
  return best;
}
