// The tracer core, samplers, agents and collector together, as the runner wires them: the
// summary carries the tracers' trace-point counters and the law holds per host and overall.
import test from "ava";
import { createTracer } from "../../../tracer/index.ts";
import type { Tracer } from "../../../tracer/index.ts";
import { DROP_REASONS, Ledger, conserves, createAgent, createCollector, inspectTrace } from "../../../tracer/collect/index.ts";
import { createSampler } from "../../../tracer/sampling/index.ts";
import { TestScheduler, TestTransport, stream } from "./helpers.ts";

function world(options: { rate: number; lossEvery?: number }) {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: 5e8 });
  let sends = 0;
  const transport = new TestTransport(scheduler, (b) => collector.receive(b), () => (options.lossEvery !== undefined && ++sends % options.lossEvery === 0 ? "lost" : "delivered"));
  const hosts = ["ctl", "cmp1"];
  const agents = hosts.map((host) => createAgent({ host, scheduler, transport, ledger, delivery: "lossy", maxBatchSize: 8, flushIntervalNs: 1e7 }));
  const tracers: Tracer[] = hosts.map((host, i) => {
    const tracer = createTracer({
      service: host === "ctl" ? "nova-api" : "nova-compute",
      host,
      clock: scheduler,
      random: stream("integration", host),
      sampler: createSampler({ type: "probabilistic", rate: options.rate }, { clock: scheduler }),
      sink: agents[i]!,
      model: "dag",
      metadata: "itc",
    });
    ledger.attachTracer(host, tracer);
    return tracer;
  });
  const request = () => {
    const [api, compute] = tracers as [Tracer, Tracer];
    const server = api.startSpan("POST /servers", { kind: "server" });
    const call = api.startSpan("rpc.build_instance", { parent: server, kind: "client" });
    const headers: Record<string, string> = {};
    api.inject(call, headers);
    const handler = compute.startSpan("build_instance", { parent: compute.extract(headers), kind: "server" });
    handler.annotate("spawned");
    const reply: Record<string, string> = {};
    compute.inject(handler, reply);
    handler.end();
    call.join(api.extract(reply)!).end();
    server.end();
  };
  const drain = () => {
    for (const a of agents) a.flush();
    scheduler.run();
    collector.finish();
  };
  return { scheduler, ledger, collector, tracers, request, drain, agents };
}

test("summary.json accounting: trace points and unsampled ones come from the tracers, the rest from the path", (t) => {
  const w = world({ rate: 0.5 });
  for (let i = 0; i < 200; i++) {
    w.request();
    w.scheduler.advance(1e6);
  }
  w.drain();
  const s = w.collector.accounting();
  const tracePoints = w.tracers.reduce((n, tr) => n + tr.stats.tracePoints, 0);
  const notSampled = w.tracers.reduce((n, tr) => n + tr.stats.notSampled, 0);
  const emitted = w.tracers.reduce((n, tr) => n + tr.stats.emitted, 0);
  t.is(s.tracePoints, tracePoints);
  t.is(s.notSampled, notSampled);
  t.is(s.emitted, emitted, "every record a tracer emitted reached the books");
  t.true(notSampled > 0 && emitted > 0);
  t.is(s.stored, emitted);
  t.true(conserves(s));
  t.deepEqual(Object.keys(s.dropped), [...DROP_REASONS]);
  // Consistent sampling by trace id: every stored trace is whole, across both hosts.
  for (const trace of w.collector.traces()) {
    t.true(inspectTrace(trace).complete, trace.traceId);
    t.deepEqual([...new Set(trace.events.map((e) => e.host))].sort(), ["cmp1", "ctl"]);
  }
  const perHost = w.ledger.byHost();
  t.deepEqual(Object.keys(perHost), ["cmp1", "ctl"]);
  for (const h of Object.values(perHost)) t.is(h.emitted, h.stored);
});

test("under network loss complete and partial traces are told apart, by the books and by inspection", (t) => {
  const w = world({ rate: 1, lossEvery: 5 });
  for (let i = 0; i < 100; i++) {
    w.request();
    w.scheduler.advance(1e6);
  }
  w.drain();
  const s = w.collector.accounting();
  t.true(s.dropped["network-loss"] > 0);
  t.true(conserves(s));
  let complete = 0;
  let partial = 0;
  for (const trace of w.collector.traces()) {
    const truth = w.collector.isComplete(trace.traceId);
    // Whenever the books say partial, the trace's structure shows a hole too (and vice versa).
    t.is(inspectTrace(trace).complete, truth, trace.traceId);
    if (truth) complete++;
    else partial++;
  }
  t.true(complete > 0 && partial > 0, `${complete} complete, ${partial} partial`);
  const rows = w.ledger.rows();
  t.true(rows.every((r) => r.stage === "network" && r.reason === "network-loss"));
  t.deepEqual([...new Set(rows.map((r) => r.host))].sort(), ["cmp1", "ctl"]);
  // The collector saw sequence gaps it was never told about (UDP-like loss).
  t.true(w.collector.agents().some((a) => a.missingBatches > 0));
});
