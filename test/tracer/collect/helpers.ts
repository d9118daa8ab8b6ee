// Test doubles for collection: a tiny virtual-time scheduler (a sorted queue of callbacks),
// a scriptable transport, and record builders. Not the simulator: tracer/ must work without it.
import seedrandom from "seedrandom";
import type { TraceEvent, TraceRecord } from "../../../tracer/model/types.ts";
import type { Batch, Scheduler, SendOutcome, Transport } from "../../../tracer/collect/index.ts";

export class TestScheduler implements Scheduler {
  private time = 0;
  private seq = 0;
  private readonly queue: { at: number; seq: number; fn: () => void }[] = [];

  now(): number {
    return this.time;
  }

  schedule(delayNs: number, fn: () => void): void {
    const item = { at: this.time + Math.max(0, delayNs), seq: this.seq++, fn };
    // Insert keeping (at, seq) order; ties run in insertion order.
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.at > item.at) i--;
    this.queue.splice(i, 0, item);
  }

  /** Runs callbacks due up to `until` (or until the queue is empty), then sets the clock there. */
  run(until = Infinity): void {
    while (this.queue.length > 0 && this.queue[0]!.at <= until) {
      const item = this.queue.shift()!;
      this.time = item.at;
      item.fn();
    }
    if (until !== Infinity) this.time = Math.max(this.time, until);
  }

  advance(ns: number): void {
    this.run(this.time + ns);
  }

  get pending(): number {
    return this.queue.length;
  }
}

export type Fate = SendOutcome | "duplicate";

/**
 * A transport with a fixed latency. `fate(batch, attempt)` decides each send: delivered,
 * lost, or delivered twice ("duplicate"). `deliver` is the receiving end (usually a
 * collector's `receive`). Latency may vary per send to reorder batches.
 */
export class TestTransport implements Transport {
  sent = 0;
  readonly attempts = new Map<string, number>();
  constructor(
    private readonly scheduler: Scheduler,
    private readonly deliver: (batch: Batch) => "delivered" | "rejected",
    public fate: (batch: Batch, attempt: number) => Fate = () => "delivered",
    public latency: (batch: Batch) => number = () => 1_000_000,
  ) {}

  send(batch: Batch, _bytes: number, done: (outcome: SendOutcome) => void): void {
    this.sent++;
    const key = `${batch.agent}#${batch.seq}`;
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    const fate = this.fate(batch, attempt);
    this.scheduler.schedule(this.latency(batch), () => {
      if (fate === "lost") done("lost");
      else {
        const result = this.deliver(batch);
        if (fate === "duplicate") this.deliver(batch);
        done(result);
      }
    });
  }
}

let counter = 0;
export const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");
export const traceIdOf = (n: number): string => hex(n + 1, 32);

/** A `start` event (root if parents is empty) — enough structure for assembly tests. */
export function event(traceNo: number, host: string, options: Partial<TraceEvent> = {}): TraceRecord {
  counter++;
  const e: TraceEvent = {
    traceId: traceIdOf(traceNo),
    eventId: hex(counter, 16),
    kind: "annotate",
    name: "op",
    service: "svc",
    host,
    timestamp: 0,
    spanId: hex(traceNo + 1, 16),
    parents: [],
    ...options,
  };
  return { type: "event", event: e };
}

/** A whole small trace: root start, `n` annotate events chained, root end. */
export function chain(traceNo: number, host: string, n: number, durationNs = 1000): TraceRecord[] {
  const out: TraceRecord[] = [];
  const spanId = hex(traceNo + 1, 16);
  let prev = event(traceNo, host, { kind: "start", spanId, timestamp: 0 });
  out.push(prev);
  for (let i = 0; i < n; i++) {
    const id = prev.type === "event" ? prev.event.eventId : "";
    prev = event(traceNo, host, { kind: "annotate", spanId, parents: [id], timestamp: i + 1 });
    out.push(prev);
  }
  const last = prev.type === "event" ? prev.event.eventId : "";
  out.push(event(traceNo, host, { kind: "end", spanId, parents: [last], timestamp: durationNs }));
  return out;
}

/** A seeded RandomSource for tests (`alea(seed/name)`, the project's convention). */
export function stream(seed: string, name: string): { next(): number } {
  const prng = seedrandom.alea(`${seed}/${name}`);
  return { next: () => prng() };
}

/** Random 32-hex trace ids from a seeded stream (low bits uniformly random, as W3C level 2 expects). */
export function randomTraceIds(seed: string, n: number): string[] {
  const r = stream(seed, "trace-ids");
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let id = "";
    for (let k = 0; k < 4; k++) id += hex(Math.floor(r.next() * 2 ** 32), 8);
    out.push(id);
  }
  return out;
}
