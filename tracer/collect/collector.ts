// The collector: receives batches in any order (late, duplicated, after an outage), assembles
// records into traces, waits `decisionWaitNs` for a trace to complete, then decides it (tail
// sampling, or keep everything) and stores it. Memory is bounded by `maxPendingTraces`:
// past it the oldest pending trace is decided early (or dropped as `evicted`).
import type { Trace, TraceRecord } from "../model/types.ts";
import type { TailSampler } from "../sampling/tail.ts";
import { Ledger, recordTraceId } from "./ledger.ts";
import { StringTable } from "./event-pack.ts";
import { PackBuffers } from "./pack-buffers.ts";
import type { StoredTrace } from "./event-pack.ts";
import { PendingTrace, recordKey } from "./pending.ts";
import { PendingTraces } from "./pending-traces.ts";
import type { OnDuplicate } from "./pending.ts";
import { RecordIndex } from "./record-index.ts";
import { SeqTracker } from "./seq.ts";
import { IngestQueue } from "./ingest.ts";
import type { IngestConfig } from "./ingest.ts";
import { CollectConfigError, checkChoice, checkCount, checkDuration } from "./types.ts";
import type { AccountingSummary, Batch, ClientStats, Scheduler, SendOutcome } from "./types.ts";

export type WaitFrom = "first" | "last";
export type PendingOverflow = "decide-oldest" | "drop-oldest";
export type LatePolicy = "drop" | "follow-decision";

export interface CollectorConfig {
  /**
   * How long a trace stays pending before it is decided. Default 30 s (OTel `decision_wait`).
   * Infinity: a trace is judged when it is read (query time): at `finish()`, or as soon as
   * `release()` says nobody will read it.
   */
  readonly decisionWaitNs?: number;
  /** Counted from the trace's first record (OTel) or its latest one (a quiet-period completion window). Default "first". */
  readonly waitFrom?: WaitFrom;
  /** Pending traces held at most. Default 50 000 (OTel `num_traces`). */
  readonly maxPendingTraces?: number;
  readonly overflow?: PendingOverflow;
  /** Decides which traces are kept; without one every trace is kept. */
  readonly tail?: TailSampler;
  /** Records arriving after their trace was decided: dropped as `late`, or given the same decision. */
  readonly lateRecords?: LatePolicy;
  /** Decisions remembered for late records: at least the last half of this many, at most this many. Default 100 000. */
  readonly decisionCacheSize?: number;
  /** Keep stored traces in memory for `traces()`. Default true. */
  readonly retainTraces?: boolean;
  /** Called with every stored trace when it is decided (see `wants`). */
  readonly onTrace?: (trace: Trace) => void;
  /**
   * Asked once per trace, when its first record arrives: whether `onTrace` will want the
   * trace whole. A trace answered false is only counted: until its decision the collector
   * holds each record's id and host (for duplicates and the books), not the record itself,
   * and `onTrace` never sees it. Ignored with a tail sampler or `retainTraces`, which need
   * every trace whole. Default: `onTrace` wants every trace.
   */
  readonly wants?: (traceId: string) => boolean;
  /** Told of every record stored after its trace was decided (`lateRecords: "follow-decision"`). */
  readonly onLateRecord?: (record: TraceRecord) => void;
  /** A bounded ingest queue in front of storage (Jaeger collector, OTel Collector sending queue). */
  readonly ingest?: IngestConfig;
}

export interface CollectorOptions extends CollectorConfig {
  readonly scheduler: Scheduler;
  readonly ledger?: Ledger;
}

export interface AgentView {
  readonly agent: string;
  readonly host: string;
  readonly batches: number;
  readonly duplicateBatches: number;
  /** Sequence numbers below the highest seen that have not arrived. */
  readonly missingBatches: number;
  /** Missing batches the agent did not report giving up on: losses nobody told the collector about. */
  readonly unreportedMissing: number;
  /** The latest in-band client stats (losses the agent knows about). */
  readonly clientStats: ClientStats;
}

export interface CollectorStats {
  batches: number;
  duplicateBatches: number;
  rejectedBatches: number;
  /** Batches whose records were already accounted for (arrived after their agent gave up). */
  staleBatches: number;
  records: number;
  duplicateRecords: number;
  lateRecords: number;
  tracesDecided: number;
  tracesKept: number;
  tracesRejected: number;
  /** Traces decided before their wait was over because the pending table was full. */
  forcedDecisions: number;
  evictedTraces: number;
  maxPending: number;
}

export interface Collector {
  readonly ledger: Ledger;
  readonly stats: Readonly<CollectorStats>;
  readonly available: boolean;
  readonly pendingTraces: number;
  /** Delivers a batch; the result is what the transport should pass to the agent's `done`. */
  receive(batch: Batch): "delivered" | "rejected";
  /** Collector outage: while unavailable every batch is rejected. */
  setAvailable(up: boolean): void;
  /** Unavailable now, available again after `durationNs`. */
  outage(durationNs: number): void;
  /**
   * The collector's host crashed: pending traces lived in its memory and are lost (host-crash),
   * and so are the decisions it remembered. Stored traces were written out and stay.
   */
  crash(): void;
  /**
   * A batch reaches the collector and the sender waits for the answer: at once, or, while the
   * collector is stalled (its host frozen), when it resumes.
   */
  deliver(batch: Batch, done: (outcome: SendOutcome) => void): void;
  /** Stalled: batches are held unanswered until it resumes (a frozen process, not a refused connection). */
  setStalled(stalled: boolean): void;
  /** The ingest queue, when configured. */
  readonly ingestQueue: IngestQueue | undefined;
  /**
   * `onTrace` will not want this trace after all (see `wants`): if it is pending, its records
   * are let go now and only counted. No effect with a tail sampler or `retainTraces`.
   */
  release(traceId: string): void;
  /** End of run: decides every pending trace now and settles batches still in flight. */
  finish(): void;
  accounting(): AccountingSummary;
  /** Stored traces in decision order. */
  traces(): Trace[];
  trace(traceId: string): Trace | undefined;
  /** Ground truth (once settled): the trace was stored and none of its records was dropped. */
  isComplete(traceId: string): boolean;
  /** Per-agent in-band view (sequence gaps, client stats), agents sorted by name. */
  agents(): AgentView[];
}

interface AgentState {
  readonly agent: string;
  readonly host: string;
  readonly seqs: SeqTracker;
  batches: number;
  duplicateBatches: number;
  newestSeq: number;
  clientStats: ClientStats;
}

const WAITS: readonly WaitFrom[] = ["first", "last"];
const OVERFLOWS: readonly PendingOverflow[] = ["decide-oldest", "drop-oldest"];
const LATES: readonly LatePolicy[] = ["drop", "follow-decision"];

class CollectorImpl implements Collector {
  readonly ledger: Ledger;
  readonly stats: CollectorStats = {
    batches: 0,
    duplicateBatches: 0,
    rejectedBatches: 0,
    staleBatches: 0,
    records: 0,
    duplicateRecords: 0,
    lateRecords: 0,
    tracesDecided: 0,
    tracesKept: 0,
    tracesRejected: 0,
    forcedDecisions: 0,
    evictedTraces: 0,
    maxPending: 0,
  };
  private readonly scheduler: Scheduler;
  private readonly waitNs: number;
  private readonly fromLast: boolean;
  private readonly maxPending: number;
  private readonly dropOldest: boolean;
  private readonly tail: TailSampler | undefined;
  private readonly followDecision: boolean;
  private readonly cacheSize: number;
  private readonly retain: boolean;
  private readonly onTrace: ((trace: Trace) => void) | undefined;
  private readonly wants: ((traceId: string) => boolean) | undefined;
  private readonly onLateRecord: ((record: TraceRecord) => void) | undefined;
  readonly ingestQueue: IngestQueue | undefined;
  /** Judged at query time: no deadline. */
  private readonly atQuery: boolean;
  private stalled = false;
  private readonly held: { batch: Batch; done: (outcome: SendOutcome) => void }[] = [];
  /** A tail sampler or retention needs every trace whole. */
  private readonly assembleAll: boolean;
  private up = true;
  private downUntil = -Infinity;
  private readonly pending = new PendingTraces();
  /** The strings of whole traces' packed events (see EventPack). */
  private readonly strings = new StringTable();
  /** The arrays pending traces pack their events into, reused (see PackBuffers). */
  private readonly buffers = new PackBuffers();
  /** Pending records' keys and hosts (see PendingTrace). */
  private readonly index = new RecordIndex();
  /**
   * Decisions remembered for late records, in two generations: lookups check both, and when
   * the young one fills up the old one is discarded whole (cheaper than evicting one by one).
   */
  private decided = new Map<string, boolean>();
  private decidedOld = new Map<string, boolean>();
  private readonly stored = new Map<string, StoredTrace>();
  private readonly agentStates = new Map<string, AgentState>();
  /** Virtual time the sweep timer fires at, or -1 when none is armed. */
  private timerAt = -1;
  /** The trace the previous record went to: a batch holds runs of one trace's records. */
  private last: PendingTrace | undefined;
  private readonly onStored = (host: string): void => this.ledger.countStoredOn(host);
  /** A record dropped as a repeat within its trace: emitted twice, counted once. */
  private readonly onDuplicate: OnDuplicate = (host) => {
    this.stats.duplicateRecords++;
    this.ledger.countDuplicateOn(host);
  };

  constructor(options: CollectorOptions) {
    if (typeof options !== "object" || options === null) throw new CollectConfigError("collector", "an object");
    if (typeof options.scheduler?.schedule !== "function" || typeof options.scheduler?.now !== "function") {
      throw new CollectConfigError("scheduler", "an object with now() and schedule(delayNs, fn)");
    }
    if (options.tail !== undefined && typeof options.tail?.decide !== "function") throw new CollectConfigError("tail", "a TailSampler");
    if (options.onTrace !== undefined && typeof options.onTrace !== "function") throw new CollectConfigError("onTrace", "a function");
    if (options.wants !== undefined && typeof options.wants !== "function") throw new CollectConfigError("wants", "a function");
    this.scheduler = options.scheduler;
    this.ledger = options.ledger ?? new Ledger();
    this.atQuery = options.decisionWaitNs === Infinity;
    this.waitNs = this.atQuery ? Infinity : checkDuration("decisionWaitNs", options.decisionWaitNs ?? 30e9);
    this.fromLast = checkChoice("waitFrom", options.waitFrom ?? "first", WAITS) === "last";
    this.maxPending = checkCount("maxPendingTraces", options.maxPendingTraces ?? 50_000, 1);
    this.dropOldest = checkChoice("overflow", options.overflow ?? "decide-oldest", OVERFLOWS) === "drop-oldest";
    this.tail = options.tail;
    // Judged at query time, a trace has no "late" records: one that arrives after a release is stored with it.
    this.followDecision = checkChoice("lateRecords", options.lateRecords ?? "drop", LATES) === "follow-decision" || options.decisionWaitNs === Infinity;
    this.cacheSize = checkCount("decisionCacheSize", options.decisionCacheSize ?? 100_000, 0);
    this.retain = options.retainTraces ?? true;
    this.onTrace = options.onTrace;
    this.wants = options.wants;
    this.onLateRecord = options.onLateRecord;
    this.assembleAll = this.tail !== undefined || this.retain;
    this.ingestQueue = options.ingest === undefined ? undefined : new IngestQueue(options.ingest, this.scheduler, this.ledger, (r) => this.ingest(r, this.scheduler.now()));
  }

  get available(): boolean {
    return this.up;
  }

  get pendingTraces(): number {
    return this.pending.size;
  }

  setAvailable(up: boolean): void {
    this.up = up;
  }

  outage(durationNs: number): void {
    checkDuration("outage(durationNs)", durationNs);
    this.up = false;
    // Overlapping outages: the collector is back when the last one ends.
    const until = this.scheduler.now() + durationNs;
    if (until > this.downUntil) this.downUntil = until;
    this.scheduler.schedule(durationNs, () => {
      if (this.scheduler.now() >= this.downUntil) this.up = true;
    });
  }

  crash(): void {
    // Senders waiting on a stalled process see the connection drop; what was queued for storage is lost.
    for (const { done } of this.held.splice(0)) done("lost");
    this.stalled = false;
    this.ingestQueue?.crash();
    for (const p of this.pending.toArray()) {
      this.pending.remove(p);
      p.decided = true;
      p.forEachUnique((host) => this.ledger.countDroppedOn(host, p.traceId, "collector", "host-crash"), this.onDuplicate);
    }
    this.last = undefined;
    this.decided.clear();
    this.decidedOld.clear();
  }

  deliver(batch: Batch, done: (outcome: SendOutcome) => void): void {
    if (this.stalled) this.held.push({ batch, done });
    else done(this.receive(batch));
  }

  setStalled(stalled: boolean): void {
    this.stalled = stalled;
    while (!this.stalled && this.held.length > 0) {
      const { batch, done } = this.held.shift()!;
      done(this.receive(batch));
    }
  }

  private agentState(batch: Batch): AgentState {
    let s = this.agentStates.get(batch.agent);
    if (s === undefined) {
      s = { agent: batch.agent, host: batch.host, seqs: new SeqTracker(), batches: 0, duplicateBatches: 0, newestSeq: -1, clientStats: batch.clientStats };
      this.agentStates.set(batch.agent, s);
    }
    return s;
  }

  receive(batch: Batch): "delivered" | "rejected" {
    if (!this.up) {
      this.stats.rejectedBatches++;
      this.ledger.batchRejected(batch);
      return "rejected";
    }
    const agent = this.agentState(batch);
    if (!agent.seqs.add(batch.seq)) {
      agent.duplicateBatches++;
      this.stats.duplicateBatches++;
      return "delivered";
    }
    agent.batches++;
    this.stats.batches++;
    // Client stats are cumulative: keep the newest (batches may arrive out of order).
    if (batch.seq >= agent.newestSeq) {
      agent.newestSeq = batch.seq;
      agent.clientStats = batch.clientStats;
    }
    if (this.ledger.batchArrived(batch) !== "new") {
      this.stats.staleBatches++;
      return "delivered";
    }
    if (this.ingestQueue !== undefined) {
      this.ingestQueue.offer(batch.records);
      return "delivered";
    }
    const now = this.scheduler.now();
    for (const record of batch.records) this.ingest(record, now);
    this.armTimer();
    return "delivered";
  }

  private ingest(record: TraceRecord, now: number): void {
    this.stats.records++;
    const traceId = recordTraceId(record);
    const last = this.last;
    if (last !== undefined && !last.decided && last.traceId === traceId && (!this.fromLast || last.last === now)) {
      last.add(record);
      return;
    }
    // Pending and decided traces are disjoint, and most records belong to a pending trace: look
    // there first, and in the (large) decision caches only for a trace not pending.
    let p = this.pending.get(traceId);
    if (p === undefined) {
      const decision = this.decided.get(traceId) ?? this.decidedOld.get(traceId);
      if (decision !== undefined) {
        this.late(record, traceId, decision);
        return;
      }
      if (this.pending.size >= this.maxPending) this.evictOldest();
      p = new PendingTrace(this.index, traceId, now, this.wholeTrace(traceId) ? this.strings : undefined, this.buffers);
      this.pending.add(p);
      if (this.pending.size > this.stats.maxPending) this.stats.maxPending = this.pending.size;
    } else if (this.fromLast) {
      // Keep the pending list ordered by latest arrival, so its front is always the next to decide.
      this.pending.toBack(p);
    }
    // Duplicates (the same record emitted twice) are rare; they are removed at decision time.
    p.add(record);
    p.last = now;
    this.last = p;
    if (this.ingestQueue !== undefined) this.armTimer();
  }

  release(traceId: string): void {
    if (this.assembleAll) return;
    const p = this.pending.get(traceId);
    if (p === undefined) return;
    // Judged at query time and nobody will read it: store what arrived, remember the decision.
    if (this.atQuery) this.decide(p);
    else p.countOnly();
  }

  /** Whether a new trace's records are kept for assembly, or only counted. */
  private wholeTrace(traceId: string): boolean {
    if (this.assembleAll) return true;
    return this.onTrace !== undefined && (this.wants === undefined || this.wants(traceId));
  }

  private late(record: TraceRecord, traceId: string, kept: boolean): void {
    this.stats.lateRecords++;
    if (!this.followDecision) {
      this.ledger.countDropped(record, "collector", "late");
      return;
    }
    if (!kept) {
      this.ledger.countDropped(record, "collector", "tail-rejected");
      return;
    }
    this.onLateRecord?.(record);
    const stored = this.stored.get(traceId);
    if (stored !== undefined) {
      const key = recordKey(record);
      const dup = record.type === "event"
        ? stored.events.some((e) => e.eventId === key)
        : stored.spans.some((s) => `span:${s.spanId}` === key);
      if (dup) {
        this.stats.duplicateRecords++;
        this.ledger.countDuplicate(record);
        return;
      }
      if (record.type === "event") stored.events.push(record.event);
      else stored.spans.push(record.span);
    }
    this.ledger.countStored(record);
  }

  private deadline(p: PendingTrace): number {
    return (this.fromLast ? p.last : p.first) + this.waitNs;
  }

  private armTimer(): void {
    if (this.timerAt !== -1 || this.atQuery) return;
    const front = this.pending.first;
    if (front === undefined) return;
    const at = this.deadline(front);
    this.timerAt = at;
    this.scheduler.schedule(Math.max(0, at - this.scheduler.now()), () => this.sweep());
  }

  private sweep(): void {
    this.timerAt = -1;
    const now = this.scheduler.now();
    // Deciding a trace removes it from the front.
    for (let p = this.pending.first; p !== undefined && this.deadline(p) <= now; p = this.pending.first) this.decide(p);
    this.armTimer();
  }

  private evictOldest(): void {
    const oldest = this.pending.first!;
    if (!this.dropOldest) {
      this.stats.forcedDecisions++;
      this.decide(oldest);
      return;
    }
    this.pending.remove(oldest);
    oldest.decided = true;
    this.stats.evictedTraces++;
    this.remember(oldest.traceId, false);
    oldest.forEachUnique((host) => this.ledger.countDroppedOn(host, oldest.traceId, "collector", "evicted"), this.onDuplicate);
  }

  private remember(traceId: string, kept: boolean): void {
    if (this.cacheSize === 0) return;
    if (this.decided.size >= Math.ceil(this.cacheSize / 2)) {
      this.decidedOld = this.decided;
      this.decided = new Map();
    }
    this.decided.set(traceId, kept);
  }

  private decide(p: PendingTrace): void {
    this.pending.remove(p);
    p.decided = true;
    this.stats.tracesDecided++;
    if (!p.whole) {
      // Nobody looks at the assembled trace (no tail sampler, so it is kept): only the books need it.
      this.stats.tracesKept++;
      this.remember(p.traceId, true);
      p.forEachUnique(this.onStored, this.onDuplicate);
      return;
    }
    const { trace, hosts } = p.uniqueRecords(this.onDuplicate);
    const keep = this.tail === undefined ? true : this.tail.decide(trace);
    this.remember(p.traceId, keep);
    if (!keep) {
      this.stats.tracesRejected++;
      for (const host of hosts) this.ledger.countDroppedOn(host, p.traceId, "collector", "tail-rejected");
      return;
    }
    this.stats.tracesKept++;
    for (const host of hosts) this.ledger.countStoredOn(host);
    if (this.retain) this.stored.set(p.traceId, trace);
    this.onTrace?.(trace);
  }

  finish(): void {
    this.setStalled(false);
    this.ingestQueue?.flush();
    for (const p of this.pending.toArray()) this.decide(p);
    this.ledger.settle();
  }

  accounting(): AccountingSummary {
    return this.ledger.summary();
  }

  traces(): Trace[] {
    return [...this.stored.values()];
  }

  trace(traceId: string): Trace | undefined {
    return this.stored.get(traceId);
  }

  isComplete(traceId: string): boolean {
    const kept = this.stored.has(traceId) || (this.decided.get(traceId) ?? this.decidedOld.get(traceId)) === true;
    return kept && this.ledger.droppedFor(traceId) === 0;
  }

  agents(): AgentView[] {
    return [...this.agentStates.values()]
      .sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0))
      .map((s) => ({
        agent: s.agent,
        host: s.host,
        batches: s.batches,
        duplicateBatches: s.duplicateBatches,
        missingBatches: s.seqs.missing,
        unreportedMissing: Math.max(0, s.seqs.missing - s.clientStats.sendFailedBatches),
        clientStats: s.clientStats,
      }));
  }
}

export function createCollector(options: CollectorOptions): Collector {
  return new CollectorImpl(options);
}
