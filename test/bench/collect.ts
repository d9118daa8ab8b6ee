// Collection path figures: events/s through agent → collector assembly with no loss; memory per
// pending trace; tail-sampling decisions/s; and the cost the collection path adds to the
// tracer core's always-on DAG+ITC mode per span (target: at most +30%). Rates and costs are
// process CPU time (user + system), medians of runs: on a shared machine wall time mostly
// measures the neighbours.
import seedrandom from "seedrandom";
import { alwaysOn, createTracer } from "../../tracer/index.ts";
import type { Sink, Trace, TraceEvent, TraceRecord } from "../../tracer/index.ts";
import { Ledger, createAgent, createCollector } from "../../tracer/collect/index.ts";
import type { Batch, Scheduler, SendOutcome, Transport } from "../../tracer/collect/index.ts";
import { createTailSampler } from "../../tracer/sampling/index.ts";
import { formatNumber, fullGc, median, printTable } from "./harness.ts";
import { traceOnce } from "./tracer.ts";
import type { Suite } from "./harness.ts";

/** Virtual time for the bench: a sorted list of timers (few are ever pending). */
class BenchScheduler implements Scheduler {
  time = 0;
  private seq = 0;
  private readonly timers: { at: number; seq: number; fn: () => void }[] = [];
  now(): number {
    return this.time;
  }
  schedule(delayNs: number, fn: () => void): void {
    const t = { at: this.time + delayNs, seq: this.seq++, fn };
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.at > t.at) i--;
    this.timers.splice(i, 0, t);
  }
  advance(ns: number): void {
    const until = this.time + ns;
    while (this.timers.length > 0 && this.timers[0]!.at <= until) {
      const t = this.timers.shift()!;
      this.time = t.at;
      t.fn();
    }
    this.time = until;
  }
}

/** A transport that delivers at once: measures the path's CPU, not a network. */
function instant(receive: (b: Batch) => "delivered" | "rejected"): Transport {
  return { send: (batch: Batch, _bytes: number, done: (o: SendOutcome) => void) => done(receive(batch)) };
}

/** CPU ns (user + system) of this process per unit of work, median of runs after a warm-up: steadier than wall time on a shared machine. */
function cpuNsPer(work: number, fn: () => void, runs: number): number {
  fn();
  const costs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    costs.push(((used.user + used.system) * 1000) / work);
  }
  return median(costs);
}

// The decision wait only has to cover the gap between a trace's first and last batch (here a
// batch leaves every ~64 traces = 1 ms of virtual time).
function pipeline(decisionWaitNs = 1e7, retainTraces = false) {
  const scheduler = new BenchScheduler();
  const ledger = new Ledger();
  const collector = createCollector({ scheduler, ledger, decisionWaitNs, retainTraces, maxPendingTraces: 1_000_000 });
  const agent = createAgent({ host: "h1", scheduler, ledger, transport: instant((b) => collector.receive(b)), maxQueueSize: 1 << 20, maxBatchSize: 512, flushIntervalNs: 1e9 });
  return { scheduler, ledger, collector, agent };
}

/** Traces of `events` chained events each (start, annotations, end), as a DAG tracer emits them. */
function makeTraces(n: number, events: number, seed: string): TraceRecord[][] {
  const rng = seedrandom.alea(seed);
  const hex = (digits: number) => {
    let s = "";
    while (s.length < digits) s += Math.floor(rng() * 2 ** 32).toString(16).padStart(8, "0");
    return s.slice(0, digits);
  };
  const out: TraceRecord[][] = [];
  for (let i = 0; i < n; i++) {
    const traceId = hex(32);
    const spanId = hex(16);
    const recs: TraceRecord[] = [];
    let parent: string | undefined;
    for (let k = 0; k < events; k++) {
      const eventId = hex(16);
      const kind = k === 0 ? "start" : k === events - 1 ? "end" : "annotate";
      const event: TraceEvent = {
        traceId, eventId, kind, name: `op-${k % 4}`, service: "nova-api", host: "h1", timestamp: k * 1000, spanId,
        parents: parent === undefined ? [] : [parent], attributes: { "http.method": "GET", n: k },
      };
      recs.push({ type: "event", event });
      parent = eventId;
    }
    out.push(recs);
  }
  return out;
}

function throughput(quick: boolean): number {
  const traces = makeTraces(quick ? 2000 : 10_000, 10, "bench/collect/throughput");
  const events = traces.length * 10;
  let stored = 0;
  const rate = 1e9 / cpuNsPer(events, () => {
    const { scheduler, agent, collector, ledger } = pipeline();
    for (let i = 0; i < traces.length; i++) {
      for (const r of traces[i]!) agent.emit(r);
      if ((i & 63) === 63) scheduler.advance(1e6);
    }
    agent.flush();
    scheduler.advance(1e10);
    collector.finish();
    stored = ledger.stored;
  }, quick ? 3 : 5);
  if (stored !== events) throw new Error(`bench: stored ${stored} of ${events}: the no-loss path lost data`);
  return rate;
}

/**
 * Bytes the collector holds per pending trace, on the heap and in array buffers (a whole
 * trace's events are packed into typed arrays); the records themselves are excluded: they
 * exist anyway.
 */
function memoryPerPendingTrace(quick: boolean, eventsPerTrace: number, whole = false): number {
  const gc = fullGc();
  const traces = makeTraces(quick ? 5000 : 20_000, eventsPerTrace, "bench/collect/memory");
  const samples: number[] = [];
  for (let run = 0; run < 3; run++) {
    const { scheduler, agent, collector } = pipeline(1e15, whole);
    gc();
    const held = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const before = held();
    for (const t of traces) for (const r of t) agent.emit(r);
    agent.flush();
    scheduler.advance(1);
    gc();
    const after = held();
    if (collector.pendingTraces !== traces.length) throw new Error("bench: traces were decided early");
    samples.push((after - before) / traces.length);
  }
  return median(samples);
}

function tailDecisions(quick: boolean): number {
  const raw = makeTraces(quick ? 2000 : 10_000, 10, "bench/collect/tail");
  const traces: Trace[] = raw.map((recs, i) => ({
    traceId: recs[0]!.type === "event" ? recs[0]!.event.traceId : "",
    // A few distinct shapes so the structure model has something to learn.
    events: recs.flatMap((r) => (r.type === "event" ? [i % 50 === 0 ? { ...r.event, service: "rare" } : r.event] : [])),
    spans: [],
  }));
  return 1e9 / cpuNsPer(traces.length, () => {
    const tail = createTailSampler({
      policies: [
        { kind: "latency", thresholdNs: 5000 },
        { kind: "error" },
        { kind: "operation", names: ["server-create"] },
        { kind: "rare-structure", alpha: 0.01, window: 1000 },
      ],
    });
    for (const t of traces) tail.decide(t);
  }, quick ? 3 : 5);
}

/** The tracer bench's workload: a root with three nested children, three attributes each, one hop. */
function tracerWorkload(sink: Sink, seed: string) {
  const rng = seedrandom.alea(seed);
  const tracer = createTracer({
    service: "bench",
    host: "h1",
    clock: { now: () => Math.round(performance.now() * 1e6) },
    random: { next: () => rng() },
    sampler: alwaysOn,
    sink,
    model: "dag",
    metadata: "itc",
  });
  return () => void traceOnce(tracer);
}

interface Overhead {
  bare: number;
  /** A sink that only holds records until 512 have gathered: what batching alone costs (GC). */
  holding: number;
  hostSide: number;
  full: number;
  /** Medians of per-round ratios to the tracer alone. */
  hostRatio: number;
  fullRatio: number;
  recordsPerSpan: number;
}

/**
 * Per-span CPU cost of the DAG+ITC workload three ways: into a counting sink (the tracer
 * alone); through the host-side collection path (agent: accounting, serialized sizes,
 * overhead meter, queue, batches, hand-off to the transport, received by a store that only
 * counts); and through the full path including the collector's assembly and decisions.
 */
function collectionOverhead(quick: boolean): Overhead {
  const traces = quick ? 5000 : 20_000;
  const spans = traces * 4;
  let counted = 0;
  const bare = () => {
    const run = tracerWorkload({ emit: () => void counted++ }, "bench/collect/bare");
    for (let i = 0; i < traces; i++) run();
  };
  const holding = () => {
    let held: TraceRecord[] = [];
    const run = tracerWorkload({ emit: (r) => { held.push(r); if (held.length >= 512) held = []; } }, "bench/collect/holding");
    for (let i = 0; i < traces; i++) run();
  };
  const checks: { stored: number; emitted: number }[] = [];
  const through = (assemble: boolean) => () => {
    const scheduler = new BenchScheduler();
    const ledger = new Ledger();
    const collector = createCollector({ scheduler, ledger, decisionWaitNs: 1e7, retainTraces: false, maxPendingTraces: 1_000_000 });
    // Host side only: the receiving end takes each batch and counts its records, nothing per
    // record (keeping the books per record is the collector's work, on the collector host).
    let received = 0;
    const store = (b: Batch): "delivered" => {
      ledger.batchArrived(b);
      received += b.records.length;
      return "delivered";
    };
    const agent = createAgent({ host: "h1", scheduler, ledger, transport: instant(assemble ? (b) => collector.receive(b) : store), maxQueueSize: 1 << 16, maxBatchSize: 512, flushIntervalNs: 1e9 });
    const run = tracerWorkload(agent, "bench/collect/collected");
    for (let i = 0; i < traces; i++) {
      run();
      if ((i & 63) === 63) scheduler.advance(1e6);
    }
    agent.flush();
    scheduler.advance(1e10);
    collector.finish();
    checks.push({ stored: assemble ? ledger.stored : received, emitted: ledger.emitted });
  };
  // Interleave the variants so drift in machine load hits all alike, rotating their order so
  // the garbage one leaves lands on each of the others in turn; the ratios are medians of
  // per-round ratios (paired), which drift far less than ratios of separate medians.
  const variants = [bare, holding, through(false), through(true)];
  const ns: number[][] = variants.map(() => []);
  for (const v of variants) v();
  for (let round = 0; round < (quick ? 5 : 15); round++) {
    for (let i = 0; i < variants.length; i++) {
      const k = (i + round) % variants.length;
      ns[k]!.push(cpuNsPer(spans, variants[k]!, 1));
    }
  }
  for (const c of checks) if (c.stored !== c.emitted) throw new Error(`bench: collection stored ${c.stored} of ${c.emitted}`);
  const [bareNs, holdingNs, hostNs, fullNs] = ns as [number[], number[], number[], number[]];
  const paired = (xs: number[]) => median(xs.map((x, i) => x / bareNs[i]!));
  return {
    bare: median(bareNs),
    holding: median(holdingNs),
    hostSide: median(hostNs),
    full: median(fullNs),
    hostRatio: paired(hostNs),
    fullRatio: paired(fullNs),
    recordsPerSpan: checks[0]!.emitted / spans,
  };
}

export const suite: Suite = {
  name: "collect",
  run({ quick }) {
    const eventsPerSecond = throughput(quick);
    const memory10 = memoryPerPendingTrace(quick, 10);
    const memoryWhole10 = memoryPerPendingTrace(quick, 10, true);
    const decisions = tailDecisions(quick);
    const overhead = collectionOverhead(quick);
    const { hostRatio, fullRatio } = overhead;
    printTable("collection path", ["figure", "value"], [
      ["agent → collector events/s (no loss)", formatNumber(eventsPerSecond)],
      ["memory per pending trace (10 events), bytes", formatNumber(memory10)],
      ["  kept whole for assembly (events packed)", formatNumber(memoryWhole10)],
      ["tail-sampling decisions/s (4 policies)", formatNumber(decisions)],
      ["DAG+ITC CPU ns/span, counting sink", formatNumber(overhead.bare)],
      ["  holding records for 512-batches only", formatNumber(overhead.holding)],
      ["  + host-side collection (agent)", formatNumber(overhead.hostSide)],
      ["  + agent and collector assembly", formatNumber(overhead.full)],
      ["host-side ratio (target <= 1.30)", hostRatio.toFixed(2)],
      ["full-path ratio (collector in-process)", fullRatio.toFixed(2)],
      ["records per span", overhead.recordsPerSpan.toFixed(2)],
    ]);
    return {
      collect: {
        events_per_s: eventsPerSecond,
        bytes_per_pending_trace: memory10,
        bytes_per_pending_whole_trace: memoryWhole10,
        tail_decisions_per_s: decisions,
        dag_itc_ns_per_span: overhead.bare,
        dag_itc_holding_ns_per_span: overhead.holding,
        dag_itc_agent_ns_per_span: overhead.hostSide,
        dag_itc_full_path_ns_per_span: overhead.full,
        collection_overhead_ratio: hostRatio,
        full_path_overhead_ratio: fullRatio,
      },
    };
  },
};
