// The per-host collection agent. Asynchronous mode: a bounded queue, batches of at most
// `maxBatchSize` shipped when full or every `flushIntervalNs`, never more than
// `maxConcurrentSends` at once; on overflow drop the newest record (OTel BatchSpanProcessor)
// or the oldest (Jaeger agent); lossy delivery (UDP: a lost batch is gone) or reliable
// (retries with exponential backoff, OTel exporterhelper style). Synchronous mode
// (OSProfiler): every record is sent on its own as it is emitted and the send blocks the
// trace point, so its cost lands on the request's critical path.
import type { Sink, TraceRecord } from "../model/types.ts";
import { DEFAULT_OVERHEAD, recordCostNs } from "./overhead.ts";
import type { OverheadModel } from "./overhead.ts";
import { RecordQueue } from "./queue.ts";
import { batchHeaderBytes, recordBytes } from "./size.ts";
import type { Ledger } from "./ledger.ts";
import { CollectConfigError, checkChoice, checkCount, checkDuration } from "./types.ts";
import type { Batch, ClientStats, DropReason, Scheduler, SendOutcome, Stage, Transport } from "./types.ts";

export type AgentMode = "async" | "sync";
export type OverflowPolicy = "drop-newest" | "drop-oldest";
export type Delivery = "lossy" | "reliable";

export interface AgentConfig {
  /** Agent name in batches (sequence numbers are per name). Default: the host. */
  readonly name?: string;
  readonly mode?: AgentMode;
  /** Records the queue holds. Default 2048 (OTel BSP). */
  readonly maxQueueSize?: number;
  /** Records per batch. Default 512 (OTel BSP). */
  readonly maxBatchSize?: number;
  /** Ns between scheduled flushes. Default 5 s (OTel BSP). */
  readonly flushIntervalNs?: number;
  readonly overflow?: OverflowPolicy;
  readonly delivery?: Delivery;
  /** Reliable delivery: attempts after the first before giving up. Default 5. */
  readonly maxRetries?: number;
  /** Reliable delivery: first backoff, doubled per retry up to `retryMaxNs`. Defaults 5 s / 30 s (OTel). */
  readonly retryInitialNs?: number;
  readonly retryMaxNs?: number;
  /** Batches out at once (a retrying batch holds its slot). Default 1: exports are never concurrent. */
  readonly maxConcurrentSends?: number;
  readonly overhead?: Partial<OverheadModel>;
  /** Synchronous mode: ns a send blocks the caller when the transport gives no estimate. Default 200 us. */
  readonly syncSendNs?: number;
  /**
   * The queue lives in a file on local disk (Dapper's log files): a crash keeps it and the
   * batches not yet acknowledged, and shipping resumes at `restart()`. Default false.
   */
  readonly durable?: boolean;
}

export interface AgentOptions extends AgentConfig {
  readonly host: string;
  readonly scheduler: Scheduler;
  readonly transport: Transport;
  readonly ledger: Ledger;
}

export interface AgentStats {
  /** Records accepted from trace points (including ones then dropped). */
  accepted: number;
  queueFullDropped: number;
  hostCrashDropped: number;
  /** Records still queued when the books closed (see Ledger.settle). */
  unsentDropped: number;
  /** Reliable delivery: records in batches given up after the last retry. */
  sendFailedDropped: number;
  sendFailedBatches: number;
  batches: number;
  attempts: number;
  retries: number;
  /** Batches waiting out a retry backoff right now. */
  pendingRetries: number;
  delivered: number;
  lost: number;
  rejected: number;
  crashes: number;
  bytesSent: number;
  maxQueueLength: number;
  /** Synchronous mode: ns trace points spent blocked in sends (beyond their CPU). */
  blockingNs: number;
}

/** A trace point's handle on the agent: a sink with its own overhead meter. */
export interface Reporter extends Sink {
  /** Tracing cost (ns) accumulated by this reporter since the last call, then reset. */
  drainCostNs(): number;
}

export interface Agent extends Reporter {
  readonly host: string;
  readonly name: string;
  readonly stats: Readonly<AgentStats>;
  readonly queueLength: number;
  /** True while the host is down after `crash({ downForNs })` or `crash({ untilRestart })`. */
  readonly down: boolean;
  /** A separate sink + cost meter (one per service on the host), sharing this agent's queue. */
  reporter(): Reporter;
  /** Hands records that were already counted as emitted (retroactive pulls) to the queue. */
  forward(records: readonly TraceRecord[]): void;
  /** Sends everything queued now, regardless of batch size, timer and concurrency. */
  flush(): void;
  /**
   * The host crashed: the queue and batches waiting to be retried are lost (host-crash).
   * Batches already on the wire are left to the network. With `downForNs`, or `untilRestart`
   * until `restart()`, records emitted before the host is back are lost too (code that runs
   * on a dead machine, such as a crashed request's error path, reaches no agent).
   */
  crash(options?: CrashOptions): void;
  /** The host is back: records are accepted again, and a durable agent resumes shipping what it kept. */
  restart(): void;
  /** End of run: a durable agent on a host still down counts what it kept as host-crash. */
  finish(): void;
  /** The books close: records still queued were never shipped (unsent). Called by Ledger.settle. */
  settle(): void;
}

export interface CrashOptions {
  readonly downForNs?: number;
  /** Down until `restart()` (the host's own restart, when the crash has no known length). */
  readonly untilRestart?: boolean;
}

const MODES: readonly AgentMode[] = ["async", "sync"];
const OVERFLOWS: readonly OverflowPolicy[] = ["drop-newest", "drop-oldest"];
const DELIVERIES: readonly Delivery[] = ["lossy", "reliable"];

class Meter implements Reporter {
  cost = 0;
  constructor(private readonly agent: AgentImpl) {}
  emit(record: TraceRecord): void {
    this.cost += this.agent.accept(record);
  }
  drainCostNs(): number {
    const c = this.cost;
    this.cost = 0;
    return c;
  }
}

class AgentImpl implements Agent {
  readonly host: string;
  readonly name: string;
  readonly stats: AgentStats = {
    accepted: 0,
    queueFullDropped: 0,
    hostCrashDropped: 0,
    unsentDropped: 0,
    sendFailedDropped: 0,
    sendFailedBatches: 0,
    batches: 0,
    attempts: 0,
    retries: 0,
    pendingRetries: 0,
    delivered: 0,
    lost: 0,
    rejected: 0,
    crashes: 0,
    bytesSent: 0,
    maxQueueLength: 0,
    blockingNs: 0,
  };
  private readonly scheduler: Scheduler;
  private readonly transport: Transport;
  private readonly ledger: Ledger;
  private readonly sync: boolean;
  private readonly maxBatchSize: number;
  private readonly flushIntervalNs: number;
  private readonly dropOldest: boolean;
  private readonly reliable: boolean;
  private readonly maxRetries: number;
  private readonly retryInitialNs: number;
  private readonly retryMaxNs: number;
  private readonly maxConcurrentSends: number;
  private readonly overhead: OverheadModel;
  private readonly syncSendNs: number;
  private readonly queue: RecordQueue;
  private readonly own: Meter;
  private nextSeq = 0;
  private inFlight = 0;
  private timerArmed = false;
  /** Bumped by every crash: callbacks from an older epoch belong to a dead process. */
  private epoch = 0;
  private isDown = false;
  private readonly retrying = new Set<Batch>();
  private readonly durable: boolean;
  /** Durable mode: unacknowledged batches kept across a crash, resent after the restart. */
  private readonly resend: Batch[] = [];

  constructor(options: AgentOptions) {
    if (typeof options !== "object" || options === null) throw new CollectConfigError("agent", "an object");
    if (typeof options.host !== "string" || options.host === "") throw new CollectConfigError("host", "a non-empty string", options.host);
    if (typeof options.scheduler?.schedule !== "function" || typeof options.scheduler?.now !== "function") {
      throw new CollectConfigError("scheduler", "an object with now() and schedule(delayNs, fn)");
    }
    if (typeof options.transport?.send !== "function") throw new CollectConfigError("transport", "an object with send(batch, bytes, done)");
    if (typeof options.ledger?.countEmitted !== "function") {
      throw new CollectConfigError("ledger", "a Ledger (pass collector.ledger so the collector's accounting includes this agent)");
    }
    this.host = options.host;
    this.name = options.name ?? options.host;
    this.scheduler = options.scheduler;
    this.transport = options.transport;
    this.ledger = options.ledger;
    this.sync = checkChoice("mode", options.mode ?? "async", MODES) === "sync";
    const maxQueueSize = checkCount("maxQueueSize", options.maxQueueSize ?? 2048, 1);
    this.maxBatchSize = checkCount("maxBatchSize", options.maxBatchSize ?? 512, 1);
    this.flushIntervalNs = checkDuration("flushIntervalNs", options.flushIntervalNs ?? 5e9, 1);
    this.dropOldest = checkChoice("overflow", options.overflow ?? "drop-newest", OVERFLOWS) === "drop-oldest";
    this.reliable = checkChoice("delivery", options.delivery ?? "reliable", DELIVERIES) === "reliable";
    this.maxRetries = checkCount("maxRetries", options.maxRetries ?? 5, 0);
    this.retryInitialNs = checkDuration("retryInitialNs", options.retryInitialNs ?? 5e9, 1);
    this.retryMaxNs = checkDuration("retryMaxNs", options.retryMaxNs ?? 30e9, 1);
    this.maxConcurrentSends = checkCount("maxConcurrentSends", options.maxConcurrentSends ?? 1, 1);
    const overhead = { ...DEFAULT_OVERHEAD, ...options.overhead };
    checkDuration("overhead.nsPerTracePoint", overhead.nsPerTracePoint);
    checkDuration("overhead.nsPerByte", overhead.nsPerByte);
    this.overhead = overhead;
    this.syncSendNs = checkDuration("syncSendNs", options.syncSendNs ?? 200_000);
    this.queue = new RecordQueue(maxQueueSize);
    this.durable = options.durable ?? false;
    this.own = new Meter(this);
    // Last, so a rejected configuration does not claim the name.
    if (!this.ledger.registerAgent(this.name)) throw new CollectConfigError("name", "unique among the agents sharing a ledger", this.name);
    this.ledger.registerHolder(this);
  }

  get queueLength(): number {
    return this.queue.length;
  }

  get down(): boolean {
    return this.isDown;
  }

  emit(record: TraceRecord): void {
    this.own.emit(record);
  }

  drainCostNs(): number {
    return this.own.drainCostNs();
  }

  reporter(): Reporter {
    return new Meter(this);
  }

  /** Takes one record from a trace point; returns the cost it adds to that trace point. */
  accept(record: TraceRecord): number {
    this.stats.accepted++;
    this.ledger.countEmitted(record);
    if (this.isDown) {
      this.drop(record, "agent", "host-crash");
      return 0;
    }
    const bytes = recordBytes(record);
    const cost = recordCostNs(this.overhead, bytes);
    if (this.sync) {
      this.send([record], bytes);
      const blocking = Math.round(this.transport.blockingCostNs?.(bytes) ?? this.syncSendNs);
      this.stats.blockingNs += blocking;
      return cost + blocking;
    }
    this.enqueue(record, bytes);
    return cost;
  }

  forward(records: readonly TraceRecord[]): void {
    for (const record of records) {
      if (this.isDown) this.drop(record, "agent", "host-crash");
      else if (this.sync) this.send([record], recordBytes(record));
      else this.enqueue(record, recordBytes(record));
    }
  }

  private drop(record: TraceRecord, stage: Stage, reason: DropReason): void {
    this.ledger.countDropped(record, stage, reason);
    if (reason === "queue-full") this.stats.queueFullDropped++;
    else if (reason === "host-crash") this.stats.hostCrashDropped++;
    else if (reason === "unsent") this.stats.unsentDropped++;
  }

  private enqueue(record: TraceRecord, bytes: number): void {
    if (this.queue.full) {
      if (!this.dropOldest) {
        this.drop(record, "agent", "queue-full");
        return;
      }
      this.drop(this.queue.shift(), "agent", "queue-full");
    }
    this.queue.push(record, bytes);
    if (this.queue.length > this.stats.maxQueueLength) this.stats.maxQueueLength = this.queue.length;
    if (this.queue.length >= this.maxBatchSize) this.pump();
    if (!this.timerArmed) this.armTimer();
  }

  /** Ships full batches while a send slot is free. */
  private pump(): void {
    this.sendResends(this.maxConcurrentSends);
    while (this.inFlight < this.maxConcurrentSends && this.queue.length >= this.maxBatchSize) {
      const { records, bytes } = this.queue.take(this.maxBatchSize);
      this.send(records, bytes);
    }
  }

  private armTimer(): void {
    if (this.timerArmed || this.queue.length === 0) return;
    this.timerArmed = true;
    const epoch = this.epoch;
    this.scheduler.schedule(this.flushIntervalNs, () => {
      if (epoch !== this.epoch) return;
      this.timerArmed = false;
      this.sendResends(this.maxConcurrentSends);
      while (this.inFlight < this.maxConcurrentSends && this.queue.length > 0) {
        const { records, bytes } = this.queue.take(this.maxBatchSize);
        this.send(records, bytes);
      }
      this.armTimer();
    });
  }

  flush(): void {
    if (this.durable && this.isDown) return;
    this.sendResends(Infinity);
    while (this.queue.length > 0) {
      const { records, bytes } = this.queue.take(this.maxBatchSize);
      this.send(records, bytes);
    }
  }

  private clientStats(): ClientStats {
    return {
      queueFullDropped: this.stats.queueFullDropped,
      sendFailedDropped: this.stats.sendFailedDropped,
      sendFailedBatches: this.stats.sendFailedBatches,
      hostCrashDropped: this.stats.hostCrashDropped,
    };
  }

  private send(records: TraceRecord[], recordBytesTotal: number): void {
    const batch: Batch = {
      agent: this.name,
      host: this.host,
      seq: this.nextSeq++,
      records,
      bytes: batchHeaderBytes(this.name, this.host, records.length) + recordBytesTotal,
      clientStats: this.clientStats(),
    };
    this.stats.batches++;
    this.ledger.batchSent(batch);
    if (!this.sync) this.inFlight++;
    this.attempt(batch, 0, this.epoch);
  }

  private attempt(batch: Batch, retry: number, epoch: number): void {
    this.stats.attempts++;
    this.stats.bytesSent += batch.bytes;
    let called = false;
    this.transport.send(batch, batch.bytes, (outcome) => {
      if (called) {
        this.ledger.anomalies++;
        return;
      }
      called = true;
      this.resolve(batch, retry, epoch, outcome);
    });
  }

  private resolve(batch: Batch, retry: number, epoch: number, outcome: SendOutcome): void {
    const current = epoch === this.epoch;
    if (outcome === "delivered") {
      this.stats.delivered++;
      if (current) this.release();
      return;
    }
    const lost = outcome === "lost";
    if (lost) this.stats.lost++;
    else this.stats.rejected++;
    const stage: Stage = lost ? "network" : "collector";
    const reason: DropReason = lost ? "network-loss" : "collector-down";
    if (!current) {
      if (this.durable) {
        // Still in the file: the restarted daemon sends it again.
        this.resend.push(batch);
        return;
      }
      // The process that would retry died in a crash; the batch itself was on the wire.
      this.ledger.batchAbandoned(batch, stage, reason);
      return;
    }
    if (!this.reliable || retry >= this.maxRetries) {
      if (this.reliable) {
        this.stats.sendFailedDropped += batch.records.length;
        this.stats.sendFailedBatches++;
      }
      this.ledger.batchAbandoned(batch, stage, reason);
      this.release();
      return;
    }
    this.stats.retries++;
    this.retrying.add(batch);
    this.stats.pendingRetries = this.retrying.size;
    const delay = Math.min(this.retryMaxNs, this.retryInitialNs * 2 ** retry);
    this.scheduler.schedule(delay, () => {
      if (epoch !== this.epoch) return; // crash() already accounted for it
      this.retrying.delete(batch);
      this.stats.pendingRetries = this.retrying.size;
      this.attempt(batch, retry + 1, epoch);
    });
  }

  private release(): void {
    if (this.sync) return;
    this.inFlight--;
    this.pump();
    if (!this.timerArmed) this.armTimer();
  }

  crash(options?: CrashOptions): void {
    const downForNs = checkDuration("crash.downForNs", options?.downForNs ?? 0);
    const untilRestart = options?.untilRestart ?? false;
    if (typeof untilRestart !== "boolean") throw new CollectConfigError("crash.untilRestart", "true or false", untilRestart);
    if (this.durable) {
      this.crashDurable(downForNs);
      return;
    }
    this.epoch++;
    this.stats.crashes++;
    for (const record of this.queue.clear()) this.drop(record, "agent", "host-crash");
    for (const batch of this.retrying) {
      this.stats.hostCrashDropped += batch.records.length;
      this.ledger.batchAbandoned(batch, "agent", "host-crash");
    }
    this.retrying.clear();
    this.stats.pendingRetries = 0;
    this.inFlight = 0;
    this.timerArmed = false;
    if (untilRestart) this.isDown = true;
    else if (downForNs > 0) {
      this.isDown = true;
      const epoch = this.epoch;
      this.scheduler.schedule(downForNs, () => {
        if (epoch === this.epoch) this.isDown = false;
      });
    }
  }

  /** The file survives: nothing is dropped, shipping stops until the host is back. */
  private crashDurable(downForNs: number): void {
    this.epoch++;
    this.stats.crashes++;
    for (const batch of this.retrying) this.resend.push(batch);
    this.retrying.clear();
    this.stats.pendingRetries = 0;
    this.inFlight = 0;
    this.timerArmed = false;
    this.isDown = true;
    if (downForNs > 0) {
      const epoch = this.epoch;
      this.scheduler.schedule(downForNs, () => {
        if (epoch === this.epoch) this.restart();
      });
    }
  }

  /** Sends kept batches again (same sequence numbers) while send slots allow. */
  private sendResends(slots: number): void {
    while (this.resend.length > 0 && (this.inFlight < slots || slots === Infinity)) {
      const batch = this.resend.shift()!;
      if (!this.sync) this.inFlight++;
      this.attempt(batch, 0, this.epoch);
    }
  }

  restart(): void {
    if (!this.isDown) return;
    this.isDown = false;
    if (!this.durable) return;
    this.pump();
    this.armTimer();
  }

  finish(): void {
    if (!this.durable || !this.isDown) return;
    for (const record of this.queue.clear()) this.drop(record, "agent", "host-crash");
    for (const batch of this.resend.splice(0)) {
      this.stats.hostCrashDropped += batch.records.length;
      this.ledger.batchAbandoned(batch, "agent", "host-crash");
    }
  }

  settle(): void {
    for (const record of this.queue.clear()) this.drop(record, "agent", "unsent");
    for (const batch of this.resend.splice(0)) {
      this.stats.unsentDropped += batch.records.length;
      this.ledger.batchAbandoned(batch, "agent", "unsent");
    }
  }
}

export function createAgent(options: AgentOptions): Agent {
  return new AgentImpl(options);
}
