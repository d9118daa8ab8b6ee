import test from "ava";
import { Ledger, conserves, createAgent, createCollector, datagramTransport, inspectTrace } from "../../../tracer/collect/index.ts";
import type { Batch } from "../../../tracer/collect/index.ts";
import type { Trace } from "../../../tracer/model/types.ts";
import { TestScheduler, TestTransport, chain, event, traceIdOf } from "./helpers.ts";

function setup(agentConfig: Parameters<typeof createAgent>[0] extends infer O ? Partial<O> : never = {}, collectorConfig = {}) {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: 1e9, ...collectorConfig });
  const sent: Batch[] = [];
  const transport = new TestTransport(scheduler, (b) => {
    sent.push(b);
    return collector.receive(b);
  });
  const agent = createAgent({ host: "h1", scheduler, transport, ledger, maxQueueSize: 100, maxBatchSize: 10, flushIntervalNs: 1e8, ...agentConfig });
  return { scheduler, ledger, collector, transport, agent, sent };
}

test("no loss: every record stored once, traces assembled whole, summary has the exact shape", (t) => {
  const { scheduler, collector, agent } = setup();
  for (let i = 0; i < 5; i++) for (const r of chain(i, "h1", 3)) agent.emit(r);
  scheduler.run();
  collector.finish();
  const summary = collector.accounting();
  t.deepEqual(summary, {
    tracePoints: 0,
    notSampled: 0,
    emitted: 25,
    stored: 25,
    dropped: { "queue-full": 0, "network-loss": 0, "host-crash": 0, "collector-down": 0, evicted: 0, late: 0, "tail-rejected": 0, unsent: 0 },
  });
  t.deepEqual(Object.keys(summary), ["tracePoints", "notSampled", "emitted", "stored", "dropped"]);
  const traces = collector.traces();
  t.is(traces.length, 5);
  for (const trace of traces) {
    t.is(trace.events.length, 5);
    t.true(inspectTrace(trace).complete);
    t.true(collector.isComplete(trace.traceId));
  }
});

test("batches: full batches go at once, the remainder on the flush timer", (t) => {
  const { scheduler, agent, sent } = setup();
  for (let i = 0; i < 25; i++) agent.emit(event(i, "h1"));
  // One full batch leaves immediately (one send slot), the second waits for the slot.
  t.is(agent.stats.batches, 1);
  scheduler.advance(1_000_000); // first batch delivered: the slot frees, the second full batch goes
  t.is(agent.stats.batches, 2);
  t.is(agent.queueLength, 5);
  scheduler.advance(1e8); // flush interval: the remainder goes
  scheduler.run();
  t.deepEqual(sent.map((b) => b.records.length), [10, 10, 5]);
  t.deepEqual(sent.map((b) => b.seq), [0, 1, 2]);
});

test("overflow drop-newest keeps the oldest records, drop-oldest the newest; both exactly counted", (t) => {
  for (const overflow of ["drop-newest", "drop-oldest"] as const) {
    const { scheduler, collector, agent, ledger } = setup({ maxQueueSize: 20, maxBatchSize: 50, flushIntervalNs: 1e9, overflow });
    const records = Array.from({ length: 50 }, (_, i) => event(i, "h1"));
    for (const r of records) agent.emit(r);
    t.is(agent.stats.queueFullDropped, 30);
    scheduler.run();
    collector.finish();
    const stored = collector.traces().map((tr) => tr.traceId);
    const expected = (overflow === "drop-newest" ? records.slice(0, 20) : records.slice(30)).map((r) => (r.type === "event" ? r.event.traceId : ""));
    t.deepEqual(stored, expected, overflow);
    const s = ledger.summary();
    t.is(s.dropped["queue-full"], 30);
    t.is(s.stored, 20);
    t.true(conserves(s));
    t.deepEqual(ledger.rows(), [{ host: "h1", stage: "agent", reason: "queue-full", count: 30 }]);
  }
});

test("lossy transport: lost batches counted network-loss, and the collector sees the sequence gaps nobody reported", (t) => {
  const { scheduler, collector, agent, transport, ledger } = setup({ delivery: "lossy", maxBatchSize: 5 });
  transport.fate = (b) => (b.seq % 3 === 1 ? "lost" : "delivered");
  for (let i = 0; i < 50; i++) agent.emit(event(i, "h1"));
  scheduler.run();
  collector.finish();
  const s = ledger.summary();
  // 10 batches of 5: seqs 1, 4, 7 lost.
  t.is(s.dropped["network-loss"], 15);
  t.is(s.stored, 35);
  t.true(conserves(s));
  const [view] = collector.agents();
  t.is(view!.missingBatches, 3);
  t.is(view!.unreportedMissing, 3);
  t.is(view!.clientStats.sendFailedDropped, 0, "UDP: the agent does not know about the loss");
});

test("reliable transport: a lost batch is retried with backoff and stored; give-up after maxRetries is counted", (t) => {
  const { scheduler, collector, agent, transport, ledger } = setup({ delivery: "reliable", maxBatchSize: 5, maxRetries: 2, retryInitialNs: 1e6, retryMaxNs: 4e6 });
  transport.fate = (b, attempt) => (b.seq === 0 && attempt < 2 ? "lost" : b.seq === 1 ? "lost" : "delivered");
  for (let i = 0; i < 15; i++) agent.emit(event(i, "h1"));
  scheduler.run();
  collector.finish();
  t.is(transport.attempts.get("h1#0"), 3);
  t.is(transport.attempts.get("h1#1"), 3);
  const s = ledger.summary();
  t.is(s.stored, 10);
  t.is(s.dropped["network-loss"], 5);
  t.is(agent.stats.sendFailedDropped, 5);
  t.true(conserves(s));
  // The collector was told about the give-up in-band: the gap is accounted for.
  const [view] = collector.agents();
  t.is(view!.missingBatches, 1);
  t.is(view!.clientStats.sendFailedBatches, 1);
  t.is(view!.unreportedMissing, 0);
});

test("crash loses the queue and batches awaiting retry as host-crash; down time drops new records too", (t) => {
  const { scheduler, collector, agent, transport, ledger } = setup({ maxBatchSize: 5, retryInitialNs: 5e6, flushIntervalNs: 1e9 });
  transport.fate = (b, attempt) => (b.seq === 0 && attempt === 0 ? "lost" : "delivered");
  for (let i = 0; i < 8; i++) agent.emit(event(i, "h1")); // batch 0 (5) sent, 3 queued
  scheduler.advance(2e6); // batch 0 lost, now waiting for retry
  agent.crash({ downForNs: 1e7 });
  agent.emit(event(100, "h1")); // host is down
  scheduler.advance(2e7);
  agent.emit(event(101, "h1")); // back up
  scheduler.run();
  collector.finish();
  const s = ledger.summary();
  t.is(s.dropped["host-crash"], 5 + 3 + 1);
  t.is(s.stored, 1);
  t.true(conserves(s));
  t.is(ledger.inFlight, 0);
});

test("collector outage: lossy agents lose batches as collector-down, reliable ones retry and get through", (t) => {
  for (const delivery of ["lossy", "reliable"] as const) {
    const { scheduler, collector, agent, ledger } = setup({ delivery, maxBatchSize: 5, retryInitialNs: 1e8, maxRetries: 3 });
    collector.outage(5e7);
    for (let i = 0; i < 10; i++) agent.emit(event(i, "h1"));
    scheduler.run();
    collector.finish();
    const s = ledger.summary();
    if (delivery === "lossy") {
      t.is(s.dropped["collector-down"], 10);
      t.is(s.stored, 0);
    } else {
      t.is(s.dropped["collector-down"], 0);
      t.is(s.stored, 10);
    }
    t.true(collector.stats.rejectedBatches > 0);
    t.true(conserves(s));
  }
});

test("duplicated and reordered batches are recognised by (agent, seq) and not double counted", (t) => {
  const { scheduler, collector, agent, transport, ledger } = setup({ maxBatchSize: 2, maxConcurrentSends: 4, delivery: "lossy" });
  transport.fate = () => "duplicate";
  transport.latency = (b) => (10 - b.seq) * 1e6; // later batches arrive first
  const records = chain(0, "h1", 6);
  for (const r of records) agent.emit(r);
  scheduler.run();
  collector.finish();
  t.is(collector.stats.duplicateBatches, 4);
  const [trace] = collector.traces();
  t.is(trace!.events.length, 8);
  t.deepEqual(
    [...trace!.events].map((e) => e.eventId).sort(),
    records.map((r) => (r.type === "event" ? r.event.eventId : "")).sort(),
  );
  t.true(inspectTrace(trace!).complete);
  t.deepEqual(ledger.summary().stored, 8);
  t.true(conserves(ledger.summary()));
});

test("a record emitted twice (same event id) is stored and counted once", (t) => {
  const { scheduler, collector, agent, ledger } = setup();
  const r = event(0, "h1");
  agent.emit(r);
  agent.emit(r);
  scheduler.run();
  collector.finish();
  t.is(collector.traces()[0]!.events.length, 1);
  const s = ledger.summary();
  t.is(s.emitted, 1);
  t.is(s.stored, 1);
  t.is(ledger.duplicates, 1);
});

test("in a large trace (sorted-tag check), repeated records are found and counted once each", (t) => {
  const { scheduler, collector, agent, ledger } = setup({ maxQueueSize: 1000, maxBatchSize: 50 });
  const records = chain(0, "h1", 60);
  for (const r of records) agent.emit(r);
  // Two repeats, far apart in the trace, plus one id sharing all but its first character.
  agent.emit(records[3]!);
  agent.emit(records[57]!);
  const e = records[10]!.type === "event" ? records[10]!.event : undefined;
  const flipped = (e!.eventId[0] === "0" ? "8" : "0") + e!.eventId.slice(1);
  agent.emit(event(0, "h1", { eventId: flipped }));
  scheduler.run();
  collector.finish();
  t.is(collector.traces()[0]!.events.length, records.length + 1);
  t.is(ledger.duplicates, 2);
  const s = ledger.summary();
  t.is(s.emitted, records.length + 1);
  t.is(s.stored, records.length + 1);
});

test("records arriving after their trace was decided are late (or follow the decision)", (t) => {
  for (const lateRecords of ["drop", "follow-decision"] as const) {
    const { scheduler, collector, agent, ledger } = setup({ maxBatchSize: 1 }, { decisionWaitNs: 1e7, lateRecords });
    const [a, b, c] = chain(0, "h1", 1);
    agent.emit(a!);
    agent.emit(b!);
    scheduler.advance(1e8); // decided
    agent.emit(c!);
    scheduler.run();
    collector.finish();
    const s = ledger.summary();
    t.is(s.emitted, 3);
    if (lateRecords === "drop") {
      t.is(s.dropped.late, 1);
      t.is(s.stored, 2);
      t.false(collector.isComplete(traceIdOf(0)));
      t.is(inspectTrace(collector.trace(traceIdOf(0))!).unmatchedStarts, 1);
    } else {
      t.is(s.stored, 3);
      t.true(collector.isComplete(traceIdOf(0)));
      t.true(inspectTrace(collector.trace(traceIdOf(0))!).complete);
    }
    t.true(conserves(s));
  }
});

test("bounded pending traces: the oldest is decided first, or dropped as evicted", (t) => {
  for (const overflow of ["decide-oldest", "drop-oldest"] as const) {
    const { scheduler, collector, agent, ledger } = setup({ maxBatchSize: 1, maxConcurrentSends: 100 }, { maxPendingTraces: 3, overflow });
    for (let i = 0; i < 5; i++) agent.emit(event(i, "h1"));
    scheduler.advance(2e6); // all arrived, none past the 1 s wait
    t.is(collector.pendingTraces, 3);
    if (overflow === "decide-oldest") {
      t.is(collector.stats.forcedDecisions, 2);
      t.deepEqual(collector.traces().map((tr) => tr.traceId), [traceIdOf(0), traceIdOf(1)]);
    } else {
      t.is(collector.stats.evictedTraces, 2);
      t.is(ledger.summary().dropped.evicted, 2);
    }
    scheduler.run();
    collector.finish();
    t.true(conserves(ledger.summary()));
  }
});

test("counted-only traces (wants says no, or released while pending) are stored in the books, never assembled; repeats still count once", (t) => {
  const seen: string[] = [];
  const { scheduler, collector, agent, ledger } = setup(
    { maxBatchSize: 4 },
    { retainTraces: false, onTrace: (trace: Trace) => void seen.push(`${trace.traceId}:${trace.events.length}`), wants: (id: string) => id !== traceIdOf(0) },
  );
  const a = chain(0, "h1", 3); // not wanted from its first record on
  const b = chain(1, "h1", 3); // wanted, then released before its decision
  const c = chain(2, "h1", 3); // wanted and assembled
  for (const r of [...a, a[1]!, ...b, ...c, c[0]!]) agent.emit(r);
  scheduler.advance(5e8); // everything arrived; nothing decided yet (1 s wait)
  t.is(collector.pendingTraces, 3);
  collector.release(traceIdOf(1));
  collector.release(traceIdOf(9)); // unknown: no effect
  scheduler.run();
  collector.finish();
  t.deepEqual(seen, [`${traceIdOf(2)}:5`]);
  const s = ledger.summary();
  t.is(s.emitted, 15);
  t.is(s.stored, 15);
  t.is(ledger.duplicates, 2);
  t.is(collector.stats.duplicateRecords, 2);
  t.is(collector.stats.tracesKept, 3);
  t.true(conserves(s));
  t.deepEqual(ledger.byHost()["h1"]!.stored, 15);
});

test("a counted-only trace evicted from a full pending table is counted evicted record by record", (t) => {
  const { scheduler, collector, agent, ledger } = setup(
    { maxBatchSize: 1, maxConcurrentSends: 100 },
    { maxPendingTraces: 1, overflow: "drop-oldest", retainTraces: false, onTrace: () => t.fail("nothing is wanted"), wants: () => false },
  );
  const first = chain(0, "h1", 2);
  for (const r of [...first, first[0]!]) agent.emit(r);
  scheduler.advance(2e6);
  agent.emit(event(1, "h1"));
  scheduler.run();
  collector.finish();
  const s = ledger.summary();
  t.is(s.dropped.evicted, 4);
  t.is(ledger.duplicates, 1);
  t.is(s.stored, 1);
  t.true(conserves(s));
});

test("waitFrom last: a trace still receiving records stays pending (quiet-period completion window)", (t) => {
  const { scheduler, collector, agent } = setup({ maxBatchSize: 1 }, { decisionWaitNs: 1e7, waitFrom: "last" });
  const records = chain(0, "h1", 4);
  for (const r of records) {
    agent.emit(r);
    scheduler.advance(6e6); // each record comes 6 ms after the previous: within the 10 ms window
  }
  t.is(collector.stats.tracesDecided, 0);
  scheduler.run();
  t.is(collector.stats.tracesDecided, 1);
  t.is(collector.traces()[0]!.events.length, 6);
});

test("synchronous mode: one record per send, and the blocking send is on the trace point's cost", (t) => {
  const { scheduler, collector, agent, sent } = setup({ mode: "sync", syncSendNs: 50_000, overhead: { nsPerTracePoint: 100, nsPerByte: 0 } });
  const reporter = agent.reporter();
  reporter.emit(event(0, "h1"));
  reporter.emit(event(0, "h1"));
  t.is(reporter.drainCostNs(), 2 * (100 + 50_000));
  t.is(reporter.drainCostNs(), 0);
  t.is(agent.drainCostNs(), 0, "each reporter has its own meter");
  scheduler.run();
  collector.finish();
  t.deepEqual(sent.map((b) => b.records.length), [1, 1]);
});

test("asynchronous cost is CPU per trace point plus per byte serialized, deterministic", (t) => {
  const { agent } = setup({ overhead: { nsPerTracePoint: 200, nsPerByte: 2 } });
  const r = event(0, "h1");
  agent.emit(r);
  const c1 = agent.drainCostNs();
  agent.emit(event(0, "h1"));
  t.is(agent.drainCostNs(), c1);
  t.true(c1 > 200);
});

test("overlapping collector outages: the collector is back only when the last one ends", (t) => {
  const { scheduler, collector } = setup();
  collector.outage(10e6);
  scheduler.advance(2e6);
  collector.outage(20e6); // until 22 ms
  scheduler.advance(9e6); // 11 ms: the first outage's end has passed
  t.false(collector.available);
  scheduler.advance(11e6); // 22 ms
  t.true(collector.available);
});

test("datagramTransport: a duplicated datagram reaches the collector twice, the agent hears one outcome", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: 1e6 });
  let n = 0;
  const transport = datagramTransport({
    // Every datagram arrives twice; every third is lost instead.
    send: (_bytes, onArrive, onLost) => {
      if (++n % 3 === 0) scheduler.schedule(1000, onLost);
      else {
        scheduler.schedule(1000, onArrive);
        scheduler.schedule(2000, onArrive);
      }
    },
    receive: (b) => collector.receive(b),
    blockingCostNs: (bytes) => bytes * 10,
  });
  const agent = createAgent({ host: "h1", scheduler, transport, ledger, maxBatchSize: 1, maxConcurrentSends: 10, delivery: "lossy" });
  for (let i = 0; i < 9; i++) agent.emit(event(i, "h1"));
  scheduler.run();
  collector.finish();
  t.is(collector.stats.duplicateBatches, 6);
  t.is(agent.stats.delivered + agent.stats.lost, 9);
  t.is(ledger.anomalies, 0);
  const s = ledger.summary();
  t.is(s.stored, 6);
  t.is(s.dropped["network-loss"], 3);
  t.is(transport.blockingCostNs!(5), 50);
});

test("bad agent and collector options are typed errors naming the option", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const transport = new TestTransport(scheduler, () => "delivered");
  const err = (fn: () => unknown) => t.throws(fn, { name: "CollectConfigError" }) as Error & { path: string };
  t.is(err(() => createAgent({ host: "", scheduler, transport, ledger })).path, "host");
  t.is(err(() => createAgent({ host: "h", scheduler, transport, ledger: undefined as never })).message,
    'collect: option "ledger" must be a Ledger (pass collector.ledger so the collector\'s accounting includes this agent)');
  t.is(err(() => createAgent({ host: "h", scheduler, transport, ledger, maxQueueSize: 0 })).message, 'collect: option "maxQueueSize" must be an integer >= 1, got 0');
  t.is(err(() => createAgent({ host: "h", scheduler, transport, ledger, overflow: "drop-random" as never })).message,
    'collect: option "overflow" must be one of "drop-newest", "drop-oldest", got "drop-random"');
  createAgent({ host: "h", scheduler, transport, ledger });
  t.is(err(() => createAgent({ host: "h", scheduler, transport, ledger })).path, "name");
  t.is(err(() => createCollector({ scheduler, decisionWaitNs: -1 })).path, "decisionWaitNs");
  t.is(err(() => createCollector({ scheduler, maxPendingTraces: 0 })).path, "maxPendingTraces");
  t.is(err(() => createCollector({ scheduler: {} as never })).path, "scheduler");
});
