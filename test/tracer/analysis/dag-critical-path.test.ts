import test from "ava";
import fc from "fast-check";
import { dagCriticalPath } from "../../../tracer/analysis/dag-critical-path/index.ts";
import { dagFromItc, dagFromParents, spansFromDag } from "../../../tracer/analysis/reconstruct/index.ts";
import type { TraceEvent } from "../../../tracer/model/types.ts";
import { handBuilt, PATTERN_1, PATTERN_2, randomTrace, Recorder, rpc } from "./synthetic.ts";
import type { EventRow } from "./synthetic.ts";

const TRACE = "7".repeat(32);
const build = (rows: readonly EventRow[]): TraceEvent[] => handBuilt(TRACE, rows);

const brief = (cp: ReturnType<typeof dagCriticalPath>) => cp.sections.map((s) => `${s.operation}:${s.kind}:${s.start}-${s.end}`);

test("Pattern #1: at the join the walk follows the branch that arrived last (bar, not grunt)", (t) => {
  const events = build(PATTERN_1);
  const cp = dagCriticalPath(dagFromParents({ traceId: TRACE, events }));
  t.deepEqual(brief(cp), ["foo:work:0-1", "foo:work:1-2", "bar:work:2-3", "thud:work:3-6", "bar:work:6-7", "foo:work:7-8", "foo:work:8-9"]);
  t.is(cp.duration, 9);
  t.deepEqual(
    cp.segments.map((s) => [s.callPath, s.time]),
    [
      ["[app] foo", 4],
      ["[app] foo > [app] bar", 2],
      ["[app] foo > [app] bar > [app] thud", 3],
    ],
  );
  t.is(cp.endEvent, "000000000000000a");
});

test("Pattern #2: sequential children are both on the path, and the gap between them is the parent's", (t) => {
  const events = build(PATTERN_2);
  const cp = dagCriticalPath(dagFromParents({ traceId: TRACE, events }));
  t.deepEqual(brief(cp), ["foo:work:0-2", "bar:work:2-3", "thud:work:3-6", "bar:work:6-7", "foo:work:7-8", "grunt:work:8-11", "foo:work:11-12"]);
  t.is(cp.segments.find((s) => s.operation === "grunt")?.time, 3);
  t.is(cp.segments.find((s) => s.operation === "foo")?.time, 4);
});

test("ties at a join break deterministically: same span first, then the later event", (t) => {
  const events = build([
    ["1", "start", "foo", [], 0],
    ["2", "fork", "foo", ["1"], 1],
    ["3", "start", "bar", ["2"], 2],
    ["6", "end", "bar", ["3"], 7],
    ["7", "start", "grunt", ["2"], 2],
    ["8", "end", "grunt", ["7"], 7],
    ["9", "join", "foo", ["6", "8"], 7],
    ["a", "end", "foo", ["9"], 9],
  ]);
  const a = dagCriticalPath(dagFromParents({ traceId: TRACE, events }));
  const b = dagCriticalPath(dagFromParents({ traceId: TRACE, events: [...events].reverse() }));
  t.deepEqual(a, b);
  t.true(a.sections.some((s) => s.operation === "grunt"), "grunt's end comes later in canonical order (same time, larger id)");
});

test("network, queueing and retry waits are labelled and charged to the right span", (t) => {
  const r = new Recorder("8".repeat(32));
  const root = r.root("horizon", "h-horizon", "GET /project/instances", 0);
  r.work(root, 1_000);
  rpc(r, root, "keystone", "h-keystone", "validate", 200, (server) => {
    r.work(server, 3_000);
    r.annotate(server, "pool.acquired", { "queue.wait": 2_000 });
    r.work(server, 500);
    r.annotate(server, "retry.backoff");
    r.work(server, 700);
    r.annotate(server, "retried");
  });
  r.work(root, 100);
  r.end(root);
  const cp = dagCriticalPath(dagFromItc(r.trace()));
  const kinds = cp.sections.map((s) => `${s.service}:${s.kind}:${s.end - s.start}`);
  t.deepEqual(kinds, [
    "horizon:work:1000", // the root, before its client span starts
    "horizon:work:0", // the client span, up to its send
    "keystone:network:200",
    "keystone:work:1000",
    "keystone:queue:2000", // the last 2000 ns before the pool slot was acquired
    "keystone:work:500",
    "keystone:retry:700", // from the backoff annotation to the retry
    "keystone:work:0",
    "keystone:work:0",
    "horizon:network:200", // the reply, charged to the receiving client span
    "horizon:work:0",
    "horizon:work:100",
  ]);

  const seg = (key: string) => cp.segments.find((s) => s.key === key)?.time;
  t.is(seg("[horizon] GET /project/instances > [horizon] validate > [keystone] validate (queue)"), 2000);
  t.is(seg("[horizon] GET /project/instances > [horizon] validate > [keystone] validate (retry)"), 700);
  t.is(seg("[horizon] GET /project/instances > [horizon] validate > [keystone] validate (network)"), 200);
  t.is(cp.duration, 1000 + 200 + 4200 + 200 + 100);
});

test("the path spans the whole request: sections are contiguous and sum to the root's duration", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 5, max: 300 }), (seed, size) => {
      const trace = randomTrace({ seed: String(seed), targetEvents: size });
      const dag = dagFromParents(trace);
      const cp = dagCriticalPath(dag);
      const root = spansFromDag(dag).find((s) => s.parentSpanId === undefined)!;
      t.is(cp.duration, root.end - root.start);
      for (let i = 1; i < cp.sections.length; i++) t.is(cp.sections[i]!.start, cp.sections[i - 1]!.end);
      t.is(cp.segments.reduce((s, x) => s + x.time, 0), cp.duration);
      t.is(cp.skewedSections, 0);
      t.deepEqual(dagCriticalPath(dagFromItc(trace)), cp, "both reconstructions give the same path");
    }),
    { numRuns: 30 },
  );
});

test("clock skew: a cross-host section that runs backwards is counted and adds no time", (t) => {
  const r = new Recorder("9".repeat(32));
  const root = r.root("horizon", "h-horizon", "GET /", 0);
  // Both hops shifted by -500 ns: the request seems to arrive before it was sent, and the
  // reply seems to arrive before it was sent as well.
  rpc(r, root, "keystone", "h-keystone", "validate", -500, (server) => r.work(server, 1000));
  r.end(root);
  const cp = dagCriticalPath(dagFromParents(r.trace()));
  t.is(cp.skewedSections, 2);
  t.true(cp.sections.filter((s) => s.end < s.start).every((s) => s.kind === "network"));
  t.true(cp.segments.every((s) => s.time >= 0));
});

test("a trace whose root end was lost walks back from its latest sink", (t) => {
  const events = build([
    ["1", "start", "foo", [], 0],
    ["3", "start", "bar", ["1"], 2],
    ["6", "end", "bar", ["3"], 7],
  ]);
  const cp = dagCriticalPath(dagFromParents({ traceId: TRACE, events }));
  t.is(cp.endEvent, "0000000000000006");
  t.is(cp.duration, 7);
});

test("a `wait` attribute marks the step after it: a timeout wait before a retry", (t) => {
  const events = build([
    ["1", "start", "foo", [], 0],
    ["2", "annotate", "foo", ["1"], 10, { name: "call attempt 1", attributes: { wait: "timeout" } }],
    ["3", "annotate", "foo", ["2"], 5010, { name: "attempt 2" }],
    ["a", "end", "foo", ["3"], 5100],
  ]);
  const cp = dagCriticalPath(dagFromParents({ traceId: TRACE, events }));
  t.deepEqual(
    cp.sections.map((s) => `${s.kind}:${s.end - s.start}`),
    ["work:10", "timeout:5000", "work:90"],
  );
  t.deepEqual(cp.segments.map((s) => s.key), ["[app] foo", "[app] foo (timeout)"]);
});

test("very deep nesting: no recursion limit, and call paths stay short", (t) => {
  const r = new Recorder("6".repeat(32));
  const root = r.root("svc", "h1", "op-0", 0);
  const stack = [root];
  for (let i = 1; i < 3000; i++) {
    const c = r.child(stack[stack.length - 1]!, `op-${i}`);
    r.work(c, 1);
    stack.push(c);
  }
  for (let i = stack.length - 1; i > 0; i--) r.end(stack[i]!, stack[i - 1]);
  r.end(root);
  const dag = dagFromItc(r.trace());
  t.false(dag.partial);
  const cp = dagCriticalPath(dag);
  t.is(cp.duration, 2999);
  const deepest = cp.segments.find((s) => s.operation === "op-2999")!;
  t.is(deepest.callPath, "[svc] op-0 > [svc] op-1 > [svc] op-2 > [svc] op-3 > … 2984 levels > " + Array.from({ length: 12 }, (_, k) => `[svc] op-${2988 + k}`).join(" > "));
});
