// The spec's worked examples and hand-computed cases for fork, fill, grow (with its cost
// tie-break), join, compare and the binary code.
import test from "ava";
import * as itc from "../../../tracer/itc/index.ts";
import { fromModel, mBits, mEvent, mText } from "./spec-model.ts";
import type { MStamp } from "./spec-model.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const ev = (text: string) => itc.toText(itc.event(itc.fromText(text)));

test("seed is (1,0), 7 bits, the single byte 0x30, base64url MA", (t) => {
  const s = itc.seed();
  t.is(itc.toText(s), "(1,0)");
  t.is(itc.encodedBits(s), 7);
  t.deepEqual([...itc.encode(s)], [0x30]);
  t.is(itc.encodeBase64url(s), "MA");
  t.is(itc.toText(itc.decode(Uint8Array.of(0x30))), "(1,0)");
});

test("fork of the seed gives ((1,0),0) and ((0,1),0); an event on the left gives ((1,0),(0,1,0))", (t) => {
  const [l, r] = itc.fork(itc.seed());
  t.is(itc.toText(l), "((1,0),0)");
  t.is(itc.toText(r), "((0,1),0)");
  t.is(itc.toText(itc.event(l)), "((1,0),(0,1,0))");
  t.is(itc.toText(itc.event(r)), "((0,1),(0,0,1))");
});

test("split follows the spec's cases", (t) => {
  const left = (s: string) => itc.fork(itc.fromText(s)).map(itc.toText);
  t.deepEqual(left("((0,1),5)"), ["((0,(1,0)),5)", "((0,(0,1)),5)"]);
  t.deepEqual(left("(((1,0),0),5)"), ["((((1,0),0),0),5)", "((((0,1),0),0),5)"]);
  t.deepEqual(left("(((1,0),(0,1)),5)"), ["(((1,0),0),5)", "((0,(0,1)),5)"]);
});

test("event on a seed-like id 1 increments the leaf; on a node it fills to the height", (t) => {
  t.is(ev("(1,0)"), "(1,1)");
  t.is(ev("(1,41)"), "(1,42)");
  t.is(ev("(1,(0,1,0))"), "(1,1)");
  t.is(ev("(1,(2,(0,0,3),0))"), "(1,5)");
});

test("fill: the (1, ir) case lifts the left to max(height(el), base(er')) and normalises", (t) => {
  // er' = fill(0, 1) = 1; left = max(0, 1) = 1; norm((0,1,1)) = 1
  t.is(ev("((1,0),(0,0,1))"), "((1,0),1)");
  // mirror image (il, 1)
  t.is(ev("((0,1),(0,1,0))"), "((0,1),1)");
  // generic pair: fill((1,0),(0,0,2)) = 2, then norm((0,2,1)) = (1,1,0)
  t.is(ev("(((1,0),0),(0,(0,0,2),1))"), "(((1,0),0),(1,1,0))");
  // the left is raised to the right's base 2, then the base moves up: (2,0,(0,0,3))
  t.is(ev("((1,0),(0,0,(2,0,3)))"), "((1,0),(2,0,(0,0,3)))");
});

test("when fill cannot raise anything, event grows inside the id", (t) => {
  // the right's base is 0, so fill((1,0), e) = e; grow(1, 0) makes the left 1
  t.is(ev("((1,0),(0,0,(0,0,3)))"), "((1,0),(0,1,(0,0,3)))");
  t.is(ev("((1,0),(0,1,0))"), "((1,0),(0,2,0))");
});

test("grow prefers the cheaper side and widens leaves only when it must (cost 1000)", (t) => {
  // right costs 0 (leaf under id 1), left would widen a leaf (cost 1001)
  t.is(ev("(((1,0),1),(0,0,1))"), "(((1,0),1),(0,0,2))");
  // left costs 0, right would widen
  t.is(ev("((1,(0,1)),(0,1,0))"), "((1,(0,1)),(0,2,0))");
  // left costs 1, right costs 2 (one level deeper)
  t.is(
    ev("(((1,0),(0,(1,0))),(0,(0,1,0),(0,0,(0,1,0))))"),
    "(((1,0),(0,(1,0))),(0,(0,2,0),(0,0,(0,1,0))))",
  );
});

test("grow breaks cost ties to the right", (t) => {
  // both sides cost 1001 (widen a leaf): keep the grown right
  t.is(ev("(((1,0),(0,1)),0)"), "(((1,0),(0,1)),(0,0,(0,0,1)))");
  // both sides cost 1 (grow an existing leaf one level down): keep the grown right
  t.is(ev("(((1,0),(0,1)),(0,(0,1,0),(0,0,1)))"), "(((1,0),(0,1)),(0,(0,1,0),(0,0,2)))");
});

test("hand cases agree with the naive spec model", (t) => {
  const cases: MStamp[] = [
    [[[1, 0], 1], [0, 0, 1]],
    [[1, [0, 1]], [0, 1, 0]],
    [[[1, 0], [0, 1]], 0],
    [[[1, 0], [0, 1]], [0, [0, 1, 0], [0, 0, 1]]],
    [[[1, 0], 0], [0, [0, 0, 2], 1]],
  ];
  for (const c of cases) t.is(itc.toText(itc.event(fromModel(c))), mText(mEvent(c)));
});

test("join sums ids and takes the pointwise maximum, normalised", (t) => {
  const j = (a: string, b: string) => itc.toText(itc.join(itc.fromText(a), itc.fromText(b)));
  t.is(j("((1,0),(0,1,0))", "((0,1),(0,0,1))"), "(1,1)");
  t.is(j("((1,0),(0,2,0))", "((0,1),(0,0,1))"), "(1,(1,1,0))");
  // leaf 3 over base 1: (1, 0⊔2, (0,2,0)⊔2) = (1,2,2) = 3
  t.is(j("(0,(1,0,(0,2,0)))", "(0,3)"), "(0,3)");
  t.is(j("(0,(1,0,(0,2,0)))", "(0,2)"), "(0,(2,0,(0,1,0)))");
  t.is(j("(0,(1,0,(0,2,0)))", "(0,4)"), "(0,4)");
  t.is(j("((1,0),5)", "(0,(0,7,0))"), "((1,0),(5,2,0))");
});

test("compare gives equal, before, after and concurrent", (t) => {
  const [a, b] = itc.fork(itc.seed());
  const a1 = itc.event(a);
  const b1 = itc.event(b);
  t.is(itc.compare(a, b), "equal");
  t.is(itc.compare(a, a1), "before");
  t.is(itc.compare(a1, a), "after");
  t.is(itc.compare(a1, b1), "concurrent");
  t.is(itc.compare(itc.join(a1, b1), a1), "after");
  t.true(itc.leq(itc.peek(a1), a1));
  t.is(itc.toText(itc.peek(a1)), "(0,(0,1,0))");
});

test("binary code, bit by bit, for hand-encoded stamps", (t) => {
  // id (1,0) = 10 001; event (0,1,0) = 0 01 then leaf 1 = 1 0 01
  t.is(hex(itc.encode(itc.fromText("((1,0),(0,1,0))"))), "8990");
  t.is(itc.encodedBits(itc.fromText("((1,0),(0,1,0))")), 12);
  // id 1 = 001; (1,0,2) = 0 11 0 0, leaf 1 = 1001, leaf 2 = 1010
  t.is(hex(itc.encode(itc.fromText("(1,(1,0,2))"))), "2c9a");
  // leaf 5 = 1 then num(5,2) = 1 (5 >= 4) then num(1,3) = 0 001
  t.is(mBits([0, 5]), "000" + "110001");
  // 000 110001, padded: 00011000 10000000
  t.is(hex(itc.encode(itc.fromText("(0,5)"))), "1880");
  // id (0,(1,(0,1))) = 01 11 001 01 001; event (0,(0,0,1),(2,1,0)) = 010, 000 1001, 01101 1010 1001
  const s = itc.fromText("((0,(1,(0,1))),(0,(0,0,1),(2,1,0)))");
  const bits = "01" + "11" + "001" + "01" + "001" + "010" + "000" + "1001" + "01101" + "1010" + "1001";
  t.is(itc.encodedBits(s), bits.length);
  const bytes = itc.encode(s);
  const fromBytes = [...bytes].map((b) => b.toString(2).padStart(8, "0")).join("");
  t.is(fromBytes, bits.padEnd(bytes.length * 8, "0"));
});

test("numbers switch width at 4, 12, 28 (num(n,2) ladder)", (t) => {
  const bitsOf = (n: number) => itc.encodedBits(new itc.Stamp(0, n)) - 3 - 1;
  t.deepEqual([0, 3, 4, 11, 12, 27, 28].map(bitsOf), [3, 3, 5, 5, 7, 7, 9]);
  const big = Number.MAX_SAFE_INTEGER;
  t.is(itc.toText(itc.decode(itc.encode(new itc.Stamp(1, big)))), `(1,${big})`);
});

test("forkMany splits balanced, left to right, and rejects nonsense counts", (t) => {
  t.deepEqual(itc.forkMany(itc.seed(), 1).map(itc.toText), ["(1,0)"]);
  t.deepEqual(itc.forkMany(itc.seed(), 3).map(itc.toText), ["(((1,0),0),0)", "(((0,1),0),0)", "((0,1),0)"]);
  t.deepEqual(itc.forkMany(itc.seed(), 4).map(itc.toText), ["(((1,0),0),0)", "(((0,1),0),0)", "((0,(1,0)),0)", "((0,(0,1)),0)"]);
  // 1000 ways stay 10 levels deep (a chain of forks would be 1000 deep)
  const parts = itc.forkMany(itc.seed(), 1000);
  const depth = (i: itc.Id): number => (typeof i === "number" ? 0 : 1 + Math.max(depth(i.l), depth(i.r)));
  t.is(Math.max(...parts.map((p) => depth(p.id))), 10);
  t.is(parts.reduce((a, b) => itc.join(a, b)).id, 1);
  for (const k of [0, -1, 1.5, Number.NaN]) t.throws(() => itc.forkMany(itc.seed(), k), { instanceOf: itc.ItcError });
});
