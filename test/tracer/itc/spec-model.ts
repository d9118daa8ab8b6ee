// A second, deliberately naive ITC written line by line from specs/itc.md (tuples, explicit
// norm after every step, no sharing tricks, bit strings). Tests run the same histories through
// it and through tracer/itc and demand identical texts and bits: an oracle for the optimised
// code's shortcuts (offset joins, identity-based fill check, module-variable costs).
import { EventNode, IdNode, Stamp } from "../../../tracer/itc/index.ts";
import type { EventTree, Id } from "../../../tracer/itc/index.ts";

export type MId = 0 | 1 | [MId, MId];
export type MEv = number | [number, MEv, MEv];
export type MStamp = [MId, MEv];

export const mSeed = (): MStamp => [1, 0];

/** Normalises an id bottom-up. */
export function normId(i: MId): MId {
  if (typeof i === "number") return i;
  const l = normId(i[0]);
  const r = normId(i[1]);
  if (l === 0 && r === 0) return 0;
  if (l === 1 && r === 1) return 1;
  return [l, r];
}

const base = (e: MEv): number => (typeof e === "number" ? e : e[0]);
const lift = (e: MEv, m: number): MEv => (typeof e === "number" ? e + m : [e[0] + m, e[1], e[2]]);
const sink = (e: MEv, m: number): MEv => (typeof e === "number" ? e - m : [e[0] - m, e[1], e[2]]);
const height = (e: MEv): number => (typeof e === "number" ? e : e[0] + Math.max(height(e[1]), height(e[2])));

/** norm of a node whose children are already normal. */
export function normEv(e: MEv): MEv {
  if (typeof e === "number") return e;
  const [n, a, b] = e;
  if (typeof a === "number" && typeof b === "number" && a === b) return n + a;
  const m = Math.min(base(a), base(b));
  return [n + m, sink(a, m), sink(b, m)];
}

function split(i: MId): [MId, MId] {
  if (i === 0) return [0, 0];
  if (i === 1) return [[1, 0], [0, 1]];
  const [l, r] = i;
  if (l === 0) {
    const [i1, i2] = split(r);
    return [[0, i1], [0, i2]];
  }
  if (r === 0) {
    const [i1, i2] = split(l);
    return [[i1, 0], [i2, 0]];
  }
  return [[l, 0], [0, r]];
}

function sum(a: MId, b: MId): MId {
  if (a === 0) return b;
  if (b === 0) return a;
  if (typeof a === "number" || typeof b === "number") throw new Error("model: overlapping ids");
  return normId([sum(a[0], b[0]), sum(a[1], b[1])]);
}

export function mJoinEv(e1: MEv, e2: MEv): MEv {
  if (typeof e1 === "number" && typeof e2 === "number") return Math.max(e1, e2);
  if (typeof e1 === "number") return mJoinEv([e1, 0, 0], e2);
  if (typeof e2 === "number") return mJoinEv(e1, [e2, 0, 0]);
  if (e1[0] > e2[0]) return mJoinEv(e2, e1);
  const [n1, l1, r1] = e1;
  const [n2, l2, r2] = e2;
  const d = n2 - n1;
  return normEv([n1, mJoinEv(l1, lift(l2, d)), mJoinEv(r1, lift(r2, d))]);
}

export function mLeq(a: MEv, b: MEv): boolean {
  if (typeof a === "number") return a <= base(b);
  const [n1, l1, r1] = a;
  if (typeof b === "number") return n1 <= b && mLeq(lift(l1, n1), b) && mLeq(lift(r1, n1), b);
  const [n2, l2, r2] = b;
  return n1 <= n2 && mLeq(lift(l1, n1), lift(l2, n2)) && mLeq(lift(r1, n1), lift(r2, n2));
}

function fill(i: MId, e: MEv): MEv {
  if (i === 0) return e;
  if (i === 1) return height(e);
  if (typeof e === "number") return e;
  const [n, el, er] = e;
  if (i[0] === 1) {
    const er1 = fill(i[1], er);
    return normEv([n, Math.max(height(el), base(er1)), er1]);
  }
  if (i[1] === 1) {
    const el1 = fill(i[0], el);
    return normEv([n, el1, Math.max(height(er), base(el1))]);
  }
  return normEv([n, fill(i[0], el), fill(i[1], er)]);
}

/** grow(i, e) as [tree, cost]; `tieRight` false flips the tie-break (only to measure test coverage). */
function grow(i: MId, e: MEv, tieRight = true): [MEv, number] {
  if (i === 1 && typeof e === "number") return [e + 1, 0];
  if (typeof e === "number") {
    const [t, c] = grow(i, [e, 0, 0], tieRight);
    return [t, c + 1000];
  }
  if (typeof i === "number") throw new Error("model: grow on id " + i + " with a node");
  const [n, el, er] = e;
  if (i[0] === 0) {
    const [r, c] = grow(i[1], er, tieRight);
    return [[n, el, r], c + 1];
  }
  if (i[1] === 0) {
    const [l, c] = grow(i[0], el, tieRight);
    return [[n, l, er], c + 1];
  }
  const [l, cl] = grow(i[0], el, tieRight);
  const [r, cr] = grow(i[1], er, tieRight);
  const left = tieRight ? cl < cr : cl <= cr;
  return left ? [[n, l, er], cl + 1] : [[n, el, r], cr + 1];
}

const evText = (e: MEv): string => (typeof e === "number" ? String(e) : `(${e[0]},${evText(e[1])},${evText(e[2])})`);
const idText = (i: MId): string => (typeof i === "number" ? String(i) : `(${idText(i[0])},${idText(i[1])})`);
export const mText = (s: MStamp): string => `(${idText(s[0])},${evText(s[1])})`;

export function mFork(s: MStamp): [MStamp, MStamp] {
  const [a, b] = split(s[0]);
  return [[a, s[1]], [b, s[1]]];
}

export function mEvent(s: MStamp, tieRight = true): MStamp {
  const [i, e] = s;
  const f = fill(i, e);
  return evText(f) !== evText(e) ? [i, f] : [i, grow(i, e, tieRight)[0]];
}

/** Would the event on s come out differently if grow broke ties to the left? */
export const mEventHitsTie = (s: MStamp): boolean => mText(mEvent(s)) !== mText(mEvent(s, false));

export const mJoin = (a: MStamp, b: MStamp): MStamp => [sum(a[0], b[0]), mJoinEv(a[1], b[1])];
export const mPeek = (s: MStamp): MStamp => [0, s[1]];

/** Normalises a whole tree bottom-up. */
export function mNormDeep(e: MEv): MEv {
  return typeof e === "number" ? e : normEv([e[0], mNormDeep(e[1]), mNormDeep(e[2])]);
}

// The binary code as a string of '0' and '1', straight from the spec's tables.
function num(n: number, b: number): string {
  return n < 2 ** b ? "0" + n.toString(2).padStart(b, "0") : "1" + num(n - 2 ** b, b + 1);
}
function idBits(i: MId): string {
  if (i === 0) return "000";
  if (i === 1) return "001";
  if (i[0] === 0) return "01" + idBits(i[1]);
  if (i[1] === 0) return "10" + idBits(i[0]);
  return "11" + idBits(i[0]) + idBits(i[1]);
}
function evBits(e: MEv): string {
  if (typeof e === "number") return "1" + num(e, 2);
  const [n, l, r] = e;
  if (n === 0) {
    if (l === 0) return "000" + evBits(r);
    if (r === 0) return "001" + evBits(l);
    return "010" + evBits(l) + evBits(r);
  }
  if (l === 0) return "01100" + evBits(n) + evBits(r);
  if (r === 0) return "01101" + evBits(n) + evBits(l);
  return "0111" + evBits(n) + evBits(l) + evBits(r);
}
export const mBits = (s: MStamp): string => idBits(s[0]) + evBits(s[1]);

// Conversions to and from the library's values.
export function fromModel(s: MStamp): Stamp {
  const id = (i: MId): Id => (typeof i === "number" ? i : new IdNode(id(i[0]), id(i[1])));
  const ev = (e: MEv): EventTree => (typeof e === "number" ? e : new EventNode(e[0], ev(e[1]), ev(e[2])));
  return new Stamp(id(s[0]), ev(s[1]));
}
