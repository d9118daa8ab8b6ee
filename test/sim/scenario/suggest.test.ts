import test from "ava";
import fc from "fast-check";
import { closest, editDistance } from "../../../sim/scenario/suggest.ts";

test("edit distance counts insertions, deletions, substitutions and swaps", (t) => {
  t.is(editDistance("keystone", "keystone"), 0);
  t.is(editDistance("keystnoe", "keystone"), 1);
  t.is(editDistance("nova", "nova-api"), 4);
  t.is(editDistance("", "abc"), 3);
  t.is(editDistance("kitten", "sitting"), 3);
});

test("edit distance is symmetric and zero only for equal strings", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        return d === editDistance(b, a) && (d === 0) === (a === b) && d <= Math.max(a.length, b.length);
      }),
      { seed: 42, numRuns: 300 },
    ),
  );
});

test("closest suggests plausible typos only, deterministically", (t) => {
  const services = ["glance-api", "horizon", "keystone", "nova-api", "nova-compute"];
  t.is(closest("keystnoe", services), "keystone");
  t.is(closest("Horizon", services), "horizon");
  t.is(closest("nova-ap", services), "nova-api");
  t.is(closest("rabbitmq", services), undefined);
  t.is(closest("ab", ["aa", "bb"]), "aa");
  t.is(closest("ab", ["bb", "aa"]), "aa");
});
