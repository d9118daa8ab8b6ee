import test from "ava";
import fc from "fast-check";
import seedrandom from "seedrandom";
import { KernelError, Simulation } from "../../sim/kernel/index.ts";

test("a stream is seedrandom's alea seeded with `${seed}/${name}`", (t) => {
  const sim = new Simulation({ seed: 42 });
  const stream = sim.rng.stream("keystone.validate");
  const reference = seedrandom.alea("42/keystone.validate");
  for (let i = 0; i < 5; i++) t.is(stream.next(), reference());
  t.is(sim.rng.stream("keystone.validate"), stream);
});

test("a stream draws exactly seedrandom's alea sequence, for any seed and name, over many draws", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string({ minLength: 1 })), fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 5000 }), (seed, name, draws) => {
        const stream = new Simulation({ seed }).rng.stream(name);
        const reference = seedrandom.alea(`${String(seed)}/${name}`);
        for (let i = 0; i < draws; i++) if (stream.next() !== reference()) return false;
        return stream.int(1000) === Math.floor(reference() * 1000);
      }),
      { numRuns: 200 },
    ),
  );
});

test("adding a stream or drawing from it leaves other streams' draws unchanged", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.nat({ max: 50 }), (seed, name, other, extra) => {
        fc.pre(name !== other);
        const plain = new Simulation({ seed }).rng;
        const busy = new Simulation({ seed }).rng;
        const expected = Array.from({ length: 10 }, () => plain.stream(name).next());
        const got: number[] = [];
        for (let i = 0; i < 10; i++) {
          got.push(busy.stream(name).next());
          for (let j = 0; j < extra; j++) busy.stream(other).next();
        }
        return got.every((x, i) => x === expected[i]);
      }),
    ),
  );
});

test("different seeds and different names give different sequences; draws lie in [0, 1)", (t) => {
  const a = new Simulation({ seed: 1 }).rng.stream("x");
  const b = new Simulation({ seed: 2 }).rng.stream("x");
  const c = new Simulation({ seed: 1 }).rng.stream("y");
  const da = Array.from({ length: 3 }, () => a.next());
  t.notDeepEqual(da, Array.from({ length: 3 }, () => b.next()));
  t.notDeepEqual(da, Array.from({ length: 3 }, () => c.next()));
  for (let i = 0; i < 1000; i++) {
    const x = a.next();
    t.true(x >= 0 && x < 1);
  }
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[a.int(3)]!++;
  t.true(counts.every((n) => n > 900 && n < 1100));
});

test("bad stream names, seeds and int() bounds are typed errors", (t) => {
  const sim = new Simulation();
  t.throws(() => sim.rng.stream(""), { instanceOf: KernelError, message: 'stream name must be a non-empty string, got ""' });
  t.throws(() => sim.rng.stream("s").int(0), { instanceOf: KernelError, message: 'stream "s": int(n) needs a positive integer, got 0' });
  t.throws(() => new Simulation({ seed: Number.NaN }), { instanceOf: KernelError });
  t.deepEqual((sim.rng.stream("b"), sim.rng.stream("a"), sim.rng.names()), ["a", "b", "s"]);
});
