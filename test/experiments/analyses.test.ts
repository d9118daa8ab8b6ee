// The measurements behind Table 2's DAG and logical-clock columns, on traces made with the
// tracer API: Pattern #1 vs #2 shapes, and causal order across a skewed host.
import test from "ava";
import seedrandom from "seedrandom";
import { alwaysOn, createTracer } from "../../tracer/index.ts";
import type { MetadataMode, Trace, TraceModel, TraceRecord, Tracer } from "../../tracer/index.ts";
import { causalOrder, comparePatterns, traceShape } from "../../sim/experiments/analyses.ts";

function host(name: string, offset: number, records: TraceRecord[], model: TraceModel, metadata: MetadataMode, clock: { t: number }): Tracer {
  const rng = seedrandom.alea(`analyses/${name}`);
  return createTracer({
    service: name,
    host: name,
    clock: { now: () => clock.t + offset },
    random: { next: () => rng() },
    sampler: alwaysOn,
    sink: { emit: (r) => records.push(r) },
    model,
    metadata,
  });
}

const traceOf = (records: TraceRecord[]): Trace => {
  const events = records.flatMap((r) => (r.type === "event" ? [r.event] : []));
  const spans = records.flatMap((r) => (r.type === "span" ? [r.span] : []));
  return { traceId: (events[0] ?? spans[0])!.traceId, events, spans };
};

/** foo on host a calls bar on host b (clock `skew` ns off) and grunt on host c, concurrently or one after the other. */
function pattern(concurrent: boolean, model: TraceModel, metadata: MetadataMode, skew = 0, seed = 0): Trace {
  const records: TraceRecord[] = [];
  const clock = { t: 1_000_000 + seed };
  const a = host("a", 0, records, model, metadata, clock);
  const b = host("b", skew, records, model, metadata, clock);
  const c = host("c", 0, records, model, metadata, clock);
  const foo = a.startSpan("foo", { kind: "server" });
  const call = (from: Tracer, to: Tracer, parent: Parameters<Tracer["startSpan"]>[1] extends infer O ? O extends { parent?: infer P } ? P : never : never, name: string) => {
    const client = from.startSpan(name, { parent, kind: "client" });
    const headers: Record<string, string> = {};
    from.inject(client, headers);
    clock.t += 1000;
    const server = to.startSpan(name, { parent: to.extract(headers), kind: "server" });
    clock.t += 5000;
    server.end();
    const reply: Record<string, string> = {};
    to.inject(server, reply);
    clock.t += 1000;
    client.join(from.extract(reply)!);
    client.end();
    return client;
  };
  if (concurrent) {
    const [x, y] = foo.fork(2);
    const bar = call(a, b, x, "bar");
    const grunt = call(a, c, y, "grunt");
    foo.join([bar, grunt]);
  } else {
    foo.join(call(a, b, foo, "bar"));
    foo.join(call(a, c, foo, "grunt"));
  }
  foo.end();
  return traceOf(records);
}

test("DAG traces tell Pattern #1 from Pattern #2; span traces cannot", (t) => {
  const dag = comparePatterns([pattern(true, "dag", "ids"), pattern(true, "dag", "ids", 0, 7)], [pattern(false, "dag", "ids")]);
  t.deepEqual(dag, { concurrentTraces: 2, sequentialTraces: 1, concurrentConfused: 0, sequentialConfused: 0, distinctShapes: 2 });
  const itc = comparePatterns([pattern(true, "dag", "itc")], [pattern(false, "dag", "itc")]);
  t.is(itc.concurrentConfused + itc.sequentialConfused, 0);
  const span = comparePatterns([pattern(true, "span", "ids")], [pattern(false, "span", "ids")]);
  t.deepEqual(span, { concurrentTraces: 1, sequentialTraces: 1, concurrentConfused: 1, sequentialConfused: 1, distinctShapes: 1 });
  t.is(traceShape(pattern(true, "dag", "itc")), traceShape(pattern(true, "dag", "ids")), "the ITC reconstruction gives the explicit DAG's shape");
});

test("under clock skew timestamps misorder cross-host edges, ITC stamps do not", (t) => {
  const skewed = causalOrder(pattern(true, "dag", "itc", -40_000_000));
  t.true(skewed.crossHostEdges >= 4);
  t.true(skewed.timestampErrors > 0, "host b's clock is 40 ms behind: its events look earlier than their causes");
  t.is(skewed.clockErrors, 0);
  const plain = causalOrder(pattern(true, "dag", "itc"));
  t.deepEqual([plain.timestampErrors, plain.clockErrors], [0, 0]);
  const ids = causalOrder(pattern(true, "dag", "ids", -40_000_000));
  t.is(ids.clockErrors, null);
  t.is(ids.timestampErrors, skewed.timestampErrors);
  const spans = causalOrder(pattern(true, "span", "ids", -40_000_000));
  t.true(spans.timestampErrors > 0);
  t.is(spans.clockErrors, null);
});
