// tracebed's own critical-path cases: exact ties, time zero, async children, fan-in adapters,
// deep traces, and the invariants a user relies on.
import test from "ava";
import fc from "fast-check";
import {
  cpSpansFromRecords,
  spanCriticalPath,
  traceCriticalPath,
} from "../../../tracer/analysis/span-critical-path/index.ts";
import type { CpSpan } from "../../../tracer/analysis/span-critical-path/index.ts";
import type { SpanKind } from "../../../tracer/model/types.ts";
import type { SpanRecord } from "../../../tracer/model/types.ts";

function span(
  id: string,
  parent: string | null,
  start: number,
  duration: number,
  extra: Partial<CpSpan> = {},
): CpSpan {
  return {
    spanID: id,
    parentSpanID: parent,
    operationName: `op-${id}`,
    serviceName: "svc",
    startTime: start,
    duration,
    references: parent === null ? [] : [{ refType: "CHILD_OF", spanID: parent }],
    ...extra,
  };
}

// Root A 0–100 with D 20–50 and E 50–80 exactly back to back.
const backToBack = [span("A", null, 0, 100), span("D", "A", 20, 30), span("E", "A", 50, 30)];

test("jaeger: an exactly back-to-back predecessor is not on the path; its time goes to the parent", (t) => {
  const got = spanCriticalPath(backToBack, "jaeger");
  t.deepEqual(got.sections, [
    { spanID: "A", start: 80, end: 100 },
    { spanID: "E", start: 50, end: 80 },
    { spanID: "A", start: 0, end: 50 },
  ]);
  t.deepEqual({ ...got.exclusive }, { "[svc] op-A": 70, "[svc] op-E": 30 });
});

test("jaeger with backToBack: the exactly back-to-back predecessor is on the path and the sections still tile the root", (t) => {
  const got = spanCriticalPath(backToBack, "jaeger", { backToBack: true });
  t.deepEqual(got.sections, [
    { spanID: "A", start: 80, end: 100 },
    { spanID: "E", start: 50, end: 80 },
    { spanID: "D", start: 20, end: 50 },
    { spanID: "A", start: 0, end: 20 },
  ]);
  t.deepEqual({ ...got.exclusive }, { "[svc] op-A": 40, "[svc] op-E": 30, "[svc] op-D": 30 });
});

test("jaeger with backToBack: zero-length children at a tie are each taken once, never looped on", (t) => {
  const spans = [span("A", null, 0, 100), span("Z", "A", 50, 0), span("Y", "A", 50, 0), span("E", "A", 50, 30)];
  const got = spanCriticalPath(spans, "jaeger", { backToBack: true });
  t.deepEqual(got.sections, [
    { spanID: "A", start: 80, end: 100 },
    { spanID: "E", start: 50, end: 80 },
    { spanID: "A", start: 0, end: 50 },
  ]);
});

test("crisp: an exactly back-to-back predecessor is on the path (zero overlap is allowed)", (t) => {
  const got = spanCriticalPath(backToBack, "crisp");
  t.deepEqual([...got.path], ["A", "E", "D"]);
  t.deepEqual({ ...got.exclusive }, { "[svc] op-A": 40, "[svc] op-E": 30, "[svc] op-D": 30 });
  t.deepEqual(got.sections, [
    { spanID: "A", start: 80, end: 100 },
    { spanID: "A", start: 0, end: 20 },
    { spanID: "E", start: 50, end: 80 },
    { spanID: "D", start: 20, end: 50 },
  ]);
});

test("crisp: back to back but a third child event in the window blocks the allowance", (t) => {
  const spans = [...backToBack, span("F", "A", 50, 0)];
  const got = spanCriticalPath(spans, "crisp");
  t.false(got.path.includes("D"));
});

test("jaeger: a child starting at time 0 is walked back from correctly (0 is a time, not 'absent')", (t) => {
  // A 0–100, B 0–30, C 40–100: returning from C at 40 takes B; returning from B at 0 must
  // stop there rather than treat 0 as "no returning child" and re-pick C forever.
  const spans = [span("A", null, 0, 100), span("B", "A", 0, 30), span("C", "A", 40, 60)];
  const got = spanCriticalPath(spans, "jaeger");
  t.deepEqual(got.sections, [
    { spanID: "C", start: 40, end: 100 },
    { spanID: "A", start: 30, end: 40 },
    { spanID: "B", start: 0, end: 30 },
  ]);
});

test("jaeger: a zero-time trace root and child ending at 0 terminate", (t) => {
  const spans = [span("A", null, 0, 10), span("B", "A", 0, 0), span("C", "A", 0, 5)];
  const got = spanCriticalPath(spans, "jaeger");
  t.deepEqual(got.sections, [
    { spanID: "A", start: 5, end: 10 },
    { spanID: "C", start: 0, end: 5 },
  ]);
});

test("jaeger: producer→consumer children are excluded with their subtree, other FOLLOWS_FROM kept", (t) => {
  const spans: CpSpan[] = [
    span("P", null, 0, 100, { kind: "producer" }),
    span("C", "P", 10, 80, { kind: "consumer", references: [{ refType: "FOLLOWS_FROM", spanID: "P" }] }),
    span("G", "C", 20, 30),
    span("F", "P", 40, 20, { references: [{ refType: "FOLLOWS_FROM", spanID: "P" }] }),
  ];
  const got = spanCriticalPath(spans, "jaeger");
  t.deepEqual(got.sections, [
    { spanID: "P", start: 60, end: 100 },
    { spanID: "F", start: 40, end: 60 },
    { spanID: "P", start: 0, end: 40 },
  ]);
});

test("crisp: FOLLOWS_FROM is ignored, so a span reached only that way is not on the path", (t) => {
  const spans: CpSpan[] = [
    span("A", null, 0, 100),
    span("F", "A", 40, 20, { references: [{ refType: "FOLLOWS_FROM", spanID: "A" }] }),
  ];
  const got = spanCriticalPath(spans, "crisp");
  t.deepEqual([...got.path], ["A"]);
  t.deepEqual({ ...got.exclusive }, { "[svc] op-A": 100 });
});

test("crisp: a child covering its parent on both sides is dropped; jaeger clips it", (t) => {
  const spans = [span("A", null, 10, 20), span("B", "A", 5, 30)];
  t.deepEqual([...spanCriticalPath(spans, "crisp").path], ["A"]);
  t.deepEqual(spanCriticalPath(spans, "jaeger").sections, [{ spanID: "B", start: 10, end: 30 }]);
});

test("a 20,000-deep chain and 20,000 sequential siblings run without exhausting the stack", (t) => {
  const n = 20_000;
  const chain: CpSpan[] = [];
  for (let i = 0; i < n; i++) chain.push(span(`s${i}`, i === 0 ? null : `s${i - 1}`, i, 2 * n - 2 * i));
  const wide: CpSpan[] = [span("root", null, 0, 3 * n)];
  for (let i = 0; i < n; i++) wide.push(span(`c${i}`, "root", 3 * i + 1, 1));
  for (const semantics of ["jaeger", "crisp"] as const) {
    t.is(spanCriticalPath(chain, semantics).path.length, n);
    t.is(spanCriticalPath(wide, semantics).path.length, n + 1);
  }
});

const records: SpanRecord[] = [
  rec("r", undefined, "server", 0, 1000),
  rec("a", "r", "client", 100, 400),
  rec("b", "r", "client", 150, 600),
  rec("j", "r", "internal", 600, 900, [{ traceId: "t".repeat(32), spanId: "a" }]),
];

function rec(
  id: string,
  parent: string | undefined,
  kind: SpanKind,
  start: number,
  end: number,
  links: SpanRecord["links"] = [],
): SpanRecord {
  return {
    traceId: "t".repeat(32),
    spanId: id,
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    links,
    kind,
    name: `op-${id}`,
    service: "svc",
    host: "h1",
    start,
    end,
    attributes: {},
    status: { code: "unset" },
    logs: [],
  };
}

test("SpanRecord adapter: parent first, fan-in links as extra FOLLOWS_FROM references, times in ns", (t) => {
  const cp = cpSpansFromRecords(records);
  t.deepEqual(cp[3], {
    spanID: "j",
    parentSpanID: "r",
    operationName: "op-j",
    serviceName: "svc",
    startTime: 600,
    duration: 300,
    references: [
      { refType: "CHILD_OF", spanID: "r" },
      { refType: "FOLLOWS_FROM", spanID: "a" },
    ],
    kind: "internal",
    host: "h1",
  });
  t.deepEqual(spanCriticalPath(cp, "jaeger").sections, [
    { spanID: "r", start: 900, end: 1000 },
    { spanID: "j", start: 600, end: 900 },
    { spanID: "r", start: 400, end: 600 },
    { spanID: "a", start: 100, end: 400 },
    { spanID: "r", start: 0, end: 100 },
  ]);
});

test("SpanRecord adapter under crisp: the join stays under its layout parent (extra parents are FOLLOWS_FROM)", (t) => {
  const got = spanCriticalPath(cpSpansFromRecords(records), "crisp");
  // b ends exactly when j starts: CRISP takes the back-to-back predecessor (Jaeger took a).
  t.deepEqual([...got.path], ["r", "j", "b"]);
  t.deepEqual({ ...got.exclusive }, { "[svc] op-r": 250, "[svc] op-j": 300, "[svc] op-b": 450 });
});

test("traceCriticalPath reads a DAG-mode trace through the spans projected from its events", (t) => {
  const ev = (eventId: string, kind: "start" | "end", spanId: string, timestamp: number, parents: string[], extra = {}) => ({
    traceId: "t".repeat(32), eventId, kind, name: `op-${spanId}`, service: "svc", host: "h1", timestamp, spanId, parents, ...extra,
  });
  const dagOnly = {
    traceId: "t".repeat(32),
    spans: [],
    events: [
      ev("e1", "start", "r", 0, [], { spanKind: "server" }),
      ev("e2", "start", "a", 10, ["e1"], { spanKind: "client", parentSpanId: "r" }),
      ev("e3", "end", "a", 60, ["e2"]),
      ev("e4", "end", "r", 100, ["e3"]),
    ],
  };
  t.deepEqual(traceCriticalPath(dagOnly, "jaeger").sections, [
    { spanID: "r", start: 60, end: 100 },
    { spanID: "a", start: 10, end: 60 },
    { spanID: "r", start: 0, end: 10 },
  ]);
});

// Random well-formed trees: every child inside its parent or overflowing it arbitrarily.
const arbTrace = fc
  .array(fc.record({ parent: fc.nat(), start: fc.integer({ min: -50, max: 1000 }), duration: fc.nat(400) }), {
    minLength: 1,
    maxLength: 25,
  })
  .map((rows) =>
    rows.map((r, i): CpSpan =>
      span(`s${i}`, i === 0 ? null : `s${r.parent % i}`, i === 0 ? 0 : r.start, i === 0 ? 1000 : r.duration),
    ),
  );

test("jaeger invariant: sections tile the root exactly, latest first, each inside its span", (t) => {
  t.notThrows(() =>
    fc.assert(
    fc.property(arbTrace, (spans) => {
      const { sections } = spanCriticalPath(spans, "jaeger");
      let at = 1000;
      for (const s of sections) {
        if (s.end !== at || !(s.start < s.end)) return false;
        const sp = spans.find((x) => x.spanID === s.spanID)!;
        if (s.start < sp.startTime || s.end > sp.startTime + sp.duration) return false;
        at = s.start;
      }
      return at === 0;
    }),
    ),
  );
});

test("crisp invariant: the root is first on the path, exclusive times are never negative", (t) => {
  t.notThrows(() =>
    fc.assert(
    fc.property(arbTrace, (spans) => {
      const got = spanCriticalPath(spans, "crisp");
      return got.path[0] === "s0" && Object.values(got.exclusive).every((v) => v >= 0);
    }),
    ),
  );
});
