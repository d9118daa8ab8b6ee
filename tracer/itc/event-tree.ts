// Event trees: normalisation, join and leq, exactly as specs/itc.md states them.
// Join and leq carry bases down as offsets instead of building lifted copies, and join returns
// an input subtree whenever it already is the answer, so unchanged parts stay shared. Normal
// forms are canonical (a node exists exactly where its interval is not constant, and its base
// is the minimum), so these shortcuts give the same trees as the reference implementations.
import { EventNode } from "./types.ts";
import type { EventTree } from "./types.ts";

/** The largest counter in the tree (the paper's max). */
export function height(e: EventTree): number {
  if (typeof e === "number") return e;
  const l = height(e.l);
  const r = height(e.r);
  return e.n + (l > r ? l : r);
}

function sink(e: EventTree, m: number): EventTree {
  if (m === 0) return e;
  return typeof e === "number" ? e - m : new EventNode(e.n - m, e.l, e.r);
}

/** norm((n, l, r)) for normal children l and r. */
export function normNode(n: number, l: EventTree, r: EventTree): EventTree {
  if (typeof l === "number" && typeof r === "number") {
    if (l === r) return n + l;
    const m = l < r ? l : r;
    return m === 0 ? new EventNode(n, l, r) : new EventNode(n + m, l - m, r - m);
  }
  const bl = typeof l === "number" ? l : l.n;
  const br = typeof r === "number" ? r : r.n;
  const m = bl < br ? bl : br;
  return m === 0 ? new EventNode(n, l, r) : new EventNode(n + m, sink(l, m), sink(r, m));
}

/**
 * join(a, lift(b, d)) for d ≤ 0, normal, for callers that know the result is ≥ 0 everywhere.
 *
 * The result's minimum is at least the larger of the two bases, so children can be joined
 * relative to that base: the side with the higher base keeps offset 0 (and is returned as the
 * very same object when it dominates), the other side is carried down with a negative offset
 * instead of being copied. A dominated input therefore costs a walk but no allocation.
 */
function joinDown(a: EventTree, b: EventTree, d: number): EventTree {
  if (typeof a === "number") {
    if (typeof b === "number") {
      const y = b + d;
      return a > y ? a : y;
    }
    const nb = b.n + d;
    // A leaf no higher than a normal node's base (its minimum) is dominated by the node.
    if (a <= nb) return d === 0 ? b : new EventNode(nb, b.l, b.r);
    return normNode(a, joinDown(0, b.l, nb - a), joinDown(0, b.r, nb - a));
  }
  const na = a.n;
  if (typeof b === "number") {
    const y = b + d;
    if (y <= na) return a;
    return normNode(y, joinDown(0, a.l, na - y), joinDown(0, a.r, na - y));
  }
  if (a === b) return a; // a shared subtree, the other copy lifted by d ≤ 0
  const nb = b.n + d;
  if (na >= nb) {
    const e = nb - na;
    const al = a.l;
    const bl = b.l;
    const ar = a.r;
    const br = b.r;
    const l = typeof al === "number" && typeof bl === "number" ? (al > bl + e ? al : bl + e) : joinDown(al, bl, e);
    const r = typeof ar === "number" && typeof br === "number" ? (ar > br + e ? ar : br + e) : joinDown(ar, br, e);
    if (l === a.l && r === a.r) return a;
    if (e === 0 && l === b.l && r === b.r) return d === 0 ? b : new EventNode(nb, b.l, b.r);
    return normNode(na, l, r);
  }
  const e = na - nb;
  const al = a.l;
  const bl = b.l;
  const ar = a.r;
  const br = b.r;
  const l = typeof al === "number" && typeof bl === "number" ? (bl > al + e ? bl : al + e) : joinDown(bl, al, e);
  const r = typeof ar === "number" && typeof br === "number" ? (br > ar + e ? br : ar + e) : joinDown(br, ar, e);
  if (l === b.l && r === b.r) return d === 0 ? b : new EventNode(nb, b.l, b.r);
  return normNode(nb, l, r);
}

/** The pointwise maximum of two event trees, normal; returns an input when it dominates. */
export function joinEvents(a: EventTree, b: EventTree): EventTree {
  return joinDown(a, b, 0);
}

/** leq(lift(a, oa), lift(b, ob)) without building anything. */
function leqAt(a: EventTree, oa: number, b: EventTree, ob: number): boolean {
  if (typeof a === "number") return a + oa <= (typeof b === "number" ? b : b.n) + ob;
  if (typeof b === "number") return height(a) + oa <= b + ob;
  const na = a.n + oa;
  const nb = b.n + ob;
  if (na > nb) return false;
  if (a === b) return true; // same subtree, lifted at least as much
  return leqAt(a.l, na, b.l, nb) && leqAt(a.r, na, b.r, nb);
}

export function leqEvents(a: EventTree, b: EventTree): boolean {
  return a === b || leqAt(a, 0, b, 0);
}

/** Structural equality of normal trees (equal functions). */
export function eventsEqual(a: EventTree, b: EventTree): boolean {
  if (a === b) return true;
  if (typeof a === "number" || typeof b === "number") return false;
  return a.n === b.n && eventsEqual(a.l, b.l) && eventsEqual(a.r, b.r);
}
