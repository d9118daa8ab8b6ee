// The conservation law under arbitrary interleavings: whatever the order of emits, flushes,
// losses, duplicates, reorderings, crashes and outages, once the run is drained and settled
// every emitted record is either stored or dropped with a reason — exactly once.
import test from "ava";
import fc from "fast-check";
import { Ledger, conserves, createAgent, createCollector, createTriggerCoordinator } from "../../../tracer/collect/index.ts";
import { createTailSampler } from "../../../tracer/sampling/tail.ts";
import type { Fate } from "./helpers.ts";
import { TestScheduler, TestTransport, event, traceIdOf } from "./helpers.ts";

const command = fc.oneof(
  fc.record({ op: fc.constant("emit" as const), trace: fc.nat(12), agent: fc.nat(2), n: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant("advance" as const), ns: fc.oneof(fc.integer({ min: 0, max: 2e6 }), fc.integer({ min: 0, max: 3e7 })) }),
  fc.record({ op: fc.constant("flush" as const), agent: fc.nat(2) }),
  fc.record({ op: fc.constant("crash" as const), agent: fc.nat(2), downForNs: fc.constantFrom(0, 5e6) }),
  fc.record({ op: fc.constant("outage" as const), ns: fc.integer({ min: 1, max: 2e7 }) }),
  fc.record({ op: fc.constant("reemit" as const), agent: fc.nat(2) }),
  fc.record({ op: fc.constant("trigger" as const), trace: fc.nat(12) }),
  fc.record({ op: fc.constant("release" as const), trace: fc.nat(12) }),
);

const config = fc.record({
  overflow: fc.constantFrom("drop-newest" as const, "drop-oldest" as const),
  delivery: fc.constantFrom("lossy" as const, "reliable" as const),
  maxQueueSize: fc.integer({ min: 1, max: 12 }),
  maxBatchSize: fc.integer({ min: 1, max: 6 }),
  maxConcurrentSends: fc.integer({ min: 1, max: 3 }),
  maxRetries: fc.integer({ min: 0, max: 3 }),
  mode: fc.constantFrom("async" as const, "async" as const, "sync" as const),
  maxPendingTraces: fc.integer({ min: 1, max: 6 }),
  pendingOverflow: fc.constantFrom("decide-oldest" as const, "drop-oldest" as const),
  lateRecords: fc.constantFrom("drop" as const, "follow-decision" as const),
  waitFrom: fc.constantFrom("first" as const, "last" as const),
  decisionWaitNs: fc.integer({ min: 0, max: 2e7 }),
  tail: fc.boolean(),
  retro: fc.boolean(),
  // Which traces are assembled: all, kept in memory (the default), or only those `wants` names.
  assemble: fc.constantFrom("retain" as const, "all" as const, "even" as const, "none" as const),
});

const traceNoOf = (traceId: string): number => parseInt(traceId, 16) - 1;

const covered = { crashDuringRetry: 0, crashWithQueue: 0, outageRejected: 0, duplicates: 0, late: 0, evicted: 0, countedOnly: 0 };

test("emitted = stored + dropped exactly, under any interleaving of emit/flush/loss/duplicate/reorder/crash/outage", (t) => {
  const result = fc.check(
    fc.property(
      config,
      fc.array(command, { minLength: 10, maxLength: 60 }),
      fc.array(fc.constantFrom<Fate>("delivered", "lost", "duplicate"), { minLength: 1, maxLength: 16 }),
      fc.array(fc.integer({ min: 0, max: 3e6 }), { minLength: 1, maxLength: 16 }),
      (cfg, commands, fates, latencies) => {
        const scheduler = new TestScheduler();
        const ledger = new Ledger();
        const tail = cfg.tail ? createTailSampler({ policies: [{ kind: "probabilistic", ratio: 0.5 }] }) : undefined;
        const assembled: string[] = [];
        const retain = cfg.assemble === "retain";
        const collector = createCollector({
          retainTraces: retain,
          onTrace: retain ? undefined : (trace) => void assembled.push(trace.traceId),
          wants: cfg.assemble === "even" ? (id) => traceNoOf(id) % 2 === 0 : cfg.assemble === "none" ? () => false : undefined,
          scheduler,
          ledger,
          maxPendingTraces: cfg.maxPendingTraces,
          overflow: cfg.pendingOverflow,
          lateRecords: cfg.lateRecords,
          waitFrom: cfg.waitFrom,
          decisionWaitNs: cfg.decisionWaitNs,
          tail,
        });
        let f = 0;
        let l = 0;
        const transport = new TestTransport(
          scheduler,
          (b) => collector.receive(b),
          () => fates[f++ % fates.length]!,
          () => latencies[l++ % latencies.length]!,
        );
        const hosts = ["a", "b", "c"];
        const agents = hosts.map((host) =>
          createAgent({
            host,
            scheduler,
            transport,
            ledger,
            mode: cfg.mode,
            overflow: cfg.overflow,
            delivery: cfg.delivery,
            maxQueueSize: cfg.maxQueueSize,
            maxBatchSize: cfg.maxBatchSize,
            maxConcurrentSends: cfg.maxConcurrentSends,
            maxRetries: cfg.maxRetries,
            flushIntervalNs: 4e6,
            retryInitialNs: 2e7,
            retryMaxNs: 4e7,
          }),
        );
        const coordinator = createTriggerCoordinator({ ledger });
        const buffers = cfg.retro ? agents.map((agent, i) => coordinator.buffer({ host: hosts[i]!, agent, capacity: 5 })) : [];
        const sinks = cfg.retro ? buffers : agents;
        const lastEmitted: (ReturnType<typeof event> | undefined)[] = [undefined, undefined, undefined];
        for (const c of commands) {
          switch (c.op) {
            case "emit":
              for (let i = 0; i < c.n; i++) {
                const r = event(c.trace, hosts[c.agent]!);
                lastEmitted[c.agent] = r;
                sinks[c.agent]!.emit(r);
              }
              break;
            case "reemit": {
              const r = lastEmitted[c.agent];
              if (r !== undefined) sinks[c.agent]!.emit(r);
              break;
            }
            case "advance":
              scheduler.advance(c.ns);
              break;
            case "flush":
              agents[c.agent]!.flush();
              break;
            case "crash":
              if (agents[c.agent]!.stats.pendingRetries > 0) covered.crashDuringRetry++;
              if (agents[c.agent]!.queueLength > 0) covered.crashWithQueue++;
              agents[c.agent]!.crash({ downForNs: c.downForNs });
              buffers[c.agent]?.crash();
              break;
            case "outage":
              collector.outage(c.ns);
              break;
            case "trigger":
              coordinator.trigger(traceIdOf(c.trace));
              break;
            case "release":
              collector.release(traceIdOf(c.trace));
              break;
          }
        }
        // Drain: end the buffers, flush the agents, let every timer and retry run, settle.
        coordinator.finish();
        for (const a of agents) a.flush();
        scheduler.run();
        // Every batch was resolved by the path itself; settle() has nothing left to paper over.
        if (ledger.batchesInFlight !== 0) return false;
        collector.finish();
        const s = ledger.summary();
        if (collector.stats.rejectedBatches > 0) covered.outageRejected++;
        if (collector.stats.duplicateBatches > 0) covered.duplicates++;
        if (s.dropped.late > 0) covered.late++;
        if (s.dropped.evicted > 0) covered.evicted++;
        if (!conserves(s)) return false;
        if (ledger.inFlight !== 0 || ledger.anomalies !== 0) return false;
        if (!retain) {
          // Each trace reaches onTrace at most once, and only if wanted (or with a tail sampler, which needs them all).
          if (new Set(assembled).size !== assembled.length) return false;
          if (cfg.tail === false && cfg.assemble === "none" && assembled.length > 0) return false;
          if (cfg.tail === false && cfg.assemble === "even" && assembled.some((id) => traceNoOf(id) % 2 !== 0)) return false;
          if (s.stored > 0 && assembled.length === 0) covered.countedOnly++;
          return true;
        }
        // Stored traces hold exactly `stored` records, none twice.
        let held = 0;
        for (const trace of collector.traces()) {
          held += trace.events.length;
          if (new Set(trace.events.map((e) => e.eventId)).size !== trace.events.length) return false;
        }
        return held === s.stored;
      },
    ),
    { numRuns: 300, seed: 20261127 },
  );
  t.false(result.failed, fc.defaultReportMessage(result) ?? "");
  t.is(result.numRuns, 300);
  // The generators must actually reach the hard cases, or the property proves little.
  for (const [name, n] of Object.entries(covered)) t.true(n > 0, `never exercised: ${name}`);
});
