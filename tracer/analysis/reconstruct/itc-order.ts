// ITC event trees flattened to step functions on [0, 1), for fast comparison during
// reconstruction. An event tree is a piecewise-constant function over the id interval;
// a ≤ b (happens-before or equal) iff a's function is pointwise ≤ b's. Segment starts are
// dyadic rationals, exact in doubles down to depth 52; deeper trees keep the tree compare.
// All of a trace's functions share two flat arrays (no objects per event: a trace's working
// set stays small for the garbage collector).
import { ItcError, leq as leqStamps } from "../../itc/index.ts";
import type { EventTree, Stamp } from "../../itc/index.ts";

const MAX_FLAT_DEPTH = 52;

export class FlatHistories {
  /** Segment k covers [starts[k], next start or 1) with value values[k]; stamp i owns [offset[i], offset[i+1]). */
  private readonly starts: number[] = [];
  private readonly values: number[] = [];
  private readonly offset: number[];
  /** False when the tree is too deep for exact double positions: compare with the tree leq. */
  private readonly flat: boolean[];
  private readonly mass: readonly (number | bigint)[];

  constructor(readonly stamps: readonly Stamp[]) {
    const n = stamps.length;
    this.offset = new Array<number>(n + 1);
    this.flat = new Array<boolean>(n);
    let exact = true;
    for (let i = 0; i < n; i++) {
      this.offset[i] = this.starts.length;
      depthSeen = 0;
      maxSeen = 0;
      const ok = walk(stamps[i]!.event, 0, 0, 1, 0, this.starts, this.values);
      this.flat[i] = ok;
      if (!ok) {
        this.starts.length = this.offset[i]!;
        this.values.length = this.offset[i]!;
      }
      if (!ok || depthSeen > 30 || maxSeen >= 2 ** 22) exact = false;
    }
    this.offset[n] = this.starts.length;
    this.mass = exact ? this.exactMasses() : stamps.map((s) => bigMass(s.event));
  }

  /** a ≤ b pointwise: a's history is contained in b's. */
  leq(a: number, b: number): boolean {
    if (!this.flat[a] || !this.flat[b]) return leqStamps(this.stamps[a]!, this.stamps[b]!);
    const s = this.starts;
    const v = this.values;
    let i = this.offset[a]!;
    let j = this.offset[b]!;
    const ia = this.offset[a + 1]! - 1;
    const jb = this.offset[b + 1]! - 1;
    for (;;) {
      if (v[i]! > v[j]!) return false;
      const ea = i < ia ? s[i + 1]! : 1;
      const eb = j < jb ? s[j + 1]! : 1;
      if (ea < eb) i++;
      else if (eb < ea) j++;
      else {
        if (ea === 1) return true;
        i++;
        j++;
      }
    }
  }

  /**
   * Order by the integral of the step function: strictly increasing along happens-before
   * (a < b differ on an interval of positive width), so sorting by it is a topological order.
   */
  compareMass(a: number, b: number): number {
    const x = this.mass[a]!;
    const y = this.mass[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** Exact in doubles: depth ≤ 30 and counters < 2^22 keep every partial sum within 53 bits. */
  private exactMasses(): number[] {
    const out = new Array<number>(this.stamps.length);
    for (let i = 0; i < this.stamps.length; i++) {
      const end = this.offset[i + 1]!;
      let m = 0;
      for (let k = this.offset[i]!; k < end; k++) m += this.values[k]! * ((k + 1 < end ? this.starts[k + 1]! : 1) - this.starts[k]!);
      out[i] = m;
    }
    return out;
  }
}

let depthSeen = 0;
let maxSeen = 0;

/** Appends the tree's leaves left to right, merging equal neighbours; false when too deep. */
function walk(e: EventTree, base: number, lo: number, width: number, depth: number, starts: number[], values: number[]): boolean {
  if (typeof e === "number") {
    const v = base + e;
    if (v > maxSeen) maxSeen = v;
    if (depth > depthSeen) depthSeen = depth;
    const n = values.length;
    if (n === 0 || values[n - 1] !== v || starts[n - 1]! >= lo) {
      starts.push(lo);
      values.push(v);
    }
    return true;
  }
  if (depth >= MAX_FLAT_DEPTH) return false;
  const half = width / 2;
  const b = base + e.n;
  return walk(e.l, b, lo, half, depth + 1, starts, values) && walk(e.r, b, lo + half, half, depth + 1, starts, values);
}

/** Integral scaled by 2^D, D above the ITC module's depth limit: every leaf width is whole. */
function bigMass(root: EventTree): bigint {
  const D = 1100n;
  let total = 0n;
  const trees: EventTree[] = [root];
  const bases = [0];
  const depths = [0n];
  while (trees.length > 0) {
    const e = trees.pop()!;
    const b = bases.pop()!;
    const d = depths.pop()!;
    if (typeof e === "number") {
      total += BigInt(b + e) << (D - d);
      continue;
    }
    trees.push(e.l, e.r);
    bases.push(b + e.n, b + e.n);
    depths.push(d + 1n, d + 1n);
  }
  return total;
}

export { ItcError };
