// Event trees: normalisation, join and leq, exactly as specs/itc.md states them.
// Join and leq carry the ancestors' accumulated base as an offset instead of building lifted
// copies, and return an input subtree whenever it already is the answer, so unchanged parts
// stay shared and no garbage is made. Normal forms are canonical (a node exists exactly where
// its interval is not constant, and its base is the minimum), so these shortcuts give the same
// trees as the reference implementations.
import { EventNode } from "./types.ts";
import type { EventTree } from "./types.ts";

export function base(e: EventTree): number {
  return typeof e === "number" ? e : e.n;
}

/** The largest counter in the tree (the paper's max). */
export function height(e: EventTree): number {
  if (typeof e === "number") return e;
  const l = height(e.l);
  const r = height(e.r);
  return e.n + (l > r ? l : r);
}

export function lift(e: EventTree, m: number): EventTree {
  if (m === 0) return e;
  return typeof e === "number" ? e + m : new EventNode(e.n + m, e.l, e.r);
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

/** join(lift(a, oa), lift(b, ob)), normal. */
function joinAt(a: EventTree, oa: number, b: EventTree, ob: number): EventTree {
  if (a === b) return lift(a, oa > ob ? oa : ob);
  if (typeof a === "number") {
    const x = a + oa;
    if (typeof b === "number") {
      const y = b + ob;
      return x > y ? x : y;
    }
    const nb = b.n + ob;
    // A leaf no higher than a normal node's base (its minimum) is dominated by it.
    if (x <= nb) return lift(b, ob);
    return normNode(nb, joinAt(x - nb, 0, b.l, 0), joinAt(x - nb, 0, b.r, 0));
  }
  const na = a.n + oa;
  if (typeof b === "number") {
    const y = b + ob;
    if (y <= na) return lift(a, oa);
    return normNode(na, joinAt(a.l, 0, y - na, 0), joinAt(a.r, 0, y - na, 0));
  }
  const nb = b.n + ob;
  if (na <= nb) {
    const d = nb - na;
    const l = joinAt(a.l, 0, b.l, d);
    const r = joinAt(a.r, 0, b.r, d);
    if (l === a.l && r === a.r) return lift(a, oa);
    return normNode(na, l, r);
  }
  const d = na - nb;
  const l = joinAt(b.l, 0, a.l, d);
  const r = joinAt(b.r, 0, a.r, d);
  if (l === b.l && r === b.r) return lift(b, ob);
  return normNode(nb, l, r);
}

export function joinEvents(a: EventTree, b: EventTree): EventTree {
  return joinAt(a, 0, b, 0);
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
