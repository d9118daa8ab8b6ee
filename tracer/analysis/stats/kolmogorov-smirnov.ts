// Two-sample Kolmogorov–Smirnov test with the asymptotic Kolmogorov distribution and the
// Stephens small-sample correction (Numerical Recipes `kstwo`/`probks`).

export interface KsResult {
  /** sup |F1 − F2| over the pooled sample. */
  readonly d: number;
  readonly p: number;
}

/** Q_KS(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²), the Kolmogorov survival function. */
export function kolmogorovSf(lambda: number): number {
  if (lambda < 0.2) return 1; // the series converges too slowly here, and the answer is ~1
  const a2 = -2 * lambda * lambda;
  let sum = 0;
  let sign = 2;
  let previous = 0;
  for (let j = 1; j <= 100; j++) {
    const term = sign * Math.exp(a2 * j * j);
    sum += term;
    if (Math.abs(term) <= 1e-10 * previous || Math.abs(term) <= 1e-16 * sum) return Math.min(1, Math.max(0, sum));
    sign = -sign;
    previous = Math.abs(term);
  }
  return 1;
}

export function kolmogorovSmirnov(x: readonly number[], y: readonly number[]): KsResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { d: 0, p: 1 };
  const a = Float64Array.from(x).sort();
  const b = Float64Array.from(y).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 && j < n2) {
    const v = Math.min(a[i]!, b[j]!);
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / n1 - j / n2));
  }
  const ne = Math.sqrt((n1 * n2) / (n1 + n2));
  const p = kolmogorovSf((ne + 0.12 + 0.11 / ne) * d);
  return { d, p };
}
