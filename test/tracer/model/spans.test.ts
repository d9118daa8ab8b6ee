import test from "ava";
import fc from "fast-check";
import { newId128, newId64, spansFromEvents } from "../../../tracer/index.ts";
import type { TraceEvent } from "../../../tracer/index.ts";

const T = "5a1c0ffee0ddf00d5a1c0ffee0ddf00d";
const ev = (o: Partial<TraceEvent> & Pick<TraceEvent, "eventId" | "kind" | "spanId" | "timestamp">): TraceEvent => ({
  traceId: T,
  name: "op",
  service: "nova",
  host: "h1",
  parents: [],
  ...o,
});

const events: TraceEvent[] = [
  ev({ eventId: "0000000000000001", kind: "start", spanId: "000000000000000a", timestamp: 10, spanKind: "server", attributes: { a: 1 } }),
  ev({ eventId: "0000000000000002", kind: "annotate", name: "retry", spanId: "000000000000000a", timestamp: 15, attributes: { n: 2 } }),
  ev({ eventId: "0000000000000003", kind: "start", spanId: "000000000000000b", timestamp: 12, parentSpanId: "000000000000000a", name: "child" }),
  ev({ eventId: "0000000000000004", kind: "end", spanId: "000000000000000a", timestamp: 30, attributes: { b: 2, a: 3 }, status: { code: "error", message: "boom" }, links: [{ traceId: T, spanId: "000000000000000c" }] }),
  // An end without a start is ignored (OSProfiler does the same).
  ev({ eventId: "0000000000000005", kind: "end", spanId: "00000000000000ff", timestamp: 40 }),
];

test("a span is its start and end events: attributes merged, status, links, logs, kind", (t) => {
  t.deepEqual(spansFromEvents(events), [
    {
      traceId: T, spanId: "000000000000000a", links: [{ traceId: T, spanId: "000000000000000c" }], kind: "server", name: "op",
      service: "nova", host: "h1", start: 10, end: 30, attributes: { a: 3, b: 2 }, status: { code: "error", message: "boom" },
      logs: [{ timestamp: 15, attributes: { event: "retry", n: 2 } }],
    },
    {
      traceId: T, spanId: "000000000000000b", parentSpanId: "000000000000000a", links: [], kind: "internal", name: "child",
      service: "nova", host: "h1", start: 12, end: 12, attributes: {}, status: { code: "unset" }, logs: [],
    },
  ]);
});

test("the projection does not depend on event order", (t) => {
  const expected = spansFromEvents(events);
  fc.assert(
    fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
      t.deepEqual(spansFromEvents(shuffled), expected);
    }),
    { numRuns: 50 },
  );
});

test("ids are lowercase hex, never zero, and a pure function of the random source", (t) => {
  let calls = 0;
  const zeroThenHalf = { next: () => (calls++ < 2 ? 0 : 0.5) };
  t.is(newId64(zeroThenHalf), "8000000080000000");
  const seq = [0.1, 0.2, 0.3, 0.4];
  let i = 0;
  t.is(newId128({ next: () => seq[i++ % 4]! }), "19999999333333334ccccccc66666666");
});
