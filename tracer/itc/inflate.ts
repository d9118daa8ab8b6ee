// The event operation's two rules, fill and grow (specs/itc.md), fused into one walk.
//
// event((i, e)) is (i, fill(i, e)) when that differs from e, else (i, grow(i, e)). The fused
// walk computes fill bottom-up and, for every subtree that fill leaves unchanged, also grow of
// that subtree and its cost. If fill changes nothing anywhere (the usual case) the grown tree is
// ready without a second walk; if it changes something, the grown parts are simply dropped.
// fill returns the very input object when it changes nothing (it only ever raises counters, so
// "unchanged" and "same object" coincide), which makes the "fill(i, e) ≠ e" test O(1).
import { height, normNode } from "./event-tree.ts";
import { EventNode, ItcError } from "./types.ts";
import type { EventTree, Id } from "./types.ts";

/** The paper's "large constant" charged for widening a leaf into a node. */
const WIDEN_COST = 1000;

// Side results, in one object so the walk allocates only tree nodes (and field access avoids
// the TDZ checks of module-level `let`). After fillGrow(i, e) returns e itself, `out.grown`
// is grow(i, e).tree and `out.cost` its cost.
const out: { grown: EventTree; cost: number } = { grown: 0, cost: 0 };

/** The event tree after one event recorded under id i ≠ 0. */
export function inflate(i: Id, e: EventTree): EventTree {
  const filled = fillGrow(i, e);
  return filled !== e ? filled : out.grown;
}

function fillGrow(i: Id, e: EventTree): EventTree {
  if (typeof e === "number") {
    // fill(i, n) = n; grow(1, n) = n + 1; any other id widens n to (n, 0, 0) at a large cost.
    if (i === 1) {
      out.grown = e + 1;
      out.cost = 0;
    } else {
      out.grown = growLeaf(i, e);
      out.cost += WIDEN_COST;
    }
    return e;
  }
  if (i === 1) return height(e); // a normal node is never constant, so this always changes e
  if (i === 0) throw notNormal();
  const il = i.l;
  const ir = i.r;
  const n = e.n;
  const el = e.l;
  const er = e.r;
  // In a normal id a child 1 has a sibling that is 0 or a pair, never 1.
  if (il === 1) {
    const er1 = ir === 0 ? er : fillGrow(ir, er);
    const hl = typeof el === "number" ? el : height(el);
    const br = typeof er1 === "number" ? er1 : er1.n;
    const left = hl > br ? hl : br;
    if (er1 !== er || left !== el) return normNode(n, left, er1);
    // Unchanged, so el is a leaf: growing it under id 1 costs 0, which the right side can
    // only tie (ties go right).
    if (ir !== 0 && out.cost === 0) out.grown = new EventNode(n, el, out.grown);
    else out.grown = new EventNode(n, (el as number) + 1, er);
    out.cost = 1;
    return e;
  }
  if (ir === 1) {
    const el1 = il === 0 ? el : fillGrow(il, el);
    const hr = typeof er === "number" ? er : height(er);
    const bl = typeof el1 === "number" ? el1 : el1.n;
    const right = hr > bl ? hr : bl;
    if (el1 !== el || right !== er) return normNode(n, el1, right);
    // Growing the leaf er under id 1 costs 0: the left side can at best tie, and ties go right.
    out.grown = new EventNode(n, el, (er as number) + 1);
    out.cost = 1;
    return e;
  }
  if (il === 0) {
    const er1 = fillGrow(ir, er);
    if (er1 !== er) return normNode(n, el, er1);
    out.grown = new EventNode(n, el, out.grown);
    out.cost += 1;
    return e;
  }
  if (ir === 0) {
    const el1 = fillGrow(il, el);
    if (el1 !== el) return normNode(n, el1, er);
    out.grown = new EventNode(n, out.grown, er);
    out.cost += 1;
    return e;
  }
  const el1 = fillGrow(il, el);
  const grownLeft = out.grown;
  const costLeft = out.cost;
  const er1 = fillGrow(ir, er);
  if (el1 !== el || er1 !== er) return normNode(n, el1, er1);
  if (costLeft < out.cost) {
    out.grown = new EventNode(n, grownLeft, er);
    out.cost = costLeft + 1;
  } else {
    out.grown = new EventNode(n, el, out.grown);
    out.cost += 1;
  }
  return e;
}

/** grow(i, (n, 0, 0)) for an id i other than 0 and 1, leaving its cost in `out.cost`. */
function growLeaf(i: Id, n: number): EventTree {
  if (typeof i === "number") throw notNormal();
  if (i.l === 0) {
    const r = growLeaf1(i.r);
    out.cost += 1;
    return new EventNode(n, 0, r);
  }
  if (i.r === 0) {
    const l = growLeaf1(i.l);
    out.cost += 1;
    return new EventNode(n, l, 0);
  }
  const l = growLeaf1(i.l);
  const costLeft = out.cost;
  const r = growLeaf1(i.r);
  if (costLeft < out.cost) {
    out.cost = costLeft + 1;
    return new EventNode(n, l, 0);
  }
  out.cost += 1;
  return new EventNode(n, 0, r);
}

/** grow(i, 0) with its cost in `out.cost`. */
function growLeaf1(i: Id): EventTree {
  if (i === 1) {
    out.cost = 0;
    return 1;
  }
  const t = growLeaf(i, 0);
  out.cost += WIDEN_COST;
  return t;
}

function notNormal(): ItcError {
  return new ItcError("invalid-argument", "event on a stamp whose id is not in normal form");
}
