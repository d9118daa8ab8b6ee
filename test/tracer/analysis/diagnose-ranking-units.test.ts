// The ranking on evidence written by hand: waiting for a pool is charged to what the pool's
// holders waited on, a change spread over several instances names what they share, and the
// order weighs what is sure of each change, not a few long requests' spread.
import test from "ava";
import seedrandom from "seedrandom";
import { componentLabel, judgeUnits, rankComponents } from "../../../tracer/analysis/diagnose/index.ts";
import type { UnitInfo } from "../../../tracer/analysis/diagnose/index.ts";
import type { UnitSample } from "../../../tracer/analysis/diagnose/evidence.ts";
import type { EvidenceProfile, RankingSettings } from "../../../tracer/analysis/diagnose/ranking.ts";

const SETTINGS: RankingSettings = { alpha: 0.05, correction: "bh", screen: 0.05, minUnitChange: 0.1, minImpact: 0.005, minErrorRateChange: 0.01, minImpactOnCrossing: 0.05 };
const MS = 1e6;

const work = (service: string, host: string, operation: string): UnitInfo => ({ key: `w ${service}@${host} ${operation}`, kind: "work", service, host, operation });
const pool = (service: string, host: string): UnitInfo => ({ key: `q ${service}@${host}`, kind: "queue", service, host, operation: "workers" });
const db = (fromService: string, from: string): UnitInfo => ({ key: `d ${fromService}@${from}`, kind: "dependency", service: "mysql", host: "db-1", operation: "db.select x", fromService, from });

/** A unit's time in one trace (ns), or an error that started in it. */
type Draw = (rng: () => number) => { unit: UnitInfo; ns: number; error?: boolean; lost?: boolean }[];

function window(n: number, seed: string, draw: Draw, first: number): EvidenceProfile[] {
  const rng = seedrandom.alea(seed);
  return Array.from({ length: n }, (_, i) => {
    const units = new Map<string, UnitSample>();
    const errors: string[] = [];
    let duration = 0;
    for (const { unit, ns, error, lost } of draw(rng)) {
      const kind = unit.kind === "queue" ? 1 : unit.kind === "call" ? 2 : 0;
      units.set(unit.key, { time: ns, byKind: [0, 1, 2, 3, 4].map((k) => (k === kind ? ns : 0)), count: 1, lost: lost === true ? 1 : 0 });
      if (error === true) errors.push(unit.key);
      duration += ns;
    }
    return { traceId: String(first + i), workflow: "w", duration, weight: 1, evidence: { units, errors } };
  });
}

function rank(before: Draw, after: Draw, units: readonly UnitInfo[], n = 200): string[] {
  const catalog = new Map(units.map((u) => [u.key, u]));
  return rankComponents(SETTINGS, catalog, window(n, "b", before, 0), window(n, "a", after, n)).map((e) => componentLabel(e.component));
}

const api = work("api", "h1", "show");
const apiPool = pool("api", "h1");
const apiDb = db("api", "h1");
const ms = (rng: () => number, mean: number) => mean * MS * (0.5 + rng());

test("workers queue because the database they wait on slowed: the database and the link to it, not the workers", (t) => {
  const before: Draw = (r) => [{ unit: api, ns: ms(r, 10) }, { unit: apiDb, ns: ms(r, 2) }];
  const after: Draw = (r) => [{ unit: api, ns: ms(r, 10) }, { unit: apiDb, ns: ms(r, 40) }, { unit: apiPool, ns: ms(r, 30) }];
  const names = rank(before, after, [api, apiPool, apiDb]);
  t.true(names[0] === "dependency mysql" || names[0] === "link db-1<->h1", names.join(" | "));
  t.false(names.slice(0, 2).includes("instance api@h1"), names.join(" | "));
});

test("workers queue with nothing slower behind them (too few workers): the pool's instance", (t) => {
  const before: Draw = (r) => [{ unit: api, ns: ms(r, 10) }, { unit: apiDb, ns: ms(r, 2) }];
  const after: Draw = (r) => [{ unit: api, ns: ms(r, 10) }, { unit: apiDb, ns: ms(r, 2) }, { unit: apiPool, ns: ms(r, 30) }];
  t.is(rank(before, after, [api, apiPool, apiDb])[0], "instance api@h1");
});

test("an operation's errors spread over three instances: the operation, not the instance where they happened to be significant", (t) => {
  const instances = ["h1", "h2", "h3"].map((h) => work("place", h, "candidates"));
  const other = work("place", "h1", "claim");
  // 150 requests a window, each on one instance; after, 10% of the candidates calls fail.
  const draw = (p: number): Draw => (r) => [{ unit: instances[Math.floor(r() * 3)]!, ns: ms(r, 30), error: r() < p }, { unit: other, ns: ms(r, 10) }];
  const names = rank(draw(0), draw(0.1), [...instances, other], 150);
  t.is(names[0], "operation place.candidates", names.join(" | "));
});

test("nothing changed: nothing is named", (t) => {
  const same: Draw = (r) => [{ unit: api, ns: ms(r, 10) }, { unit: apiDb, ns: ms(r, 2) }];
  t.deepEqual(rank(same, same, [api, apiPool, apiDb]), []);
});

test("a few casts lost among forty requests: the queue they went through, though no request waited on them", (t) => {
  const cast: UnitInfo = { key: "c build", kind: "call", service: "worker", host: "h2", operation: "rpc.cast build", fromService: "api", from: "h1", via: "build.h2", broker: "mq", system: "rabbitmq" };
  const lostCast: UnitInfo = { ...cast, key: "c build lost", service: "", host: "" };
  const build = work("worker", "h2", "build");
  const other: UnitInfo = { key: "c poll", kind: "call", service: "worker", host: "h2", operation: "rpc.call poll", fromService: "api", from: "h1", via: "poll", broker: "mq", system: "rabbitmq" };
  const poll = work("worker", "h2", "poll");
  // Every request casts a build and calls the same worker through another queue; after, one in
  // ten casts is lost (the sender does not wait), while the worker answers every call.
  const draw = (loss: number): Draw => (r) => {
    const lost = r() < loss;
    return [{ unit: api, ns: ms(r, 10) }, { unit: other, ns: ms(r, 1) }, { unit: poll, ns: ms(r, 5) }, ...(lost ? [{ unit: lostCast, ns: ms(r, 1), lost: true }] : [{ unit: cast, ns: ms(r, 1) }, { unit: build, ns: ms(r, 50) }])];
  };
  const units = [api, cast, lostCast, build, other, poll];
  const names = rank(draw(0), draw(0.1), units, 40);
  t.true(names[0] === "queue build.h2" || names[0] === "queue build", names.join(" | "));
  t.deepEqual(rank(draw(0), draw(0), units, 40), []);
});

test("an instance stopped and its peer took its requests: the instance, though the work that vanished with it was small", (t) => {
  const front = work("web", "h0", "page");
  const [a, b] = ["h1", "h2"].map((h) => work("place", h, "candidates"));
  // Each request spends 300 ms in the front and 1 ms in one placement instance; after, h1 is gone.
  const draw = (down: boolean): Draw => (r) => [{ unit: front, ns: ms(r, 300) }, { unit: down || r() < 0.5 ? b! : a!, ns: ms(r, 1) }];
  const names = rank(draw(false), draw(true), [front, a!, b!]);
  t.is(names[0], "instance place@h1", names.join(" | "));
});

test("a workflow that merely ran less often leaves its units as present as before: none of them vanished", (t) => {
  const list = work("api", "h1", "list");
  const page = work("web", "h0", "page");
  const rng = seedrandom.alea("fewer");
  // Every list request crosses `list`; after, there are fewer of them (and each a little faster).
  const profiles = (lists: number, pages: number, listMs: number, first: number): EvidenceProfile[] =>
    Array.from({ length: lists + pages }, (_, i) => {
      const isList = i < lists;
      const ns = isList ? ms(rng, listMs) : ms(rng, 50);
      const units = new Map<string, UnitSample>([[isList ? list.key : page.key, { time: ns, byKind: [ns, 0, 0, 0, 0], count: 1, lost: 0 }]]);
      return { traceId: String(first + i), workflow: isList ? "list" : "page", duration: ns, weight: 1, evidence: { units, errors: [] } };
    });
  const catalog = new Map([list, page].map((u) => [u.key, u]));
  const judged = judgeUnits(SETTINGS, catalog, profiles(120, 200, 10, 0), profiles(60, 200, 7, 1000));
  const l = judged.find((u) => u.unit === list)!;
  t.true(l.timeP <= SETTINGS.screen, "its time changed, significantly");
  t.is(l.stoppedNs, 0);
  t.is(l.potentialStoppedNs, 0);
  t.false(l.changed);
});

/**
 * Every request is a page of about 20 ms; twenty in a window (of 300) also a build of seconds. After,
 * every page takes 3 ms more (`pageMs`), and the builds run longer, two of them much longer.
 */
function pagesAndBuilds(page: UnitInfo, build: UnitInfo, builds: readonly number[], pageMs: number, seed: string, first: number): EvidenceProfile[] {
  const rng = seedrandom.alea(seed);
  return Array.from({ length: 300 }, (_, i) => {
    const pageNs = ms(rng, pageMs);
    const units = new Map<string, UnitSample>([[page.key, { time: pageNs, byKind: [pageNs, 0, 0, 0, 0], count: 1, lost: 0 }]]);
    const buildNs = i < builds.length ? builds[i]! * 1000 * MS : 0;
    if (buildNs > 0) units.set(build.key, { time: buildNs, byKind: [buildNs, 0, 0, 0, 0], count: 1, lost: 0 });
    return { traceId: String(first + i), workflow: "w", duration: pageNs + buildNs, weight: 1, evidence: { units, errors: [] } };
  });
}
const BUILDS_BEFORE = [2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.0, 3.1, 3.1, 3.2, 3.2, 3.3, 3.3, 3.4, 3.5, 3.6, 3.8, 3.9, 4.0, 4.2];
const BUILDS_AFTER = [2.9, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 4.0, 4.0, 4.1, 4.1, 4.2, 4.2, 4.2, 4.2, 14.0, 18.0];

test("a few long builds that ran longer weigh less than a small slowdown of every page: the order follows what is sure", (t) => {
  const page = work("api", "h1", "list");
  const build = work("compute", "h2", "build");
  const catalog = new Map([page, build].map((u) => [u.key, u]));
  const before = pagesAndBuilds(page, build, BUILDS_BEFORE, 20, "b", 0);
  const after = pagesAndBuilds(page, build, BUILDS_AFTER, 23, "a", 300);
  const judged = judgeUnits(SETTINGS, catalog, before, after);
  const b = judged.find((u) => u.unit === build)!;
  const p = judged.find((u) => u.unit === page)!;
  t.true(b.timeChanged && p.timeChanged, "both changed, significantly and by enough to matter");
  t.true(b.impact > p.impact, "the builds' point estimate is the larger");
  t.is(b.unsureTime, b.impact, "none of the builds' is sure: two long ones make most of it");
  t.true(p.unsureTime < 0.5 * p.impact, "most of the pages' is sure");
  t.deepEqual(rankComponents(SETTINGS, catalog, before, after).map((e) => componentLabel(e.component)), ["operation api.list"]);
});

test("a change within the spread of the few traces that show it is not named", (t) => {
  const page = work("api", "h1", "list");
  const build = work("compute", "h2", "build");
  const catalog = new Map([page, build].map((u) => [u.key, u]));
  const judged = judgeUnits(SETTINGS, catalog, pagesAndBuilds(page, build, BUILDS_BEFORE, 20, "b", 0), pagesAndBuilds(page, build, BUILDS_AFTER, 20, "b", 300));
  t.true(judged.find((u) => u.unit === build)!.timeChanged, "the builds changed, significantly");
  t.deepEqual(rankComponents(SETTINGS, catalog, pagesAndBuilds(page, build, BUILDS_BEFORE, 20, "b", 0), pagesAndBuilds(page, build, BUILDS_AFTER, 20, "b", 300)), []);
});

test("a few calls delayed far beyond anything before are sure, however few", (t) => {
  const page = work("api", "h1", "list");
  const call: UnitInfo = { key: "c build", kind: "call", service: "worker", host: "h2", operation: "rpc.cast build", fromService: "api", from: "h1", via: "build.h2", broker: "mq", system: "rabbitmq" };
  // One request in five casts through the link; after, a sixth of those casts waited 10 s (a cut).
  const draw = (cut: boolean): Draw => (r) => {
    const casts = r() < 0.2;
    const delayed = r() < 1 / 6;
    return [{ unit: page, ns: ms(r, 20) }, ...(casts ? [{ unit: call, ns: cut && delayed ? 10_000 * MS : ms(r, 1) }] : [])];
  };
  const catalog = new Map([page, call].map((u) => [u.key, u]));
  const judged = judgeUnits(SETTINGS, catalog, window(300, "b", draw(false), 0), window(300, "a", draw(true), 300));
  const c = judged.find((u) => u.unit === call)!;
  t.true(c.timeChanged, `the casts changed (p ${c.timeP}, ${c.perSpanBeforeNs} -> ${c.perSpanAfterNs} ns per cast)`);
  t.true(c.unsureTime < 0.01 * c.impact, `the time beyond every cast before is sure (${c.unsureTime} of ${c.impact})`);
});

test("messages lost on one reader's link to the broker: that link, not the other reader's, nor the queue they share", (t) => {
  const via = (from: string, host: string): UnitInfo => ({ key: `c work ${from} ${host}`, kind: "call", service: host === "" ? "" : "worker", host, operation: "rpc.cast work", fromService: "api", from, via: "work", broker: "mq", system: "rabbitmq" });
  const senders = ["h1", "h4"];
  const readers = ["h2", "h3"];
  // Two senders cast to a queue two workers share (the broker hands its messages round). After,
  // h3's link to the broker loses half of the casts on their way to h3: h3 falls short of its
  // share of the deliveries, h2 does not.
  const draw = (loss: number): Draw => (r) => {
    const from = senders[r() < 0.5 ? 0 : 1]!;
    const to = readers[r() < 0.5 ? 0 : 1]!;
    const lost = to === "h3" && r() < loss;
    return [{ unit: api, ns: ms(r, 10) }, lost ? { unit: via(from, ""), ns: ms(r, 1), lost: true } : { unit: via(from, to), ns: ms(r, 1) }];
  };
  const units = [api, ...senders.flatMap((s) => [via(s, ""), ...readers.map((h) => via(s, h))])];
  const names = rank(draw(0), draw(0.5), units);
  t.is(names[0], "link h3<->mq", names.join(" | "));
  // h2 fell short of its share only by chance: its link holds little of the casts lost.
  t.true(!names.includes("link h2<->mq") || names.indexOf("link h2<->mq") > names.indexOf("queue work"), names.join(" | "));
});

test("a rare operation ten times slower is named, though it moves the mean of every request by less than the floor", (t) => {
  const page = work("web", "h0", "page");
  const build = work("compute", "h3", "build");
  const limits = work("volume", "h2", "show_limits");
  // Most requests are pages of 30 ms or builds of 3 s; one in twenty pages also asks for the
  // limits (5 ms). After, the limits take 50 ms: 45 ms more for those pages (a tenth or more of
  // their time), under a thousandth of the mean of all requests.
  const draw = (limitsMs: number): Draw => (r) => {
    const out = [{ unit: page, ns: ms(r, 30) }];
    if (r() < 0.05) out.push({ unit: limits, ns: ms(r, limitsMs) });
    if (r() < 0.2) out.push({ unit: build, ns: ms(r, 3000) });
    return out;
  };
  const units = [page, build, limits];
  const names = rank(draw(5), draw(50), units, 400);
  t.is(names[0], "operation volume.show_limits", names.join(" | "));
  // The floor on the requests that met it still holds: 1 ms more (about 3% of those pages) is not named.
  t.deepEqual(rank(draw(5), draw(6), units, 400), []);
});

test("an instance stopped while a few messages queued for it still arrived later: the instance, not the operation its peer took over", (t) => {
  const front = work("web", "h0", "page");
  const [a, b] = ["h1", "h2"].map((h) => work("sched", h, "select"));
  const fanout: UnitInfo = { key: "c fanout h1", kind: "call", service: "sched", host: "h1", operation: "rpc.cast update", fromService: "web", from: "h0", via: "sched_fanout_h1", broker: "mq", system: "rabbitmq" };
  const update = work("sched", "h1", "update");
  // Each request spends 300 ms in the front and 1 ms selecting on one of two schedulers (its
  // work is well under the floor); one in fifty also casts an update to h1's own fanout queue.
  // After, h1 selects nothing (h2 takes every select), but the few updates queued for it are
  // still delivered, late, and handled.
  const draw = (down: boolean): Draw => (r) => {
    const out = [{ unit: front, ns: ms(r, 300) }, { unit: down || r() < 0.5 ? b! : a!, ns: ms(r, 1) }];
    if (r() < 0.02) out.push({ unit: fanout, ns: ms(r, down ? 2 : 1) }, { unit: update, ns: ms(r, 1) });
    return out;
  };
  const names = rank(draw(false), draw(true), [front, a!, b!, fanout, update], 400);
  t.is(names[0], "instance sched@h1", names.join(" | "));
  t.false(names.includes("operation sched.select"), names.join(" | "));
});
