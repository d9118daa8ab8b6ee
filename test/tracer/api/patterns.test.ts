// The seed talk's Pattern #1 (foo issues bar and grunt concurrently and ends after both) and
// Pattern #2 (grunt starts only after bar is done): the span model records them identically,
// the DAG model (and the ITC stamps) tell them apart.
import test from "ava";
import { compare, decodeBase64url } from "../../../tracer/itc/index.ts";
import { spansFromEvents } from "../../../tracer/index.ts";
import type { MetadataMode, SpanRecord, TraceEvent } from "../../../tracer/index.ts";
import { dagPicture, happensBefore, rig } from "./helpers.ts";

function pattern1(metadata: MetadataMode) {
  const r = rig({ metadata });
  const foo = r.tracer.startSpan("foo", { kind: "server" });
  const [a, b] = foo.fork(2);
  r.advance(10);
  const bar = r.tracer.startSpan("bar", { parent: a });
  r.advance(10);
  bar.end();
  r.advance(10);
  const grunt = r.tracer.startSpan("grunt", { parent: b });
  r.advance(10);
  grunt.end();
  r.advance(10);
  foo.join([bar, grunt]);
  foo.end();
  return r;
}

function pattern2(metadata: MetadataMode) {
  const r = rig({ metadata });
  const foo = r.tracer.startSpan("foo", { kind: "server" });
  r.advance(10);
  const bar = r.tracer.startSpan("bar", { parent: foo });
  r.advance(10);
  bar.end();
  foo.join(bar);
  r.advance(10);
  const grunt = r.tracer.startSpan("grunt", { parent: foo });
  r.advance(10);
  grunt.end();
  foo.join(grunt);
  r.advance(10);
  foo.end();
  return r;
}

/** The span tree with ids replaced by names: what a span-model tool can see. */
function tree(spans: readonly SpanRecord[]) {
  const name = new Map(spans.map((s) => [s.spanId, s.name]));
  return spans.map((s) => ({
    name: s.name,
    parent: s.parentSpanId === undefined ? null : name.get(s.parentSpanId),
    kind: s.kind,
    start: s.start,
    end: s.end,
  }));
}

const find = (events: readonly TraceEvent[], name: string, kind: string) =>
  events.find((e) => e.name === name && e.kind === kind)!;

test("Pattern #1 and Pattern #2 give identical span trees", (t) => {
  for (const metadata of ["ids", "itc"] as const) {
    const one = tree(spansFromEvents(pattern1(metadata).events()));
    const two = tree(spansFromEvents(pattern2(metadata).events()));
    t.deepEqual(one, two);
    t.deepEqual(one, [
      { name: "foo", parent: null, kind: "server", start: 1000, end: 1050 },
      { name: "bar", parent: "foo", kind: "internal", start: 1010, end: 1020 },
      { name: "grunt", parent: "foo", kind: "internal", start: 1030, end: 1040 },
    ]);
  }
});

test("Pattern #1 and Pattern #2 give different DAGs", (t) => {
  t.deepEqual(dagPicture(pattern1("ids").events()), [
    "foo.start <- []",
    "foo.fork <- [foo.start]",
    "bar.start <- [foo.fork]",
    "bar.end <- [bar.start]",
    "grunt.start <- [foo.fork]",
    "grunt.end <- [grunt.start]",
    "foo.end <- [foo.fork, bar.end, grunt.end]",
  ]);
  t.deepEqual(dagPicture(pattern2("ids").events()), [
    "foo.start <- []",
    "bar.start <- [foo.start]",
    "bar.end <- [bar.start]",
    "grunt.start <- [foo.start, bar.end]",
    "grunt.end <- [grunt.start]",
    "foo.end <- [foo.start, bar.end, grunt.end]",
  ]);
  const e1 = pattern1("ids").events();
  const e2 = pattern2("ids").events();
  t.false(happensBefore(e1, find(e1, "bar", "end").eventId, find(e1, "grunt", "start").eventId));
  t.true(happensBefore(e2, find(e2, "bar", "end").eventId, find(e2, "grunt", "start").eventId));
  // In both, foo ends only after both children are done.
  for (const e of [e1, e2]) {
    t.true(happensBefore(e, find(e, "bar", "end").eventId, find(e, "foo", "end").eventId));
    t.true(happensBefore(e, find(e, "grunt", "end").eventId, find(e, "foo", "end").eventId));
  }
});

test("ITC stamps order the events exactly as the DAG does", (t) => {
  for (const [events, barGrunt] of [
    [pattern1("itc").events(), "concurrent"],
    [pattern2("itc").events(), "before"],
  ] as const) {
    const stamp = (name: string, kind: string) => decodeBase64url(find(events, name, kind).itc!);
    t.is(compare(stamp("bar", "end"), stamp("grunt", "start")), barGrunt);
    t.is(compare(stamp("bar", "end"), stamp("foo", "end")), "before");
    t.is(compare(stamp("grunt", "end"), stamp("foo", "end")), "before");
    // Every pair of events: the stamps agree with reachability along parent edges.
    for (const a of events) {
      for (const b of events) {
        if (a === b) continue;
        const order = compare(decodeBase64url(a.itc!), decodeBase64url(b.itc!));
        t.is(order === "before", happensBefore(events, a.eventId, b.eventId), `${a.name}.${a.kind} vs ${b.name}.${b.kind}`);
      }
    }
  }
});
