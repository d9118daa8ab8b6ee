import test from "ava";
import { Ledger, conserves, createAgent, createCollector, createTriggerCoordinator, inspectTrace } from "../../../tracer/collect/index.ts";
import type { TraceRecord } from "../../../tracer/model/types.ts";
import type { RingBuffer } from "../../../tracer/collect/index.ts";
import { TestScheduler, TestTransport, event, hex, traceIdOf } from "./helpers.ts";

function setup(capacity: number, extra: { latencyTriggerNs?: number; errorTrigger?: boolean } = {}) {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: 1e8 });
  const transport = new TestTransport(scheduler, (b) => collector.receive(b));
  const coordinator = createTriggerCoordinator({ ledger });
  const hosts = ["api", "db"];
  const buffers = hosts.map((host) =>
    coordinator.buffer({ host, capacity, agent: createAgent({ host, scheduler, transport, ledger, maxBatchSize: 10, flushIntervalNs: 1e6 }), ...extra }),
  );
  const finish = () => {
    coordinator.finish();
    scheduler.run();
    collector.finish();
  };
  return { scheduler, ledger, collector, coordinator, buffers, finish };
}

/** A two-host trace: root span on api (start..end at `duration`), one child event on db. */
function twoHostTrace(n: number, duration: number, status?: "error"): { api: TraceRecord[]; db: TraceRecord[] } {
  const spanId = hex(n + 1, 16);
  const start = event(n, "api", { kind: "start", spanId, timestamp: 0 });
  const startId = start.type === "event" ? start.event.eventId : "";
  const child = event(n, "db", { kind: "annotate", spanId: hex(n + 1000, 16), parents: [startId], timestamp: 1 });
  const childId = child.type === "event" ? child.event.eventId : "";
  const end = event(n, "api", { kind: "end", spanId, parents: [childId], timestamp: duration, ...(status ? { status: { code: status } } : {}) });
  return { api: [start, end], db: [child] };
}

test("a trigger pulls the trace's records from every host; untriggered data is evicted and counted", (t) => {
  const { ledger, collector, coordinator, buffers, finish } = setup(100);
  for (let i = 0; i < 10; i++) {
    const tr = twoHostTrace(i, 1000);
    buffers[1]!.emit(tr.db[0]!);
    for (const r of tr.api) buffers[0]!.emit(r);
  }
  coordinator.trigger(traceIdOf(3));
  coordinator.trigger(traceIdOf(3));
  finish();
  t.deepEqual(collector.traces().map((tr) => tr.traceId), [traceIdOf(3)]);
  const trace = collector.trace(traceIdOf(3))!;
  t.is(trace.events.length, 3);
  t.true(inspectTrace(trace).complete);
  t.is(coordinator.stats.triggers, 1);
  t.is(coordinator.stats.repeated, 1);
  const s = ledger.summary();
  t.is(s.emitted, 30);
  t.is(s.stored, 3);
  t.is(s.dropped.evicted, 27);
  t.true(conserves(s));
});

test("records evicted before the trigger are lost and counted as evicted-before-trigger; the trace is partial", (t) => {
  const { ledger, collector, coordinator, buffers, finish } = setup(4);
  const first = twoHostTrace(0, 1000);
  for (const r of first.api) buffers[0]!.emit(r);
  buffers[1]!.emit(first.db[0]!);
  // Traffic on api pushes trace 0 out of the 4-record buffer.
  for (let i = 1; i <= 2; i++) for (const r of twoHostTrace(i, 1000).api) buffers[0]!.emit(r);
  coordinator.trigger(traceIdOf(0));
  finish();
  t.is(coordinator.stats.evictedBeforeTrigger, 2);
  t.is(buffers[0]!.stats.evictedBeforeTrigger, 2);
  const trace = collector.trace(traceIdOf(0))!;
  t.is(trace.events.length, 1, "only the db record survived");
  t.false(collector.isComplete(traceIdOf(0)));
  t.false(inspectTrace(trace).complete);
  t.true(conserves(ledger.summary()));
});

test("a slow root fires the trigger itself; later records of a triggered trace bypass the buffer", (t) => {
  const { collector, buffers, finish, coordinator } = setup(100, { latencyTriggerNs: 5000 });
  const fast = twoHostTrace(0, 1000);
  const slow = twoHostTrace(1, 9000);
  for (const tr of [fast, slow]) {
    buffers[1]!.emit(tr.db[0]!);
    for (const r of tr.api) buffers[0]!.emit(r);
  }
  t.is(buffers[0]!.stats.triggersFired, 1);
  const late = event(1, "db", { kind: "annotate", timestamp: 9500 });
  buffers[1]!.emit(late);
  t.is(buffers[1]!.stats.passedThrough, 1);
  finish();
  t.deepEqual(collector.traces().map((tr) => tr.traceId), [traceIdOf(1)]);
  t.is(collector.trace(traceIdOf(1))!.events.length, 4);
  t.is(coordinator.stats.pulledRecords, 3);
});

test("an error at the root fires the trigger when configured", (t) => {
  const { collector, buffers, finish } = setup(100, { errorTrigger: true });
  for (const [i, status] of [[0, undefined], [1, "error"]] as const) {
    const tr = twoHostTrace(i, 10, status);
    buffers[1]!.emit(tr.db[0]!);
    for (const r of tr.api) buffers[0]!.emit(r);
  }
  finish();
  t.deepEqual(collector.traces().map((tr) => tr.traceId), [traceIdOf(1)]);
});

test("buffer writes are charged to the trace point like any emit", (t) => {
  const { buffers } = setup(10);
  buffers[0]!.emit(event(0, "api"));
  t.true(buffers[0]!.drainCostNs() > 0);
  t.is(buffers[0]!.drainCostNs(), 0);
});

test("a host crash loses its buffer as host-crash", (t) => {
  const { ledger, buffers, finish } = setup(10);
  for (let i = 0; i < 3; i++) buffers[0]!.emit(event(i, "api"));
  buffers[0]!.crash();
  finish();
  const s = ledger.summary();
  t.is(s.dropped["host-crash"], 3);
  t.true(conserves(s));
});

/** Hindsight's protocol over a test network: 1 ms per message, `cut` hosts unreachable. */
function networked(capacity: number, extra: { bufferBytes?: number; latencyTriggerNs?: number } = {}, cut: readonly string[] = []) {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs: Infinity });
  const transport = new TestTransport(scheduler, (b) => collector.receive(b));
  const messages: string[] = [];
  const coordinator = createTriggerCoordinator({
    ledger,
    host: "coord",
    now: () => scheduler.now(),
    messenger: {
      send(from, to, bytes, onArrive) {
        messages.push(`${from}->${to} ${bytes}B`);
        if (cut.includes(from) || cut.includes(to)) return;
        scheduler.schedule(1e6, onArrive);
      },
    },
  });
  const hosts = ["api", "db", "mq"];
  const buffers = hosts.map((host) =>
    coordinator.buffer({ host, capacity, agent: createAgent({ host, scheduler, transport, ledger, maxBatchSize: 10, flushIntervalNs: 1e6 }), latencyTriggerNs: 5000, ...extra }),
  );
  const finish = () => {
    scheduler.run();
    coordinator.finish();
    scheduler.run();
    collector.finish();
  };
  return { scheduler, ledger, collector, coordinator, buffers, messages, finish };
}

/** api → db → mq: a three-hop trace whose root on api is slow; breadcrumbs as the requests leave them. */
function threeHops(n: number, buffers: RingBuffer[]): void {
  const [api, db, mq] = buffers as [RingBuffer, RingBuffer, RingBuffer];
  const root = hex(n + 1, 16);
  const start = event(n, "api", { kind: "start", spanId: root, timestamp: 0 });
  api.emit(start);
  db.breadcrumb(traceIdOf(n), "api");
  api.breadcrumb(traceIdOf(n), "db");
  db.emit(event(n, "db", { parents: [start.type === "event" ? start.event.eventId : ""] }));
  mq.breadcrumb(traceIdOf(n), "db");
  db.breadcrumb(traceIdOf(n), "mq");
  mq.emit(event(n, "mq"));
  api.emit(event(n, "api", { kind: "end", spanId: root, timestamp: 9000 }));
}

test("a trigger travels: the coordinator follows breadcrumbs hop by hop, each pull a network round later", (t) => {
  const { collector, coordinator, buffers, messages, finish } = networked(100);
  threeHops(0, buffers);
  t.is(buffers[0]!.stats.triggersFired, 1);
  t.is(buffers[0]!.stats.pulled, 2, "the triggering agent ships its own part at once");
  t.is(buffers[1]!.length, 1, "db has not heard yet");
  finish();
  t.deepEqual(messages, ["api->coord 88B", "coord->db 64B", "db->coord 112B", "coord->mq 64B", "mq->coord 88B"]);
  t.deepEqual([coordinator.stats.triggers, coordinator.stats.pulls], [1, 2]);
  // The pull reaches db two messages after the trigger fired (api → coordinator → db), mq four.
  t.deepEqual([coordinator.stats.pullLatencyTotalNs, coordinator.stats.pullLatencyMaxNs], [2e6 + 4e6, 4e6]);
  t.is(collector.trace(traceIdOf(0))!.events.length, 4);
  t.true(collector.isComplete(traceIdOf(0)));
});

test("a pull that cannot cross the network never arrives: that agent's part is evicted at the end", (t) => {
  const { ledger, collector, buffers, finish } = networked(100, {}, ["mq"]);
  threeHops(0, buffers);
  finish();
  t.is(collector.trace(traceIdOf(0))!.events.length, 3);
  t.false(collector.isComplete(traceIdOf(0)));
  t.is(ledger.summary().dropped.evicted, 1);
  t.true(conserves(ledger.summary()));
});

test("a full pool evicts the oldest trace's buffer before the pull reaches it: lost, and counted", (t) => {
  // db's pool holds one buffer of 4 KiB; traffic on db pushes trace 0 out before the trigger's pull arrives.
  const { ledger, coordinator, buffers, scheduler, finish } = networked(1, { bufferBytes: 4096 });
  threeHops(0, buffers);
  buffers[1]!.emit(event(9, "db"));
  t.is(buffers[1]!.stats.evicted, 1);
  t.is(buffers[1]!.buffersInUse, 1);
  scheduler.run();
  finish();
  t.is(coordinator.stats.evictedBeforeTrigger, 1);
  t.is(ledger.summary().dropped.evicted, 2);
  t.true(conserves(ledger.summary()));
});
