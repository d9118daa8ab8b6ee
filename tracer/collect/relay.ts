// A host-local relay between the in-process reporters and the backend: Jaeger's agent. Reporters
// send it batches over loopback (UDP datagrams); it keeps them in a bounded queue of batches and
// `workers` forward them to the backend one each, a worker waiting for its forward (and its
// retries) to finish. A full queue drops the new batch (jaeger-agent's TBufferedServer) or the
// oldest one. Batches keep their records but travel under the relay's own name and sequence
// numbers, so the ledger tracks both hops.
import type { Ledger } from "./ledger.ts";
import { batchHeaderBytes } from "./size.ts";
import { CollectConfigError, checkChoice, checkCount, checkDuration } from "./types.ts";
import type { Batch, ClientStats, DropReason, Scheduler, SendOutcome, Stage, Transport } from "./types.ts";

export interface RelayOptions {
  readonly host: string;
  /** Name in the batches it forwards (sequence numbers are per name). Default `${host}/relay`. */
  readonly name?: string;
  readonly scheduler: Scheduler;
  readonly ledger: Ledger;
  /** To the backend. */
  readonly transport: Transport;
  /** Batches held waiting for a worker. */
  readonly queueSize: number;
  readonly workers: number;
  readonly overflow?: "drop-newest" | "drop-oldest";
  readonly delivery?: "reliable" | "lossy";
  readonly maxRetries?: number;
  readonly retryInitialNs?: number;
  readonly retryMaxNs?: number;
}

export interface RelayStats {
  received: number;
  /** Batches (and their records) the full queue dropped. */
  queueFullBatches: number;
  queueFullRecords: number;
  forwarded: number;
  retries: number;
  failedBatches: number;
  maxQueueLength: number;
  /** Bytes put on the wire towards the backend, retries included. */
  bytesSent: number;
}

export interface Relay {
  readonly host: string;
  readonly name: string;
  readonly stats: Readonly<RelayStats>;
  readonly queueLength: number;
  /** A reporter's batch arrives (a datagram: the sender hears nothing back from the queue). */
  receive(batch: Batch): "delivered";
  /** End of run: forwards everything queued now. */
  flush(): void;
  /** The host crashed: the queue (memory) is lost. */
  crash(): void;
}

class RelayImpl implements Relay {
  readonly host: string;
  readonly name: string;
  readonly stats: RelayStats = { received: 0, queueFullBatches: 0, queueFullRecords: 0, forwarded: 0, retries: 0, failedBatches: 0, maxQueueLength: 0, bytesSent: 0 };
  private readonly scheduler: Scheduler;
  private readonly ledger: Ledger;
  private readonly transport: Transport;
  private readonly capacity: number;
  private readonly workers: number;
  private readonly dropOldest: boolean;
  private readonly reliable: boolean;
  private readonly maxRetries: number;
  private readonly retryInitialNs: number;
  private readonly retryMaxNs: number;
  private readonly queue: Batch[] = [];
  private head = 0;
  private busy = 0;
  private nextSeq = 0;
  private epoch = 0;
  private readonly stageDrops: { -readonly [K in keyof ClientStats]: number } = { queueFullDropped: 0, sendFailedDropped: 0, sendFailedBatches: 0, hostCrashDropped: 0 };

  constructor(options: RelayOptions) {
    if (typeof options?.host !== "string" || options.host === "") throw new CollectConfigError("relay.host", "a non-empty string", options?.host);
    if (typeof options.transport?.send !== "function") throw new CollectConfigError("relay.transport", "an object with send(batch, bytes, done)");
    this.host = options.host;
    this.name = options.name ?? `${options.host}/relay`;
    this.scheduler = options.scheduler;
    this.ledger = options.ledger;
    this.transport = options.transport;
    this.capacity = checkCount("relay.queueSize", options.queueSize, 1);
    this.workers = checkCount("relay.workers", options.workers, 1);
    this.dropOldest = checkChoice("relay.overflow", options.overflow ?? "drop-newest", ["drop-newest", "drop-oldest"]) === "drop-oldest";
    this.reliable = checkChoice("relay.delivery", options.delivery ?? "reliable", ["reliable", "lossy"]) === "reliable";
    this.maxRetries = checkCount("relay.maxRetries", options.maxRetries ?? 0, 0);
    this.retryInitialNs = checkDuration("relay.retryInitialNs", options.retryInitialNs ?? 0);
    this.retryMaxNs = checkDuration("relay.retryMaxNs", options.retryMaxNs ?? this.retryInitialNs);
    if (!this.ledger.registerAgent(this.name)) throw new CollectConfigError("relay.name", "unique among the agents sharing a ledger", this.name);
  }

  get queueLength(): number {
    return this.queue.length - this.head;
  }

  private drop(batch: Batch, stage: Stage, reason: DropReason): void {
    this.ledger.countDroppedAll(batch.records, stage, reason);
  }

  receive(batch: Batch): "delivered" {
    // The reporter's hop ends here: from now on the relay owns the records.
    if (this.ledger.batchArrived(batch) !== "new") return "delivered";
    this.stats.received++;
    if (this.queueLength >= this.capacity) {
      const victim = this.dropOldest ? this.shift() : batch;
      this.stats.queueFullBatches++;
      this.stats.queueFullRecords += victim.records.length;
      this.stageDrops.queueFullDropped += victim.records.length;
      this.drop(victim, "relay", "queue-full");
      if (!this.dropOldest) return "delivered";
    }
    this.queue.push(batch);
    if (this.queueLength > this.stats.maxQueueLength) this.stats.maxQueueLength = this.queueLength;
    this.pump();
    return "delivered";
  }

  private shift(): Batch {
    const b = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as Batch;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return b;
  }

  private pump(): void {
    while (this.busy < this.workers && this.queueLength > 0) this.forward(this.shift());
  }

  private forward(from: Batch): void {
    this.busy++;
    const batch: Batch = {
      agent: this.name,
      host: this.host,
      seq: this.nextSeq++,
      records: from.records,
      bytes: from.bytes - batchHeaderBytes(from.agent, from.host, from.records.length) + batchHeaderBytes(this.name, this.host, from.records.length),
      clientStats: { ...this.stageDrops },
    };
    this.ledger.batchSent(batch);
    this.stats.forwarded++;
    this.attempt(batch, 0, this.epoch);
  }

  private attempt(batch: Batch, retry: number, epoch: number): void {
    this.stats.bytesSent += batch.bytes;
    let called = false;
    this.transport.send(batch, batch.bytes, (outcome: SendOutcome) => {
      if (called) {
        this.ledger.anomalies++;
        return;
      }
      called = true;
      this.settle(batch, retry, epoch, outcome);
    });
  }

  private settle(batch: Batch, retry: number, epoch: number, outcome: SendOutcome): void {
    const current = epoch === this.epoch;
    if (outcome === "delivered") {
      if (current) this.release();
      return;
    }
    const stage: Stage = outcome === "lost" ? "network" : "collector";
    const reason: DropReason = outcome === "lost" ? "network-loss" : "collector-down";
    if (current && this.reliable && retry < this.maxRetries) {
      this.stats.retries++;
      const delay = Math.min(this.retryMaxNs, this.retryInitialNs * 2 ** retry);
      // The worker waits out the backoff (gRPC's retry interceptor blocks the call).
      this.scheduler.schedule(delay, () => {
        if (epoch !== this.epoch) {
          this.ledger.batchAbandoned(batch, "relay", "host-crash");
          return;
        }
        this.attempt(batch, retry + 1, epoch);
      });
      return;
    }
    this.stats.failedBatches++;
    this.stageDrops.sendFailedDropped += batch.records.length;
    this.stageDrops.sendFailedBatches++;
    this.ledger.batchAbandoned(batch, stage, reason);
    if (current) this.release();
  }

  private release(): void {
    this.busy--;
    this.pump();
  }

  /** End of run: everything queued goes now, without waiting for a free worker. */
  flush(): void {
    while (this.queueLength > 0) this.forward(this.shift());
  }

  crash(): void {
    this.epoch++;
    while (this.queueLength > 0) {
      const b = this.shift();
      this.stageDrops.hostCrashDropped += b.records.length;
      this.drop(b, "relay", "host-crash");
    }
    this.busy = 0;
  }
}

export function createRelay(options: RelayOptions): Relay {
  return new RelayImpl(options);
}
