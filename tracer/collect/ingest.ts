// The backend's ingest queue in front of storage: Jaeger's collector queue (spans, 50 workers
// each writing one span) or the OpenTelemetry Collector's sending queue (requests, 10
// consumers). Items wait in a bounded FIFO; `workers` write at once, each item taking
// `writeLatencyNs` per record. A full queue drops the new item (both systems' default) or the
// oldest. What is written goes to the collector's assembly; what is dropped is counted.
import type { TraceRecord } from "../model/types.ts";
import type { Ledger } from "./ledger.ts";
import { checkChoice, checkCount, checkDuration } from "./types.ts";
import type { Scheduler } from "./types.ts";

export interface IngestConfig {
  readonly queueSize: number;
  /** What the queue counts and a worker takes at a time. */
  readonly unit: "records" | "batches";
  readonly workers: number;
  /** Storage time per record, ns. */
  readonly writeLatencyNs: number;
  readonly overflow?: "drop-newest" | "drop-oldest";
}

export interface IngestStats {
  items: number;
  written: number;
  queueFullDropped: number;
  maxQueueLength: number;
}

type Item = TraceRecord | readonly TraceRecord[];

export class IngestQueue {
  readonly stats: IngestStats = { items: 0, written: 0, queueFullDropped: 0, maxQueueLength: 0 };
  private readonly capacity: number;
  private readonly batches: boolean;
  private readonly workers: number;
  private readonly latency: number;
  private readonly dropOldest: boolean;
  private readonly queue: Item[] = [];
  private head = 0;
  private busy = 0;
  /** Items being written (so the end of a run can finish them at once). */
  private readonly writing = new Set<{ item: Item; done: boolean }>();

  constructor(
    config: IngestConfig,
    private readonly scheduler: Scheduler,
    private readonly ledger: Ledger,
    private readonly store: (record: TraceRecord) => void,
  ) {
    this.capacity = checkCount("backend.queueSize", config.queueSize, 1);
    this.batches = checkChoice("backend.unit", config.unit, ["records", "batches"]) === "batches";
    this.workers = checkCount("backend.workers", config.workers, 1);
    this.latency = checkDuration("backend.writeLatencyNs", config.writeLatencyNs);
    this.dropOldest = checkChoice("backend.overflow", config.overflow ?? "drop-newest", ["drop-newest", "drop-oldest"]) === "drop-oldest";
  }

  get length(): number {
    return this.queue.length - this.head;
  }

  /** Records that arrived in one batch. */
  offer(records: readonly TraceRecord[]): void {
    if (this.batches) this.push(records);
    else for (const r of records) this.push(r);
    this.pump();
  }

  private push(item: Item): void {
    this.stats.items++;
    if (this.length >= this.capacity) {
      if (!this.dropOldest) {
        this.drop(item);
        return;
      }
      this.drop(this.shift());
    }
    this.queue.push(item);
    if (this.length > this.stats.maxQueueLength) this.stats.maxQueueLength = this.length;
  }

  private drop(item: Item): void {
    const records = Array.isArray(item) ? (item as readonly TraceRecord[]) : [item as TraceRecord];
    this.stats.queueFullDropped += records.length;
    this.ledger.countDroppedAll(records, "collector", "queue-full");
  }

  private shift(): Item {
    const item = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as Item;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }

  private write(item: Item): void {
    const records = Array.isArray(item) ? (item as readonly TraceRecord[]) : [item as TraceRecord];
    this.stats.written += records.length;
    for (const r of records) this.store(r);
  }

  private pump(): void {
    while (this.busy < this.workers && this.length > 0) {
      const item = this.shift();
      const n = Array.isArray(item) ? item.length : 1;
      const job = { item, done: false };
      this.busy++;
      this.writing.add(job);
      this.scheduler.schedule(this.latency * n, () => {
        if (job.done) return;
        job.done = true;
        this.writing.delete(job);
        this.busy--;
        this.write(item);
        this.pump();
      });
    }
  }

  /** The backend's host crashed: what waits and what is being written was in its memory (host-crash). */
  crash(): void {
    for (const job of this.writing) {
      job.done = true;
      this.ledger.countDroppedAll(Array.isArray(job.item) ? (job.item as readonly TraceRecord[]) : [job.item as TraceRecord], "collector", "host-crash");
    }
    this.writing.clear();
    this.busy = 0;
    while (this.length > 0) {
      const item = this.shift();
      this.ledger.countDroppedAll(Array.isArray(item) ? (item as readonly TraceRecord[]) : [item as TraceRecord], "collector", "host-crash");
    }
  }

  /** End of run: what is being written and what waits is written now. */
  flush(): void {
    for (const job of this.writing) {
      job.done = true;
      this.write(job.item);
    }
    this.writing.clear();
    this.busy = 0;
    while (this.length > 0) this.write(this.shift());
  }
}
