// The component ranking on a miniature cloud whose faults the tests choose: each kind of
// fault must put its own component first, named as specifically as the evidence allows, and
// fault-free windows (even with a different mix of requests) must name nothing.
import test from "ava";
import { componentLabel, diagnose } from "../../../tracer/analysis/diagnose/index.ts";
import type { Diagnosis, RankingEntry } from "../../../tracer/analysis/diagnose/index.ts";
import { miniWindows } from "./mini-cloud.ts";
import type { MiniFault } from "./mini-cloud.ts";

const MS = 1e6;

function ranked(fault: MiniFault | undefined, seed: string, listShareAfter?: number): Diagnosis {
  const [before, after] = miniWindows(fault, seed, 300, listShareAfter);
  return diagnose(before, after);
}

const names = (d: Diagnosis, n = 3) => d.ranking.slice(0, n).map((e) => componentLabel(e.component));

const cases: [string, MiniFault, string, RankingEntry["evidence"]["dominant"]][] = [
  ["one operation slows on every instance", { slow: { service: "auth", operation: "validate_token", by: 3 } }, "operation auth.validate_token", "work"],
  ["every operation of one instance slows", { slow: { service: "auth", host: "h2", by: 3 } }, "instance auth@h2", "work"],
  ["every operation of a service slows", { slow: { service: "auth", by: 3 } }, "service auth", "work"],
  ["the network between two hosts slows", { link: { a: "h1", b: "h2", addNs: 3 * MS } }, "link h1<->h2", "network"],
  ["the database slows: charged to the dependency, not its callers", { slow: { service: "mysql", by: 3 } }, "dependency mysql", "work"],
  ["the cache fails fast: its errors name it", { cacheErrors: 0.5 }, "dependency memcached", "errors"],
  ["a host's clock jumps: its clock, not a latency", { clock: { host: "h2", byNs: 5 * MS } }, "clock h2", "clock"],
  ["an instance is down and its peer takes its load: the one that stopped, not the survivor", { authDown: "h2" }, "instance auth@h2", "stopped"],
];

for (const [title, fault, first, evidence] of cases) {
  test(`${title} → ${first}`, (t) => {
    for (const seed of ["a", "b", "c"]) {
      const d = ranked(fault, seed);
      t.is(names(d, 1)[0], first, `seed ${seed}: ${names(d, 5).join(" | ")}`);
      t.is(d.ranking[0]!.evidence.dominant, evidence, `seed ${seed}`);
      t.true(d.ranking[0]!.adjustedP <= 0.01);
    }
  });
}

test("a clock that jumped is corrected before latency is read: nothing else is named", (t) => {
  const d = ranked({ clock: { host: "h2", byNs: 5 * MS } }, "d");
  t.deepEqual(names(d, 5), ["clock h2"]);
  const shift = d.ranking[0]!.evidence.clockShiftNs!;
  t.true(Math.abs(shift - 5 * MS) < 0.5 * MS, String(shift));
});

test("fault-free windows name nothing, even when the mix of requests changes", (t) => {
  for (const seed of ["a", "b", "c", "d", "e"]) t.deepEqual(names(ranked(undefined, seed)), [], `seed ${seed}`);
  // Twice the share of list requests (three database reads each instead of one).
  for (const seed of ["a", "b", "c"]) t.deepEqual(names(ranked(undefined, seed, 0.6)), [], `seed ${seed}, mix changed`);
});

test("each entry carries its evidence, effect and significance; a more general component scores lower", (t) => {
  const d = ranked({ slow: { service: "auth", operation: "validate_token", by: 3 } }, "e");
  const [op, next] = d.ranking;
  t.is(op!.score, op!.precision * op!.recall);
  t.true(op!.evidence.addedNs.work > 0);
  t.true(op!.impact > 0);
  t.true(next!.score < op!.score);
  t.true(op!.units.some((u) => u.includes("validate_token")));
  t.deepEqual(d.ranking.map((e) => e.rank), d.ranking.map((_, i) => i + 1));
});

test("the ranking is deterministic", (t) => {
  const a = ranked({ link: { a: "h1", b: "h2", addNs: 3 * MS } }, "f");
  const b = ranked({ link: { a: "h1", b: "h2", addNs: 3 * MS } }, "f");
  t.deepEqual(JSON.stringify(a.ranking), JSON.stringify(b.ranking));
});
