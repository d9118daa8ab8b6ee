// A span's end event id is its span id with the top bit flipped; the tracer writes it from the
// id's two halves. Both ways must give the same ids from the same random stream.
import test from "ava";
import fc from "fast-check";
import seedrandom from "seedrandom";
import { drawId64, flippedId64, flipTopBit, newId64 } from "../../../tracer/model/ids.ts";

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
