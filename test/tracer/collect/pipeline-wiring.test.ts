import test from "ava";
import { createTracer } from "../../../tracer/index.ts";
import { conserves, createPipeline } from "../../../tracer/collect/index.ts";
import type { Pipeline } from "../../../tracer/collect/index.ts";
import { alwaysOn } from "../../../tracer/model/sampler.ts";
import { TestScheduler, TestTransport, stream } from "./helpers.ts";

function run(pipeline: Pipeline, scheduler: TestScheduler, requests: number, slowEvery = 0) {
  const tracers = ["ctl", "cmp1"].map((host) => {
    const reporter = pipeline.reporterFor(host);
    const tracer = createTracer({ service: `svc-${host}`, host, clock: scheduler, random: stream("wiring", host), sampler: alwaysOn, sink: reporter });
    pipeline.attachTracer(host, tracer);
    return { tracer, reporter };
  });
  const costs: number[] = [];
  for (let i = 0; i < requests; i++) {
    const [a, b] = tracers as [(typeof tracers)[0], (typeof tracers)[0]];
    const root = a.tracer.startSpan("GET /", { kind: "server" });
    const headers: Record<string, string> = {};
    a.tracer.inject(root, headers);
    const child = b.tracer.startSpan("work", { parent: b.tracer.extract(headers), kind: "server" });
    scheduler.advance(slowEvery > 0 && i % slowEvery === 0 ? 5e7 : 1e6);
    child.end();
    root.end();
    costs.push(a.reporter.drainCostNs() + b.reporter.drainCostNs());
  }
  return costs;
}

test("the end-of-run procedure settles every record: flush, run, finish", (t) => {
  const scheduler = new TestScheduler();
  let collectorReceive: (b: never) => "delivered" | "rejected" = () => "delivered";
  const pipeline = createPipeline({
    scheduler,
    transportFor: () => new TestTransport(scheduler, (b) => collectorReceive(b as never)),
    agent: { maxBatchSize: 16, flushIntervalNs: 1e8 },
    collector: { decisionWaitNs: 1e8 },
  });
  collectorReceive = (b) => pipeline.collector.receive(b);
  const costs = run(pipeline, scheduler, 50);
  t.true(costs.every((c) => c > 0), "every request paid for its trace points");
  pipeline.flush();
  scheduler.run();
  pipeline.finish();
  const s = pipeline.accounting();
  t.is(s.stored, s.emitted);
  t.is(s.tracePoints, 200);
  t.is(pipeline.collector.traces().length, 50);
  t.is(pipeline.ledger.inFlight, 0);
});

test("tail policies as plain data: only slow traces are stored, the rest tail-rejected", (t) => {
  const scheduler = new TestScheduler();
  let receive: (b: never) => "delivered" | "rejected" = () => "delivered";
  const pipeline = createPipeline({
    scheduler,
    transportFor: () => new TestTransport(scheduler, (b) => receive(b as never)),
    collector: { decisionWaitNs: 1e8 },
    tailPolicies: [{ name: "slow", kind: "latency", thresholdNs: 1e7 }],
  });
  receive = (b) => pipeline.collector.receive(b);
  run(pipeline, scheduler, 20, 5);
  pipeline.flush();
  scheduler.run();
  pipeline.finish();
  const s = pipeline.accounting();
  t.is(pipeline.collector.traces().length, 4);
  t.is(s.dropped["tail-rejected"], 16 * 4);
  t.true(conserves(s));
});

test("finish without running the simulation counts what is still on the wire as lost", (t) => {
  const scheduler = new TestScheduler();
  let receive: (b: never) => "delivered" | "rejected" = () => "delivered";
  const pipeline = createPipeline({ scheduler, transportFor: () => new TestTransport(scheduler, (b) => receive(b as never)), agent: { maxBatchSize: 1000 } });
  receive = (b) => pipeline.collector.receive(b);
  run(pipeline, scheduler, 10);
  pipeline.finish();
  const s = pipeline.accounting();
  t.is(s.dropped["network-loss"], s.emitted);
  t.true(conserves(s));
});

test("retroactive pipeline: slow roots are kept whole, the rest evicted", (t) => {
  const scheduler = new TestScheduler();
  let receive: (b: never) => "delivered" | "rejected" = () => "delivered";
  const pipeline = createPipeline({
    scheduler,
    transportFor: () => new TestTransport(scheduler, (b) => receive(b as never)),
    agent: { maxBatchSize: 16, flushIntervalNs: 1e7 },
    collector: { decisionWaitNs: 1e8 },
    retroactive: { capacity: 1000, latencyTriggerNs: 1e7 },
  });
  receive = (b) => pipeline.collector.receive(b);
  run(pipeline, scheduler, 40, 10);
  pipeline.flush();
  scheduler.run();
  pipeline.finish();
  const s = pipeline.accounting();
  t.is(pipeline.collector.traces().length, 4);
  t.is(s.stored, 4 * 4);
  t.is(s.dropped.evicted, s.emitted - 16);
  t.true(conserves(s));
  for (const tr of pipeline.collector.traces()) t.true(pipeline.collector.isComplete(tr.traceId));
  t.throws(() => createPipeline({ scheduler, transportFor: undefined as never }), { message: /transportFor/ });
});

test("a host crash through the pipeline loses that host's queue as host-crash", (t) => {
  const scheduler = new TestScheduler();
  let receive: (b: never) => "delivered" | "rejected" = () => "delivered";
  const pipeline = createPipeline({ scheduler, transportFor: () => new TestTransport(scheduler, (b) => receive(b as never)), agent: { maxBatchSize: 1000, flushIntervalNs: 1e12 } });
  receive = (b) => pipeline.collector.receive(b);
  run(pipeline, scheduler, 5);
  const queued = pipeline.agentFor("cmp1").queueLength;
  t.true(queued > 0);
  pipeline.crash("cmp1");
  pipeline.flush();
  scheduler.run();
  pipeline.finish();
  const s = pipeline.accounting();
  t.is(s.dropped["host-crash"], queued);
  t.deepEqual(pipeline.ledger.rows().map((r) => `${r.host}/${r.stage}/${r.reason}`), ["cmp1/agent/host-crash"]);
  t.true(conserves(s));
});
