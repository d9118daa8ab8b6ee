// The real pipelines' stages: a host-local relay (Jaeger's agent), the backend's ingest queue,
// durable reporters (Dapper's log files), query-time and window assembly, a stalled backend.
// Every test also checks the accounting law: each emitted record is stored or dropped once.
import test from "ava";
import { Ledger, conserves, createAgent, createCollector, createRelay, inspectTrace } from "../../../tracer/collect/index.ts";
import type { Batch, SendOutcome, Transport } from "../../../tracer/collect/index.ts";
import type { TraceRecord } from "../../../tracer/model/types.ts";
import { TestScheduler, chain, event, traceIdOf } from "./helpers.ts";

/** A transport that hands batches to `to` after 1 ms (the collector's or the relay's `deliver`). */
const link = (scheduler: TestScheduler, to: (batch: Batch, done: (o: SendOutcome) => void) => void): Transport => ({
  send(batch, _bytes, done) {
    scheduler.schedule(1e6, () => to(batch, done));
  },
});

test("relay: a stalled backend keeps every worker waiting, so the relay's queue fills and drops the new batch", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: Infinity });
  const relay = createRelay({ host: "h", scheduler, ledger, transport: link(scheduler, (b, done) => collector.deliver(b, done)), queueSize: 3, workers: 2 });
  const agent = createAgent({ host: "h", scheduler, ledger, transport: link(scheduler, (b, done) => done(relay.receive(b))), maxBatchSize: 2, maxQueueSize: 100, delivery: "lossy" });
  collector.setStalled(true);
  for (let i = 0; i < 7; i++) for (const r of chain(i, "h", 0)) agent.emit(r); // 14 records, 7 batches of 2
  scheduler.advance(1e8);
  // Two batches are out with the workers (held by the stalled backend), three wait, two were refused.
  t.is(relay.stats.queueFullBatches, 2);
  t.is(relay.stats.queueFullRecords, 4);
  t.is(relay.queueLength, 3);
  collector.setStalled(false);
  scheduler.run();
  collector.finish();
  const s = ledger.summary();
  t.deepEqual([s.emitted, s.stored, s.dropped["queue-full"]], [14, 10, 4]);
  t.deepEqual(ledger.rows().map((r) => `${r.stage}/${r.reason}/${r.count}`), ["relay/queue-full/4"]);
  t.true(conserves(s));
  // The relay's batches carry its own name and sequence numbers: the collector sees both agents' hops.
  t.deepEqual(collector.agents().map((a) => a.agent), ["h/relay"]);
});

test("relay: drop-oldest keeps the newest batches; retries of a refused forward are counted, then given up", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: Infinity });
  collector.setAvailable(false);
  const relay = createRelay({
    host: "h",
    scheduler,
    ledger,
    transport: link(scheduler, (b, done) => collector.deliver(b, done)),
    queueSize: 1,
    workers: 1,
    overflow: "drop-oldest",
    maxRetries: 2,
    retryInitialNs: 5e7,
  });
  const batches: Batch[] = [0, 1, 2].map((i) => ({ agent: "c", host: "h", seq: i, records: chain(i, "h", 0), bytes: 100, clientStats: { queueFullDropped: 0, sendFailedDropped: 0, sendFailedBatches: 0, hostCrashDropped: 0 } }));
  for (const b of batches) {
    for (const r of b.records) ledger.countEmitted(r);
    ledger.batchSent(b);
    relay.receive(b);
  }
  // Batch 0 is with the worker; 1 waited and was overwritten by 2.
  t.is(relay.stats.queueFullBatches, 1);
  scheduler.run();
  collector.finish();
  t.is(relay.stats.retries, 4, "two retries for each forward");
  const s = ledger.summary();
  t.deepEqual([s.emitted, s.dropped["queue-full"], s.dropped["collector-down"], s.stored], [6, 2, 4, 0]);
  t.true(conserves(s));
});

test("ingest queue: a full queue refuses the new records; writes take their time, then the traces are stored", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: Infinity, ingest: { queueSize: 5, unit: "records", workers: 1, writeLatencyNs: 1e6 } });
  const records: TraceRecord[] = [];
  for (let i = 0; i < 10; i++) records.push(event(i, "h"));
  for (const r of records) ledger.countEmitted(r);
  const batch: Batch = { agent: "a", host: "h", seq: 0, records, bytes: 100, clientStats: { queueFullDropped: 0, sendFailedDropped: 0, sendFailedBatches: 0, hostCrashDropped: 0 } };
  ledger.batchSent(batch);
  t.is(collector.receive(batch), "delivered");
  t.is(collector.ingestQueue!.stats.queueFullDropped, 5);
  scheduler.advance(2.5e6);
  t.is(collector.ingestQueue!.stats.written, 2, "one worker, 1 ms a record");
  scheduler.run();
  collector.finish();
  t.deepEqual(collector.traces().map((tr) => tr.traceId), [0, 1, 2, 3, 4].map(traceIdOf));
  const s = ledger.summary();
  t.deepEqual([s.stored, s.dropped["queue-full"]], [5, 5]);
  t.deepEqual(ledger.rows().map((r) => `${r.stage}/${r.reason}`), ["collector/queue-full"]);
  t.true(conserves(s));
});

test("ingest queue counting batches: drop-oldest keeps the newest request", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: Infinity, ingest: { queueSize: 1, unit: "batches", workers: 1, writeLatencyNs: 1e6, overflow: "drop-oldest" } });
  for (let i = 0; i < 3; i++) {
    const records = chain(i, "h", 1);
    for (const r of records) ledger.countEmitted(r);
    const b: Batch = { agent: "a", host: "h", seq: i, records, bytes: 100, clientStats: { queueFullDropped: 0, sendFailedDropped: 0, sendFailedBatches: 0, hostCrashDropped: 0 } };
    ledger.batchSent(b);
    collector.receive(b);
  }
  scheduler.run();
  collector.finish();
  // Batch 0 went to the worker, 1 was overwritten by 2.
  t.deepEqual(collector.traces().map((tr) => tr.traceId), [traceIdOf(0), traceIdOf(2)]);
  t.true(conserves(ledger.summary()));
});

test("durable reporter: a crash keeps the queue and unacknowledged batches, shipped after the restart", (t) => {
  for (const durable of [true, false]) {
    const scheduler = new TestScheduler();
    const ledger = new Ledger();
    const collector = createCollector({ scheduler, ledger, decisionWaitNs: Infinity });
    const agent = createAgent({ host: "h", scheduler, ledger, transport: link(scheduler, (b, done) => collector.deliver(b, done)), maxBatchSize: 4, maxQueueSize: 100, flushIntervalNs: 1e9, durable });
    for (let i = 0; i < 3; i++) for (const r of chain(i, "h", 0)) agent.emit(r); // 6 records: one batch out, 2 queued
    agent.crash();
    scheduler.advance(5e8);
    agent.restart();
    scheduler.run();
    agent.flush();
    scheduler.run();
    agent.finish();
    collector.finish();
    const s = ledger.summary();
    t.true(conserves(s), `durable ${durable}`);
    if (durable) {
      t.is(s.stored, 6, "nothing lost: the log file survived the crash");
      t.true(inspectTrace(collector.trace(traceIdOf(2))!).complete);
    } else t.is(s.dropped["host-crash"], 2, "the in-memory queue is lost; the batch on the wire was not");
  }
});

test("durable reporter on a host still down at the end: what it kept is counted host-crash", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: Infinity });
  const agent = createAgent({ host: "h", scheduler, ledger, transport: link(scheduler, (b, done) => collector.deliver(b, done)), maxBatchSize: 100, durable: true });
  for (const r of chain(0, "h", 2)) agent.emit(r);
  agent.crash();
  agent.flush();
  scheduler.run();
  agent.finish();
  collector.finish();
  const s = ledger.summary();
  t.deepEqual([s.emitted, s.dropped["host-crash"]], [4, 4]);
  t.true(conserves(s));
});

test("query-time assembly: no trace is judged before it is read; a released trace is stored at once", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const seen: string[] = [];
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: Infinity, retainTraces: false, onTrace: (tr) => seen.push(tr.traceId) });
  const transport = link(scheduler, (b, done) => collector.deliver(b, done));
  const agent = createAgent({ host: "h", scheduler, ledger, transport, maxBatchSize: 1 });
  for (const r of chain(0, "h", 1)) agent.emit(r);
  for (const r of chain(1, "h", 1)) agent.emit(r);
  scheduler.advance(600e9); // ten minutes: a window would long have closed
  t.deepEqual(seen, []);
  t.is(collector.pendingTraces, 2);
  collector.release(traceIdOf(1));
  t.deepEqual(seen, [traceIdOf(1)]);
  // A record of the released trace arriving later is stored with it.
  agent.emit(event(1, "h"));
  scheduler.run();
  collector.finish();
  t.deepEqual(seen, [traceIdOf(1), traceIdOf(0)]);
  const s = ledger.summary();
  t.deepEqual([s.emitted, s.stored, s.dropped.late], [7, 7, 0]);
});

test("window assembly: a record after the window is still stored and reported late", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const late: TraceRecord[] = [];
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: 1e9, waitFrom: "last", lateRecords: "follow-decision", retainTraces: true, onLateRecord: (r) => late.push(r) });
  const agent = createAgent({ host: "h", scheduler, ledger, transport: link(scheduler, (b, done) => collector.deliver(b, done)), maxBatchSize: 1 });
  const [start, end] = [event(0, "h", { kind: "start", timestamp: 0 }), event(0, "h", { kind: "end", timestamp: 5e9 })];
  agent.emit(start);
  scheduler.advance(3e9); // the window closes with the span still open
  t.false(inspectTrace(collector.trace(traceIdOf(0))!).complete);
  agent.emit(end);
  scheduler.run();
  collector.finish();
  t.deepEqual(late, [end]);
  t.true(inspectTrace(collector.trace(traceIdOf(0))!).complete, "the stored trace has it");
  t.deepEqual([ledger.summary().stored, ledger.summary().dropped.late], [2, 0]);
});

test("a stalled backend answers nothing until it resumes: a reporter that never has two exports out fills its queue", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: Infinity });
  const agent = createAgent({ host: "h", scheduler, ledger, transport: link(scheduler, (b, done) => collector.deliver(b, done)), maxBatchSize: 2, maxQueueSize: 4, maxConcurrentSends: 1 });
  collector.setStalled(true);
  for (let i = 0; i < 5; i++) for (const r of chain(i, "h", 0)) agent.emit(r); // 10 records
  scheduler.advance(1e9);
  t.is(agent.stats.delivered, 0);
  t.is(agent.stats.queueFullDropped, 4, "2 out with the export, 4 queued, 4 refused");
  collector.setStalled(false);
  scheduler.run();
  agent.flush();
  scheduler.run();
  collector.finish();
  const s = ledger.summary();
  t.deepEqual([s.stored, s.dropped["queue-full"], s.dropped["collector-down"]], [6, 4, 0]);
  t.true(conserves(s));
});
