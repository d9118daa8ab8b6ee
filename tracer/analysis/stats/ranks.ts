// Average ranks with ties, the basis of the rank tests.

export interface RankResult {
  /** Rank of each input value (1-based, ties share the average rank), in input order. */
  readonly ranks: Float64Array;
  /** Σ (t³ − t) over tie groups of size t: the tie correction term. */
  readonly tieTerm: number;
}

export function averageRanks(values: readonly number[]): RankResult {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]! || a - b);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]!] === values[order[i]!]) j++;
    const rank = (i + 1 + j) / 2; // average of ranks i+1 .. j
    for (let k = i; k < j; k++) ranks[order[k]!] = rank;
    const t = j - i;
    if (t > 1) tieTerm += t * t * t - t;
    i = j;
  }
  return { ranks, tieTerm };
}
