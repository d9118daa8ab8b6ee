// The tracer bench's floor peer must do the work it stands for: for the bench workload it
// records what the real DAG + ITC tracer records (same events, parents and ITC stamps, up to
// the random ids), so its cost is a fair lower bound.
import test from "ava";
import seedrandom from "seedrandom";
import { alwaysOn, createTracer } from "../../tracer/index.ts";
import type { TraceEvent, TraceRecord } from "../../tracer/index.ts";
import { bareTracer } from "./tracer-floor.ts";
import { traceOnce } from "./tracer.ts";

/** Events with ids replaced by their order of first appearance, timestamps dropped. */
function canonical(events: readonly TraceEvent[]): unknown[] {
  const ids = new Map<string, number>();
  const id = (s: string | undefined) => {
    if (s === undefined) return undefined;
    if (!ids.has(s)) ids.set(s, ids.size);
    return ids.get(s);
  };
  return events.map((e) => ({
    traceId: id(e.traceId),
    eventId: id(e.eventId),
    spanId: id(e.spanId),
    parentSpanId: id(e.parentSpanId),
    kind: e.kind,
    name: e.name,
    spanKind: e.spanKind,
    parents: e.parents.map(id),
    itc: e.itc,
    attributes: e.attributes,
    status: e.status,
  }));
}

test("the bare DAG + ITC tracer records what the real one records for the bench workload", (t) => {
  const bare: TraceEvent[] = [];
  const subject = bareTracer((e) => bare.push(e));
  const real: TraceEvent[] = [];
  const rng = seedrandom.alea("test/floor");
  const tracer = createTracer({
    service: "bench",
    host: "h1",
    clock: { now: () => 1 },
    random: { next: () => rng() },
    sampler: alwaysOn,
    sink: { emit: (r: TraceRecord) => void (r.type === "event" && real.push(r.event)) },
    model: "dag",
    metadata: "itc",
  });
  for (let i = 0; i < 3; i++) {
    const bareHeaders = subject.trace();
    const realHeaders = traceOnce(tracer);
    t.is(bareHeaders["tracestate"], realHeaders["tracestate"]);
  }
  t.is(bare.length, 3 * 8);
  t.is(subject.recorded(), bare.length);
  t.deepEqual(canonical(bare), canonical(real));
});
