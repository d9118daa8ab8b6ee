import test from "ava";
import { createTailSampler, traceDuration, traceHasError } from "../../../tracer/sampling/tail.ts";
import { SamplingConfigError } from "../../../tracer/sampling/errors.ts";
import { tracePaths } from "../../../tracer/sampling/structure.ts";
import { Ledger, conserves, createAgent, createCollector } from "../../../tracer/collect/index.ts";
import type { Trace, TraceEvent } from "../../../tracer/model/types.ts";
import { TestScheduler, TestTransport, chain, hex, randomTraceIds, traceIdOf } from "../collect/helpers.ts";

let eid = 0;
/** A trace of events: a root on `svc`, then calls along `path` (service names), each a start/end pair. */
function traceOf(n: number | string, path: readonly string[], options: { duration?: number; error?: boolean; op?: string } = {}): Trace {
  const events: TraceEvent[] = [];
  const traceId = typeof n === "string" ? n : traceIdOf(n);
  let parent: string | undefined;
  let t = 0;
  const spans: string[] = [];
  for (const service of path) {
    const spanId = hex(++eid, 16);
    spans.push(spanId);
    const id = hex(++eid, 16);
    events.push({ traceId, eventId: id, kind: "start", name: options.op ?? `${service}-op`, service, host: service, timestamp: t++, spanId, parents: parent ? [parent] : [] });
    parent = id;
  }
  for (const spanId of spans.reverse()) {
    const id = hex(++eid, 16);
    const last = spanId === spans[spans.length - 1];
    events.push({
      traceId, eventId: id, kind: "end", name: "end", service: "s", host: "h", spanId, parents: [parent!],
      timestamp: last ? (options.duration ?? 100) : t++,
      ...(options.error && last ? { status: { code: "error" as const } } : {}),
    });
    parent = id;
  }
  return { traceId, events, spans: [] };
}

test("latency, error and operation policies keep what they match and count per policy", (t) => {
  const tail = createTailSampler({
    policies: [
      { name: "slow", kind: "latency", thresholdNs: 1000 },
      { name: "errors", kind: "error" },
      { name: "boot", kind: "operation", names: ["server-create"] },
    ],
  });
  const verdicts = [
    tail.decide(traceOf(0, ["a", "b"], { duration: 5000 })),
    tail.decide(traceOf(1, ["a", "b"], { duration: 10 })),
    tail.decide(traceOf(2, ["a"], { duration: 10, error: true })),
    tail.decide(traceOf(3, ["a"], { duration: 10, op: "server-create" })),
    tail.decide(traceOf(4, ["a"], { duration: 5000, error: true })),
  ];
  t.deepEqual(verdicts, [true, false, true, true, true]);
  t.deepEqual(tail.stats.policies, {
    slow: { matched: 2, notMatched: 3 },
    errors: { matched: 2, notMatched: 3 },
    boot: { matched: 1, notMatched: 4 },
  });
  t.deepEqual(tail.stats.keptBy, { slow: 2, errors: 1, boot: 1 });
  t.is(tail.stats.kept, 4);
  t.is(tail.stats.dropped, 1);
});

test("trace duration is earliest start to latest end; errors are found on end events", (t) => {
  const tr = traceOf(0, ["a", "b", "c"], { duration: 777, error: true });
  t.is(traceDuration(tr), 777);
  t.true(traceHasError(tr));
  t.false(traceHasError(traceOf(1, ["a"])));
});

test("probabilistic tail policy is consistent by trace id and converges to its ratio", (t) => {
  const a = createTailSampler({ policies: [{ kind: "probabilistic", ratio: 0.25 }] });
  const b = createTailSampler({ policies: [{ kind: "probabilistic", ratio: 0.25 }] });
  let kept = 0;
  const N = 20000;
  for (const traceId of randomTraceIds("tail", N)) {
    const tr: Trace = { traceId, events: [], spans: [] };
    const k = a.decide(tr);
    t.is(b.decide(tr), k);
    if (k) kept++;
  }
  t.true(Math.abs(kept / N - 0.25) < 0.02, `rate ${kept / N}`);
});

test("rare structure: never-seen shapes are kept, the common shape is thinned toward alpha", (t) => {
  const tail = createTailSampler({ policies: [{ name: "rare", kind: "rare-structure", alpha: 0.05, window: 200 }] });
  const ids = randomTraceIds("rare", 2100);
  let commonKept = 0;
  const rareKept: boolean[] = [];
  for (let i = 0; i < 2000; i++) {
    if (tail.decide(traceOf(ids[i]!, ["web", "api", "db"]))) commonKept++;
    // A rare shape every 100 traces: far less common than the main one, so it stays surprising.
    if (i % 100 === 50) rareKept.push(tail.decide(traceOf(ids[2000 + i / 100 - 0.5]!, ["web", "api", "cache", "api", "db"])));
  }
  t.true(rareKept[0]!, "first sighting of a new shape is kept");
  const rareRate = rareKept.filter(Boolean).length / rareKept.length;
  const commonRate = commonKept / 2000;
  t.true(commonRate > 0.03 && commonRate < 0.08, `common shape kept at ${commonRate}, alpha 0.05`);
  t.true(rareRate > 0.5, `rare shape kept at ${rareRate}`);
});

test("trace paths follow the causal graph (length-n label paths)", (t) => {
  const paths = tracePaths(traceOf(0, ["a", "b"]), 2);
  t.deepEqual(paths, [
    "a|a-op|start>b|b-op|start",
    "b|b-op|start>s|end|end",
    "s|end|end>s|end|end",
    "a|a-op|start",
  ].sort());
});

test("bad policies are rejected with the option path", (t) => {
  const e1 = t.throws(() => createTailSampler({ policies: [{ kind: "latency", thresholdNs: -1 }] }), { instanceOf: SamplingConfigError });
  t.is(e1.message, 'sampling: option "tail.policies[0].thresholdNs" must be a number >= 0, got -1');
  const e2 = t.throws(() => createTailSampler({ policies: [{ kind: "probabilistic", ratio: 2 }] }), { instanceOf: SamplingConfigError });
  t.is(e2.path, "tail.policies[0].ratio");
  const e3 = t.throws(() => createTailSampler({ policies: [{ kind: "nope" } as never] }), { instanceOf: SamplingConfigError });
  t.is(e3.path, "tail.policies[0].kind");
  const e4 = t.throws(() => createTailSampler({ policies: [{ kind: "error", name: "x" }, { kind: "always", name: "x" }] }), { instanceOf: SamplingConfigError });
  t.is(e4.path, "tail.policies[1].name");
});

test("at the collector, rejected traces are counted tail-rejected and the law holds", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const tail = createTailSampler({ policies: [{ kind: "latency", thresholdNs: 500 }] });
  const collector = createCollector({ scheduler, ledger, tail, decisionWaitNs: 1e6 });
  const agent = createAgent({ host: "h1", scheduler, ledger, transport: new TestTransport(scheduler, (b) => collector.receive(b)) });
  for (const r of chain(0, "h1", 2, 100)) agent.emit(r);
  for (const r of chain(1, "h1", 2, 900)) agent.emit(r);
  agent.flush();
  scheduler.run();
  collector.finish();
  const s = ledger.summary();
  t.is(s.stored, 4);
  t.is(s.dropped["tail-rejected"], 4);
  t.true(conserves(s));
  t.deepEqual(collector.traces().map((tr) => tr.traceId), [traceIdOf(1)]);
});
