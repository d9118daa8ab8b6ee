// A span's end event id is its span id with the top bit flipped; the tracer writes it from the
// id's two halves. Both ways must give the same ids from the same random stream.
import test from "ava";
import fc from "fast-check";
import seedrandom from "seedrandom";
import { drawId64, flippedId64, flipTopBit, hexHalf, newId64, writeId64 } from "../../../tracer/model/ids.ts";

test("drawId64 draws newId64's ids, and flippedId64 of its halves is flipTopBit of the id", (t) => {
  fc.assert(
    fc.property(fc.string(), (seed) => {
      const a = seedrandom.alea(seed);
      const b = seedrandom.alea(seed);
      for (let i = 0; i < 20; i++) {
        const id = drawId64({ next: () => a() });
        t.is(id.text, newId64({ next: () => b() }));
        t.true(Number.isInteger(id.hi) && id.hi >= -(2 ** 31) && id.hi < 2 ** 31);
        t.is(flippedId64(id.hi, id.lo), flipTopBit(id.text));
      }
    }),
    { numRuns: 50 },
  );
  t.is(flippedId64(0, 1), "8000000000000001");
  t.is(flippedId64(-1, -1), "7fffffffffffffff");
});

test("writeId64 writes what parsing gives, whether the id was made, read before or never seen", (t) => {
  const parsed = (id: string): [number, number] | false => {
    const hi = hexHalf(id, 0);
    const lo = hexHalf(id, 8);
    return id.length === 16 && hi >= 0 && lo >= 0 ? [hi | 0, lo | 0] : false;
  };
  const check = (id: string) => {
    const ints = new Int32Array(2);
    const ok = writeId64(ints, 0, id);
    const want = parsed(id);
    t.is(ok, want !== false, id);
    if (want !== false) t.deepEqual([ints[0], ints[1]], want, id);
  };
  const random = seedrandom.alea("writeId64");
  const made: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const id = drawId64({ next: () => random() });
    made.push(id.text, flippedId64(id.hi, id.lo));
  }
  // Ids that share a cache slot with made ones (same last and first characters), copies of
  // made ids (equal strings, other objects), and strings that are not ids.
  for (const id of made) {
    check(id);
    check(id.slice(0, 1) + "0123456789a" + id.slice(12));
    check((" " + id).slice(1));
  }
  for (const id of ["", "0", "ffffffffffffffff", "FFFFFFFFFFFFFFFF", "0123456789abcdeg", "g123456789abcdef", "0123456789abcdef0", "0000000000000000"]) check(id);
  fc.assert(
    fc.property(fc.string({ minLength: 16, maxLength: 16, unit: fc.constantFrom(..."0123456789abcdefAx".split("")) }), (id) => {
      check(id);
      check(id);
    }),
  );
});
