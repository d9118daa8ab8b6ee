// Property-based laws over random causal histories, and agreement with the naive spec model.
import test from "ava";
import type { ExecutionContext } from "ava";
import fc from "fast-check";
import * as itc from "../../../tracer/itc/index.ts";
import type { Id, Stamp } from "../../../tracer/itc/index.ts";
import { history, runLibrary, runModel, someStamp, stamps } from "./histories.ts";
import { fromModel, mBits, mEvent, mEventHitsTie, mFork, mJoinEv, mLeq, mNormDeep, mText, normId } from "./spec-model.ts";
import type { MEv, MId } from "./spec-model.ts";

const runs = { numRuns: 150 };
/** Runs a fast-check assertion as an ava assertion (the counterexample is in the message). */
function check<T>(t: ExecutionContext, property: fc.IProperty<T>, params: fc.Parameters<T>): void {
  t.notThrows(() => fc.assert(property, params));
}
const sameEvents = (a: Stamp, b: Stamp) => itc.stampsEqual(itc.peek(a), itc.peek(b));

test("every stamp of every history is in normal form and matches the spec model exactly", (t) => {
  check(
    t,
    fc.property(history, (h) => {
      const lib = runLibrary(h).all;
      const model = runModel(h).all;
      if (lib.length !== model.length) return false;
      for (let k = 0; k < lib.length; k++) {
        if (!itc.isNormal(lib[k])) return false;
        if (itc.toText(lib[k]!) !== mText(model[k]!)) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
});

test("the generated histories do exercise grow's cost tie-break", (t) => {
  const samples = fc.sample(history, { numRuns: 300, seed: 42 });
  const hits = samples.filter((h) => runModel(h).evented.some(mEventHitsTie)).length;
  t.true(hits >= 10, `only ${hits} of 300 histories record an event whose result depends on the tie-break`);
});

test("leq agrees with the spec model's leq on all pairs", (t) => {
  check(
    t,
    fc.property(stamps, (all) => {
      const model = all.map((s) => itc.toText(s));
      for (let x = 0; x < all.length; x += 3) {
        for (let y = 0; y < all.length; y += 2) {
          const mx = toModelEvent(model[x]!);
          const my = toModelEvent(model[y]!);
          if (itc.leq(all[x]!, all[y]!) !== mLeq(mx, my)) return false;
        }
      }
      return true;
    }),
    { numRuns: 60 },
  );
});

test("join of event trees is commutative, associative and idempotent", (t) => {
  check(
    t,
    fc.property(someStamp, someStamp, someStamp, (x, y, z) => {
      const [a, b, c] = [itc.peek(x), itc.peek(y), itc.peek(z)];
      return (
        itc.stampsEqual(itc.join(a, b), itc.join(b, a)) &&
        itc.stampsEqual(itc.join(itc.join(a, b), c), itc.join(a, itc.join(b, c))) &&
        itc.stampsEqual(itc.join(a, a), a) &&
        itc.isNormal(itc.join(a, b))
      );
    }),
    runs,
  );
});

test("join is the least upper bound under leq", (t) => {
  check(
    t,
    fc.property(someStamp, someStamp, (x, y) => {
      const j = itc.join(itc.peek(x), itc.peek(y));
      return itc.leq(x, j) && itc.leq(y, j) && (itc.leq(x, y) === sameEvents(j, y));
    }),
    runs,
  );
});

// Arbitrary event trees (not only those histories reach), normalised: every branch of join's
// offset arithmetic (leaf vs node either way, higher base on either side, shared subtrees).
const counterSmall = fc.nat({ max: 6 });
const { tree } = fc.letrec<{ tree: MEv }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    counterSmall,
    fc.tuple(counterSmall, tie("tree"), tie("tree")),
  ),
}));
const normalTree = tree.map(mNormDeep);
const { id } = fc.letrec<{ id: MId }>((tie) => ({
  id: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constantFrom<MId>(0, 1), fc.tuple(tie("id"), tie("id"))),
}));
const normalId = id.map(normId);

test("join and leq agree with the spec model on arbitrary normal event trees", (t) => {
  check(
    t,
    fc.property(normalTree, normalTree, (x, y) => {
      const a = fromModel([0, x]);
      const b = fromModel([0, y]);
      const j = itc.join(a, b);
      return (
        itc.toText(j) === mText([0, mJoinEv(x, y)]) &&
        itc.isNormal(j) &&
        itc.leq(a, b) === mLeq(x, y) &&
        itc.leq(b, a) === mLeq(y, x) &&
        itc.stampsEqual(itc.join(a, a), a) &&
        itc.stampsEqual(itc.join(j, a), j)
      );
    }),
    { numRuns: 1000 },
  );
});

test("event and fork agree with the spec model on arbitrary normal ids and event trees", (t) => {
  check(
    t,
    fc.property(normalId, normalTree, (i, e) => {
      if (i === 0) return true;
      const s = fromModel([i, e]);
      const after = itc.event(s);
      const [l, r] = itc.fork(s);
      const [ml, mr] = mFork([i, e]);
      return (
        itc.toText(after) === mText(mEvent([i, e])) &&
        itc.isNormal(after) &&
        itc.compare(s, after) === "before" &&
        itc.toText(l) === mText(ml) &&
        itc.toText(r) === mText(mr)
      );
    }),
    { numRuns: 1000 },
  );
});

test("arbitrary normal stamps: bits match the spec model; binary, base64url and text round-trip", (t) => {
  check(
    t,
    fc.property(normalId, normalTree, (i, e) => {
      const s = fromModel([i, e]);
      const bits = mBits([i, e]);
      const bytes = itc.encode(s);
      const packed = [...bytes].map((b) => b.toString(2).padStart(8, "0")).join("");
      return (
        itc.encodedBits(s) === bits.length &&
        packed === bits.padEnd(packed.length, "0") &&
        packed.length - bits.length < 8 &&
        itc.stampsEqual(itc.decode(bytes), s) &&
        itc.stampsEqual(itc.decodeBase64url(itc.encodeBase64url(s)), s) &&
        itc.stampsEqual(itc.fromText(itc.toText(s)), s)
      );
    }),
    { numRuns: 1000 },
  );
});

test("leq is a partial order: reflexive, antisymmetric, transitive", (t) => {
  check(
    t,
    fc.property(stamps, (all) => {
      const s = all.slice(-14);
      for (const a of s) {
        if (!itc.leq(a, a) || itc.compare(a, a) !== "equal") return false;
        for (const b of s) {
          const ab = itc.leq(a, b);
          const ba = itc.leq(b, a);
          if (ab && ba && !sameEvents(a, b)) return false;
          const expected = ab ? (ba ? "equal" : "before") : ba ? "after" : "concurrent";
          if (itc.compare(a, b) !== expected) return false;
          if (!ab) continue;
          for (const c of s) if (itc.leq(b, c) && !itc.leq(a, c)) return false;
        }
      }
      return true;
    }),
    { numRuns: 80 },
  );
});

test("an event is strictly after its stamp", (t) => {
  check(
    t,
    fc.property(someStamp, (s) => {
      if (s.id === 0) return true;
      const e = itc.event(s);
      return itc.leq(s, e) && !itc.leq(e, s) && itc.compare(s, e) === "before" && itc.isNormal(e);
    }),
    runs,
  );
});

test("binary and text round trips; code length and bits match the spec model", (t) => {
  check(
    t,
    fc.property(stamps, (all) => {
      for (const s of all) {
        const bytes = itc.encode(s);
        const back = itc.decode(bytes);
        if (!itc.stampsEqual(back, s)) return false;
        if (!itc.stampsEqual(itc.fromText(itc.toText(s)), s)) return false;
        if (!itc.stampsEqual(itc.decodeBase64url(itc.encodeBase64url(s)), s)) return false;
        const bits = mBits(toModel(itc.toText(s)));
        if (itc.encodedBits(s) !== bits.length) return false;
        const packed = [...bytes].map((b) => b.toString(2).padStart(8, "0")).join("");
        if (packed !== bits.padEnd(Math.ceil(bits.length / 8) * 8, "0")) return false;
      }
      return true;
    }),
    { numRuns: 100 },
  );
});

test("counters of any size encode exactly as the spec's num(n, 2) ladder and round-trip", (t) => {
  const counter = fc.oneof(fc.nat({ max: 100 }), fc.nat({ max: 2 ** 30 }), fc.maxSafeNat());
  check(
    t,
    fc.property(counter, counter, (n, m) => {
      const s = fromModel([1, [n + 1, 0, [0, m + 1, 0]]]);
      const bits = mBits([1, [n + 1, 0, [0, m + 1, 0]]]);
      const packed = [...itc.encode(s)].map((b) => b.toString(2).padStart(8, "0")).join("");
      if (itc.encodedBits(s) !== bits.length || packed !== bits.padEnd(packed.length, "0")) return false;
      // the decoder refuses trees whose counters sum past 2^53 - 1 along a path
      if (n + 1 + (m + 1) > Number.MAX_SAFE_INTEGER) {
        return throwsReason(() => itc.decode(itc.encode(s)), "number-too-large");
      }
      return itc.stampsEqual(itc.decode(itc.encode(s)), s);
    }),
    { numRuns: 300 },
  );
});

test("ids of live stamps never overlap, and together they own the whole interval", (t) => {
  check(
    t,
    fc.property(history, (h) => {
      const { live } = runLibrary(h);
      for (let x = 0; x < live.length; x++) {
        for (let y = x + 1; y < live.length; y++) if (overlaps(live[x]!.id, live[y]!.id)) return false;
      }
      return live.reduce((a, b) => itc.join(a, b)).id === 1;
    }),
    runs,
  );
});

test("fork K ways (K = 1..64), one event each, join all back: (1,1) in 7 bits", (t) => {
  for (let k = 1; k <= 64; k++) {
    const parts = itc.forkMany(itc.seed(), k).map(itc.event);
    t.is(parts.length, k);
    const back = parts.reduce((a, b) => itc.join(a, b));
    t.is(itc.toText(back), "(1,1)", `K=${k}`);
    t.is(itc.encodedBits(back), 7);
  }
});

test("fork K ways in any shape, from any stamp, joined in any order, gives back the id, strictly later", (t) => {
  check(
    t,
    fc.property(someStamp, fc.array(fc.nat(), { minLength: 0, maxLength: 63 }), fc.array(fc.nat(), { maxLength: 64 }), (s0, splits, order) => {
      if (s0.id === 0) return true;
      const parts = [s0];
      for (const k of splits) {
        const at = k % parts.length;
        parts.splice(at, 1, ...itc.fork(parts[at]!));
      }
      let pool = parts.map(itc.event);
      for (const k of order) {
        if (pool.length < 2) break;
        const a = k % pool.length;
        const b = (a + 1) % pool.length;
        const j = itc.join(pool[a]!, pool[b]!);
        pool = pool.filter((_, i) => i !== a && i !== b).concat([j]);
      }
      const back = pool.reduce((a, b) => itc.join(a, b));
      return itc.stampsEqual(new itc.Stamp(back.id, 0), new itc.Stamp(s0.id, 0)) && itc.compare(s0, back) === "before" && itc.isNormal(back);
    }),
    { numRuns: 100 },
  );
});

function throwsReason(fn: () => unknown, reason: string): boolean {
  try {
    fn();
    return false;
  } catch (e) {
    return e instanceof itc.ItcError && e.reason === reason;
  }
}

function overlaps(a: Id, b: Id): boolean {
  if (a === 0 || b === 0) return false;
  if (a === 1 || b === 1) return true;
  return overlaps(a.l, b.l) || overlaps(a.r, b.r);
}

// Model values from the library's text (the text format is the shared ground).
function toModel(text: string) {
  return JSON.parse(text.replace(/\(/g, "[").replace(/\)/g, "]")) as Parameters<typeof fromModel>[0];
}
function toModelEvent(text: string) {
  return toModel(text)[1];
}
