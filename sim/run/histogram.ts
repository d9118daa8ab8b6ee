// A log-bucketed latency histogram (HDR style): 128 linear sub-buckets per power of two, so
// any recorded value is known within 0.8%, memory is bounded by the value range (not the
// count), and bucket indices use exact float arithmetic on integers (no Math.log), so
// results are identical on every run and machine.

const SUB_BITS = 7;
const SUB = 1 << SUB_BITS; // sub-buckets per power of two

/** Bucket index of a non-negative integer value. */
export function bucketOf(value: number): number {
  if (value < SUB) return value; // exact below 128
  let e = 0;
  let p = 1;
  while (p * 2 <= value) {
    p *= 2;
    e++;
  }
  // p = 2^e <= value < 2^(e+1); sub-bucket = the next SUB_BITS bits after the leading one.
  const sub = Math.floor(((value - p) * SUB) / p);
  return (e - SUB_BITS + 1) * SUB + sub;
}

/** Smallest value that falls in bucket `index`. */
export function bucketLow(index: number): number {
  if (index < SUB) return index;
  const e = Math.floor(index / SUB) + SUB_BITS - 1;
  const sub = index % SUB;
  const p = 2 ** e;
  return p + (sub * p) / SUB;
}

/** Midpoint of bucket `index`, rounded to an integer: the value a percentile reports. */
export function bucketMid(index: number): number {
  if (index < SUB) return index;
  return Math.round((bucketLow(index) + bucketLow(index + 1) - 1) / 2);
}

export class Histogram {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private readonly buckets = new Map<number, number>();

  record(value: number): void {
    const v = value < 0 ? 0 : Math.round(value);
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    const b = bucketOf(v);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
  }

  merge(other: Histogram): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    for (const [b, n] of other.buckets) this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
  }

  /** Nearest-rank percentile (0 < q <= 100), clamped to the exact min and max. */
  percentile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((q / 100) * this.count));
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const k of keys) {
      seen += this.buckets.get(k)!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, bucketMid(k)));
    }
    return this.max;
  }

  /** Number of distinct buckets in use (memory grows with this, not with count). */
  get size(): number {
    return this.buckets.size;
  }

  /** Buckets as sorted [index, count] pairs (for merging across workers and for tests). */
  entries(): [number, number][] {
    return [...this.buckets.entries()].sort((a, b) => a[0] - b[0]);
  }
}
