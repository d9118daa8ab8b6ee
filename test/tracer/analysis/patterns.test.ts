// The talk's claim, with data: Pattern #1 (bar and grunt concurrent, joined before foo ends)
// and Pattern #2 (grunt only after bar) are different DAGs but the same span tree.
import test from "ava";
import {
  dagFromItc,
  dagFromParents,
  dagShape,
  edgeList,
  featureDistance,
  dagFeatures,
  spansFromDag,
  spanTreeShape,
  spanTreeSignature,
} from "../../../tracer/analysis/reconstruct/index.ts";
import { handBuilt, PATTERN_1, PATTERN_2, Recorder } from "./synthetic.ts";

const pattern1 = handBuilt("1".repeat(32), PATTERN_1);
const pattern2 = handBuilt("2".repeat(32), PATTERN_2);

test("Pattern #1 and Pattern #2: different DAGs, identical span trees", (t) => {
  const d1 = dagFromParents({ traceId: "1".repeat(32), events: pattern1 });
  const d2 = dagFromParents({ traceId: "2".repeat(32), events: pattern2 });
  t.not(dagShape(d1), dagShape(d2));
  t.true(featureDistance(dagFeatures(d1), dagFeatures(d2)) > 0);
  // Pattern #1: grunt starts from the fork, concurrent with bar; Pattern #2: from bar's end.
  t.true(edgeList(d1).includes("0000000000000002→0000000000000007"));
  t.true(edgeList(d2).includes("0000000000000006→0000000000000007"));

  const s1 = spansFromDag(d1);
  const s2 = spansFromDag(d2);
  t.is(spanTreeSignature(s1), "[app] foo([app] bar([app] thud),[app] grunt)");
  t.is(spanTreeSignature(s2), spanTreeSignature(s1));
  t.is(spanTreeShape(s1), spanTreeShape(s2));
  const parent = (spans: typeof s1, name: string) => spans.find((s) => s.spanId === spans.find((x) => x.name === name)!.parentSpanId)?.name;
  for (const spans of [s1, s2]) {
    t.is(parent(spans, "grunt"), "foo");
    t.is(parent(spans, "bar"), "foo");
    t.is(parent(spans, "thud"), "bar");
    t.is(parent(spans, "foo"), undefined);
  }
});

test("the same patterns recorded with ITC stamps: the stamps alone tell them apart", (t) => {
  const record = (concurrent: boolean) => {
    const r = new Recorder((concurrent ? "3" : "4").repeat(32));
    const foo = r.root("app", "h1", "foo", 0);
    const branches = concurrent ? r.fork(foo, 2) : [foo, foo];
    const bar = r.child(branches[0]!, "bar");
    const thud = r.child(bar, "thud");
    r.work(thud, 3);
    r.end(thud, bar);
    r.end(bar, branches[0]);
    const grunt = r.child(branches[1]!, "grunt");
    r.work(grunt, 3);
    r.end(grunt, branches[1]);
    if (concurrent) r.join(foo, branches);
    r.end(foo);
    return r.trace();
  };
  const t1 = record(true);
  const t2 = record(false);
  const i1 = dagFromItc(t1);
  const i2 = dagFromItc(t2);
  t.deepEqual(edgeList(i1), edgeList(dagFromParents(t1)));
  t.deepEqual(edgeList(i2), edgeList(dagFromParents(t2)));
  t.not(dagShape(i1), dagShape(i2));
  t.is(spanTreeShape(spansFromDag(i1)), spanTreeShape(spansFromDag(i2)));
  // In Pattern #1 bar's and grunt's events are concurrent: neither stamp order holds.
  const barEnd = i1.indexOf.get(t1.events.find((e) => e.name === "bar" && e.kind === "end")!.eventId)!;
  const gruntEnd = i1.indexOf.get(t1.events.find((e) => e.name === "grunt" && e.kind === "end")!.eventId)!;
  const joinIdx = i1.indexOf.get(t1.events.find((e) => e.kind === "join")!.eventId)!;
  t.deepEqual(i1.parents[joinIdx], [barEnd, gruntEnd].sort((a, b) => a - b));
});

test("shapes ignore ids and times", (t) => {
  const shifted = pattern1.map((e) => ({ ...e, traceId: "5".repeat(32), timestamp: e.timestamp * 7 + 100 }));
  t.is(dagShape(dagFromParents({ traceId: "5".repeat(32), events: shifted })), dagShape(dagFromParents({ traceId: "1".repeat(32), events: pattern1 })));
});
