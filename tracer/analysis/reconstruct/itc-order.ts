// ITC event trees flattened to step functions on [0, 1), for fast comparison during
// reconstruction. An event tree is a piecewise-constant function over the id interval;
// a ≤ b (happens-before or equal) iff a's function is pointwise ≤ b's. Segment starts are
// dyadic rationals, exact in doubles down to depth 52; deeper trees keep the tree compare.
import { decodeBase64url, ItcError, leq as leqStamps } from "../../itc/index.ts";
import type { EventTree, Stamp } from "../../itc/index.ts";

const MAX_FLAT_DEPTH = 52;

export interface FlatStamp {
  readonly stamp: Stamp;
  /** Segment i covers [starts[i], starts[i+1]) (the last one up to 1) with value values[i]. */
  readonly starts: readonly number[];
  readonly values: readonly number[];
  /** False when the tree is too deep for exact double positions: compare with the tree leq. */
  readonly flat: boolean;
  readonly depth: number;
  readonly max: number;
}

export function flattenStamp(stamp: Stamp): FlatStamp {
  scratch.length = 0;
  depthSeen = 0;
  maxSeen = 0;
  if (!walk(stamp.event, 0, 0, 1, 0)) return { stamp, starts: EMPTY, values: EMPTY, flat: false, depth: MAX_FLAT_DEPTH + 1, max: Number.POSITIVE_INFINITY };
  const m = scratch.length >> 1;
  const starts = new Array<number>(m);
  const values = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    starts[i] = scratch[2 * i]!;
    values[i] = scratch[2 * i + 1]!;
  }
  return { stamp, starts, values, flat: true, depth: depthSeen, max: maxSeen };
}

const EMPTY: readonly number[] = [];
// Module scratch for one flattening at a time (start, value pairs): no allocation per leaf.
const scratch: number[] = [];
let depthSeen = 0;
let maxSeen = 0;

/** Appends the tree's leaves left to right; false when deeper than MAX_FLAT_DEPTH (stack-safe). */
function walk(e: EventTree, base: number, lo: number, width: number, depth: number): boolean {
  if (typeof e === "number") {
    const v = base + e;
    if (v > maxSeen) maxSeen = v;
    if (depth > depthSeen) depthSeen = depth;
    const n = scratch.length;
    if (n === 0 || scratch[n - 1] !== v) scratch.push(lo, v);
    return true;
  }
  if (depth >= MAX_FLAT_DEPTH) return false;
  const half = width / 2;
  const b = base + e.n;
  return walk(e.l, b, lo, half, depth + 1) && walk(e.r, b, lo + half, half, depth + 1);
}

export function decodeFlat(text: string): FlatStamp {
  return flattenStamp(decodeBase64url(text));
}

/** a ≤ b pointwise: a's history is contained in b's. */
export function flatLeq(a: FlatStamp, b: FlatStamp): boolean {
  if (!a.flat || !b.flat) return leqStamps(a.stamp, b.stamp);
  const as = a.starts;
  const av = a.values;
  const bs = b.starts;
  const bv = b.values;
  const na = as.length;
  const nb = bs.length;
  let i = 0;
  let j = 0;
  for (;;) {
    if (av[i]! > bv[j]!) return false;
    const ea = i + 1 < na ? as[i + 1]! : 1;
    const eb = j + 1 < nb ? bs[j + 1]! : 1;
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
 * The integral of the step function: strictly increasing along happens-before (a < b differ
 * on an interval of positive width), so sorting by it gives a topological order. Exact in
 * doubles for depth ≤ 30 and counters < 2^22; otherwise computed in BigInt at a fixed scale.
 */
export function historyMass(stamps: readonly FlatStamp[]): (i: number, j: number) => number {
  return massOf(stamps).compare;
}

/** The masses themselves (numbers, or BigInts for deep trees) and their comparison. */
export function massOf(stamps: readonly FlatStamp[]): { readonly values: readonly (number | bigint)[]; readonly compare: (i: number, j: number) => number } {
  const exact = stamps.every((s) => s.flat && s.depth <= 30 && s.max < 2 ** 22);
  if (exact) {
    const mass = stamps.map((s) => {
      let m = 0;
      const n = s.starts.length;
      for (let i = 0; i < n; i++) m += s.values[i]! * ((i + 1 < n ? s.starts[i + 1]! : 1) - s.starts[i]!);
      return m;
    });
    return { values: mass, compare: (i, j) => mass[i]! - mass[j]! };
  }
  const mass = stamps.map((s) => bigMass(s.stamp.event));
  return { values: mass, compare: (i, j) => (mass[i]! < mass[j]! ? -1 : mass[i]! > mass[j]! ? 1 : 0) };
}

/** Integral scaled by 2^MAX_DEPTH-ish: Σ value · 2^(D − depth), with D the tree's own bound. */
function bigMass(root: EventTree): bigint {
  const D = 1100n; // above the ITC module's MAX_DEPTH, so every leaf width is a whole number
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
