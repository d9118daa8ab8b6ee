// Untrusted input: truncated, over-long, non-normal, deeply nested, trailing garbage and random
// bytes/text. Every outcome is either a valid stamp (which re-encodes to the very input) or an
// ItcError with the right reason, never another exception, never a hang.
import test from "ava";
import type { ExecutionContext } from "ava";
import fc from "fast-check";
import * as itc from "../../../tracer/itc/index.ts";
import type { ItcErrorReason } from "../../../tracer/itc/index.ts";
import { someStamp } from "./histories.ts";

function fails(t: ExecutionContext, reason: ItcErrorReason, fn: () => unknown, message?: RegExp): void {
  const error = t.throws(fn, { instanceOf: itc.ItcError });
  t.is(error?.reason, reason, error?.message);
  if (message) t.regex(error?.message ?? "", message);
}

/** Packs a string of '0'/'1' into bytes, MSB first, zero-padded. */
function bits(b: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(b.length / 8));
  for (let k = 0; k < b.length; k++) if (b[k] === "1") out[k >> 3]! |= 0x80 >> (k & 7);
  return out;
}

test("fork and event on an anonymous stamp (id 0) are typed errors", (t) => {
  const anon = itc.peek(itc.event(itc.seed()));
  fails(t, "anonymous-id", () => itc.fork(anon), /fork/);
  fails(t, "anonymous-id", () => itc.event(anon), /event/);
});

test("joining stamps whose ids overlap is a typed error", (t) => {
  const s = itc.event(itc.seed());
  fails(t, "overlapping-ids", () => itc.join(s, s));
  const [a] = itc.fork(s);
  fails(t, "overlapping-ids", () => itc.join(a, s));
  t.is(itc.toText(itc.join(s, itc.peek(s))), itc.toText(s));
});

test("fork refuses to build an id deeper than MAX_DEPTH", (t) => {
  let s = itc.seed();
  for (let k = 0; k < itc.MAX_DEPTH; k++) s = itc.fork(s)[1];
  fails(t, "too-deep", () => itc.fork(s), /deeper than 512/);
  // the deepest legal stamp still works everywhere, including the decoders
  const e = itc.event(s);
  t.is(itc.compare(s, e), "before");
  t.true(itc.stampsEqual(itc.decode(itc.encode(e)), e));
  t.true(itc.stampsEqual(itc.fromText(itc.toText(e), { maxLength: 1e6 }), e));
});

test("every truncation of a valid code fails as truncated", (t) => {
  const s = itc.fromText("((0,(1,(0,1))),(0,(0,0,1),(2,1,(0,0,9))))");
  const bytes = itc.encode(s);
  for (let n = 0; n < bytes.length; n++) fails(t, "truncated", () => itc.decode(bytes.subarray(0, n)));
  fails(t, "truncated", () => itc.decode(new Uint8Array(0)));
  fails(t, "truncated", () => itc.decode(Uint8Array.of(0x7f))); // 01 11 11 11: pairs opened, never closed
});

test("fast-check: any truncation of any stamp's code is a truncated error", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(someStamp, fc.nat(), (s, k) => {
        const bytes = itc.encode(s);
        const cut = bytes.subarray(0, k % bytes.length);
        try {
          itc.decode(cut);
          return false;
        } catch (e) {
          return e instanceof itc.ItcError && e.reason === "truncated";
        }
      }),
      { numRuns: 200 },
    ),
  );
});

test("trailing bytes and non-zero padding bits are rejected", (t) => {
  fails(t, "trailing-data", () => itc.decode(Uint8Array.of(0x30, 0x00)), /1 more byte/);
  fails(t, "trailing-data", () => itc.decode(Uint8Array.of(0x31)), /padding bit 7/);
  fails(t, "trailing-data", () => itc.fromText("(1,0) "));
  fails(t, "trailing-data", () => itc.fromText("(1,0)(1,0)"));
  fails(t, "trailing-data", () => itc.decodeBase64url("MB")); // 0x30 + unused bits 0001
  t.is(itc.toText(itc.decodeBase64url("MA")), "(1,0)");
});

test("over-long input is refused before it is parsed", (t) => {
  fails(t, "too-large", () => itc.decode(new Uint8Array(itc.MAX_BYTES + 1)), /4097 bytes/);
  fails(t, "too-large", () => itc.decode(Uint8Array.of(0x30, 0), { maxBytes: 1 }));
  fails(t, "too-large", () => itc.fromText("(".repeat(100_000)));
  fails(t, "too-large", () => itc.decodeBase64url("A".repeat(10_000)));
});

test("non-normal ids and event trees are rejected, in text and in binary", (t) => {
  for (const text of ["((1,1),0)", "((0,0),0)", "(((1,1),0),0)", "(1,(0,1,1))", "(1,(0,0,0))", "(1,(2,1,3))", "(1,(0,(1,0,1),(1,1,0)))"]) {
    fails(t, "not-normal", () => itc.fromText(text), /offset/);
  }
  fails(t, "not-normal", () => itc.fromText("(1,01)"), /leading zero/);
  // id (1,1) = 11 001 001, then leaf 0
  fails(t, "not-normal", () => itc.decode(bits("11001001" + "1000")), /\(1,1\)/);
  // id (0, 0) = 01 000
  fails(t, "not-normal", () => itc.decode(bits("01000" + "1000")));
  // id pair with a 0 child written long: 11 000 001 = (0,1) not canonical
  fails(t, "not-normal", () => itc.decode(bits("11000001" + "1000")));
  // event (0,1,1) written 0 10 leaf1 leaf1
  fails(t, "not-normal", () => itc.decode(bits("001" + "010" + "1001" + "1001")));
  // event (0,0,1) written in the long form 0 10 leaf0 leaf1 instead of 0 00 leaf1
  fails(t, "not-normal", () => itc.decode(bits("001" + "010" + "1000" + "1001")));
  // event (2,1,3): both children above 0
  fails(t, "not-normal", () => itc.decode(bits("001" + "0111" + "1010" + "1001" + "1011")));
  // event (0,0,1) in the n > 0 form with n = 0
  fails(t, "not-normal", () => itc.decode(bits("001" + "01100" + "1000" + "1001")));
  // a node's base written as a node
  fails(t, "not-normal", () => itc.decode(bits("001" + "0111" + "0")));
});

test("deeply nested input (100k levels) fails as too-deep without touching the stack", (t) => {
  const deep = 100_000;
  // id (0,(0,(0,...))) : '01' repeated
  const idBits = "01".repeat(deep) + "001" + "1000";
  fails(t, "too-deep", () => itc.decode(bits(idBits), { maxBytes: 1e6 }), /id tree nested deeper than 512/);
  // event (0,0,(0,0,(...))) : '000' repeated
  const evBits = "001" + "000".repeat(deep) + "1001";
  fails(t, "too-deep", () => itc.decode(bits(evBits), { maxBytes: 1e6 }), /event tree nested deeper/);
  fails(t, "too-deep", () => itc.fromText("(" + "(".repeat(deep), { maxLength: 1e6 }), /id nested/);
  fails(t, "too-deep", () => itc.fromText("(1," + "(0,0,".repeat(deep) + "1" + ")".repeat(deep + 1), { maxLength: 1e6 }));
  fails(t, "too-deep", () => itc.decode(bits("01".repeat(20) + "001" + "1000"), { maxDepth: 10 }));
});

test("the deepest stamps the decoders accept are safe for every operation", (t) => {
  const d = itc.MAX_DEPTH;
  // id (0,(0,...(1,0)...)) d levels deep; event (0,0,(0,0,...(0,0,1)...)) d levels deep
  const deepId = itc.decode(bits("01".repeat(d - 1) + "10" + "001" + "1000"), { maxBytes: 1e6 });
  const deepEvent = itc.decode(bits("000" + "000".repeat(d) + "1001"), { maxBytes: 1e6 }); // id 0
  // a differently shaped deep event tree: (0,(0,(0,...,1),0),0)... going left
  const leftEvent = itc.decode(bits("000" + "001".repeat(d) + "1010"), { maxBytes: 1e6 });
  t.throws(() => itc.decode(bits("01".repeat(d) + "10" + "001" + "1000"), { maxBytes: 1e6 }), { instanceOf: itc.ItcError });
  const grown = itc.event(deepId); // widens the leaf event along the whole id path
  t.is(itc.compare(deepId, grown), "before");
  const mixed = itc.join(itc.join(grown, deepEvent), leftEvent);
  t.true(itc.isNormal(mixed));
  t.is(itc.compare(mixed, deepEvent), "after");
  t.is(itc.compare(leftEvent, deepEvent), "concurrent");
  t.true(itc.stampsEqual(itc.decode(itc.encode(mixed), { maxBytes: 1e6 }), mixed));
  t.true(itc.stampsEqual(itc.fromText(itc.toText(mixed), { maxLength: 1e7 }), mixed));
  t.is(itc.compare(itc.event(mixed), mixed), "after");
  fails(t, "too-deep", () => itc.fork(deepId));
  t.is(itc.fork(itc.fork(itc.seed())[0]).length, 2);
});

test("counters beyond 2^53 - 1 are refused", (t) => {
  fails(t, "number-too-large", () => itc.fromText("(1,9007199254740992)"));
  fails(t, "number-too-large", () => itc.fromText("(1,123456789012345678901234567890)"));
  t.is(itc.toText(itc.fromText("(1,9007199254740991)")), "(1,9007199254740991)");
  // 60 ones: a width beyond 53 bits
  fails(t, "number-too-large", () => itc.decode(bits("001" + "1" + "1".repeat(60) + "0")));
  // each counter fits but their sum along a path does not
  const big = Number.MAX_SAFE_INTEGER;
  fails(t, "number-too-large", () => itc.fromText(`(1,(${big},0,1))`), /along a path/);
  fails(t, "number-too-large", () => itc.decode(itc.encode(new itc.Stamp(1, new itc.EventNode(big, 0, 1)))));
});

test("syntax errors in text name the offset and what was expected", (t) => {
  fails(t, "syntax", () => itc.fromText(""), /expected '\(' to open the stamp, found the end/);
  fails(t, "syntax", () => itc.fromText("(2,0)"), /expected an id/);
  fails(t, "syntax", () => itc.fromText("(1 ,0)"), /offset 2/);
  fails(t, "syntax", () => itc.fromText("(1,(0,1))"), /expected ',' between the children/);
  fails(t, "syntax", () => itc.fromText("(1,-1)"), /expected a counter/);
  fails(t, "syntax", () => itc.fromText("((1,0,0),0)"), /expected '\)' to close an id pair/);
  fails(t, "syntax", () => itc.decodeBase64url("MA=="), /not in the alphabet/);
  fails(t, "truncated", () => itc.decodeBase64url("MAAAA"), /5 characters cannot be whole bytes/);
});

test("wrong JS types are typed errors too", (t) => {
  fails(t, "invalid-argument", () => itc.decode("MA" as unknown as Uint8Array));
  fails(t, "invalid-argument", () => itc.fromText(42 as unknown as string));
  fails(t, "invalid-argument", () => itc.decodeBase64url(null as unknown as string));
  fails(t, "invalid-argument", () => itc.forkMany(itc.seed(), 0));
});

const outcome = (fn: () => unknown): "ok" | "itc" | "other" => {
  try {
    fn();
    return "ok";
  } catch (e) {
    return e instanceof itc.ItcError ? "itc" : "other";
  }
};

test("random bytes decode to a stamp that re-encodes to the same bytes, or fail with ItcError", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let s: itc.Stamp;
        try {
          s = itc.decode(bytes);
        } catch (e) {
          return e instanceof itc.ItcError;
        }
        const again = itc.encode(s);
        return itc.isNormal(s) && again.length === bytes.length && again.every((b, k) => b === bytes[k]);
      }),
      { numRuns: 3000 },
    ),
  );
});

test("random short codes from the code alphabet: valid stamps or ItcError", (t) => {
  // bit strings are far likelier than random bytes to be near-valid codes
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 48 }), (b) => {
        const bytes = bits(b.map((x) => (x ? "1" : "0")).join(""));
        const r = outcome(() => {
          const s = itc.decode(bytes);
          const again = itc.encode(s);
          if (!again.every((x, k) => x === bytes[k])) throw new Error("re-encoding differs");
        });
        return r !== "other";
      }),
      { numRuns: 3000 },
    ),
  );
});

test("random text and base64url: valid stamps that print back the same, or ItcError", (t) => {
  const near = fc.string({ unit: fc.constantFrom("(", ")", ",", "0", "1", "2", "9"), maxLength: 40 });
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.oneof(near, fc.string({ maxLength: 30 })), (text) => {
        const r = outcome(() => {
          if (itc.toText(itc.fromText(text)) !== text) throw new Error("round trip differs");
        });
        return r !== "other" && outcome(() => itc.decodeBase64url(text)) !== "other";
      }),
      { numRuns: 3000 },
    ),
  );
  t.is(outcome(() => itc.fromText("((1,0),(0,1,0))")), "ok");
});
