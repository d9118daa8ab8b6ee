// Retroactive sampling (Hindsight, NSDI 2023): every record goes into a bounded per-host
// buffer instead of the pipeline; when a trigger fires for a trace (a slow or failed root,
// or any symptom the host code detects), the coordinator pulls that trace's records from
// every host's buffer into the normal agent → collector path. Data of untriggered traces is
// eventually evicted; records evicted before their trace's trigger are counted separately.
// Eviction takes the oldest trace's oldest record first (Hindsight evicts whole buffers in
// LRU order; per-trace grouping is the closest record-level equivalent).
import type { TraceRecord } from "../model/types.ts";
import type { Agent, Reporter } from "./agent.ts";
import type { Ledger } from "./ledger.ts";
import { recordTraceId } from "./ledger.ts";
import { DEFAULT_OVERHEAD, recordCostNs } from "./overhead.ts";
import type { OverheadModel } from "./overhead.ts";
import { recordBytes } from "./size.ts";
import { CollectConfigError, checkCount, checkDuration } from "./types.ts";

export interface RingBufferConfig {
  /** Records the buffer holds. */
  readonly capacity: number;
  /** Fire a trigger when a root span lasts at least this long (host-clock ns). */
  readonly latencyTriggerNs?: number;
  /** Fire a trigger when a root span ends with status error. */
  readonly errorTrigger?: boolean;
  readonly overhead?: Partial<OverheadModel>;
}

export interface RingBufferOptions extends RingBufferConfig {
  readonly host: string;
  /** Where pulled records go (already counted as emitted, so they are forwarded, not re-emitted). */
  readonly agent: Agent;
}

export interface RingBufferStats {
  buffered: number;
  evicted: number;
  /** Records evicted from this buffer whose trace was triggered afterwards. */
  evictedBeforeTrigger: number;
  pulled: number;
  /** Records of already-triggered traces passed straight to the agent. */
  passedThrough: number;
  triggersFired: number;
}

export interface RingBuffer extends Reporter {
  readonly host: string;
  readonly stats: Readonly<RingBufferStats>;
  readonly length: number;
  /** End of run: everything still buffered was never triggered, so it is evicted. */
  finish(): void;
  /** The host crashed: buffered records are lost. */
  crash(): void;
}

export interface TriggerCoordinatorStats {
  triggers: number;
  /** Triggers for a trace already triggered (ignored). */
  repeated: number;
  pulledRecords: number;
  evictedBeforeTrigger: number;
}

export interface TriggerCoordinator {
  readonly ledger: Ledger;
  readonly stats: Readonly<TriggerCoordinatorStats>;
  /** Creates a host's buffer and registers it. */
  buffer(options: RingBufferOptions): RingBuffer;
  /** Pulls a trace's records from every host; later records of it bypass the buffers. */
  trigger(traceId: string): void;
  /** Ends every buffer (see RingBuffer.finish). */
  finish(): void;
}

/** Traces remembered as triggered, and per-trace eviction tallies, are bounded to this many. */
const MEMORY = 100_000;

class BoundedMap<V> {
  readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  set(k: string, v: V): void {
    if (!this.map.has(k) && this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(k, v);
  }
}

class HostBuffer implements RingBuffer {
  readonly host: string;
  readonly stats: RingBufferStats = { buffered: 0, evicted: 0, evictedBeforeTrigger: 0, pulled: 0, passedThrough: 0, triggersFired: 0 };
  private readonly traces = new Map<string, TraceRecord[]>();
  private live = 0;
  private cost = 0;
  private readonly capacity: number;
  private readonly overhead: OverheadModel;
  private readonly latencyNs: number;
  private readonly onError: boolean;
  /** Root spans started here: span id → start time (for the latency trigger). */
  private readonly roots = new BoundedMap<number>(MEMORY);
  readonly evictedByTrace = new BoundedMap<number>(MEMORY);

  constructor(
    options: RingBufferOptions,
    private readonly ledger: Ledger,
    private readonly coordinator: Coordinator,
  ) {
    if (typeof options.host !== "string" || options.host === "") throw new CollectConfigError("host", "a non-empty string", options.host);
    if (typeof options.agent?.forward !== "function") throw new CollectConfigError("agent", "an Agent");
    this.host = options.host;
    this.capacity = checkCount("capacity", options.capacity, 1);
    this.latencyNs = options.latencyTriggerNs === undefined ? Infinity : checkDuration("latencyTriggerNs", options.latencyTriggerNs);
    this.onError = options.errorTrigger ?? false;
    this.overhead = { ...DEFAULT_OVERHEAD, ...options.overhead };
    this.agent = options.agent;
    // What is still buffered when the books close was never triggered: evicted (see finish).
    ledger.registerHolder({ settle: () => this.finish() });
  }

  private readonly agent: Agent;

  get length(): number {
    return this.live;
  }

  emit(record: TraceRecord): void {
    this.ledger.countEmitted(record);
    this.cost += recordCostNs(this.overhead, recordBytes(record));
    const traceId = recordTraceId(record);
    if (this.coordinator.triggered.map.has(traceId)) {
      this.stats.passedThrough++;
      this.agent.forward([record]);
    } else {
      if (this.live >= this.capacity) this.evictOne();
      let list = this.traces.get(traceId);
      if (list === undefined) {
        list = [];
        this.traces.set(traceId, list);
      }
      list.push(record);
      this.live++;
      this.stats.buffered++;
    }
    this.watch(record, traceId);
  }

  drainCostNs(): number {
    const c = this.cost;
    this.cost = 0;
    return c;
  }

  private evictOne(): void {
    const [traceId, list] = this.traces.entries().next().value!;
    const record = list.shift()!;
    if (list.length === 0) this.traces.delete(traceId);
    this.live--;
    this.stats.evicted++;
    this.evictedByTrace.set(traceId, (this.evictedByTrace.map.get(traceId) ?? 0) + 1);
    this.ledger.countDropped(record, "buffer", "evicted");
  }

  /** Detects the end of a slow or failed root span and fires a trigger. */
  private watch(record: TraceRecord, traceId: string): void {
    if (this.latencyNs === Infinity && !this.onError) return;
    if (record.type === "span") {
      const s = record.span;
      if (s.parentSpanId !== undefined) return;
      if (s.end - s.start >= this.latencyNs || (this.onError && s.status.code === "error")) this.fire(traceId);
      return;
    }
    const e = record.event;
    if (e.kind === "start" && e.parentSpanId === undefined) this.roots.set(e.spanId, e.timestamp);
    else if (e.kind === "end") {
      const start = this.roots.map.get(e.spanId);
      if (start === undefined) return;
      this.roots.map.delete(e.spanId);
      if (e.timestamp - start >= this.latencyNs || (this.onError && e.status?.code === "error")) this.fire(traceId);
    }
  }

  private fire(traceId: string): void {
    this.stats.triggersFired++;
    this.coordinator.trigger(traceId);
  }

  /** Moves a trace's buffered records to the agent; returns how many. */
  pull(traceId: string): number {
    const before = this.evictedByTrace.map.get(traceId);
    if (before !== undefined) {
      this.stats.evictedBeforeTrigger += before;
      this.evictedByTrace.map.delete(traceId);
    }
    const list = this.traces.get(traceId);
    if (list === undefined) return 0;
    this.traces.delete(traceId);
    this.live -= list.length;
    this.stats.pulled += list.length;
    this.agent.forward(list);
    return list.length;
  }

  evictedBefore(traceId: string): number {
    return this.evictedByTrace.map.get(traceId) ?? 0;
  }

  finish(): void {
    while (this.live > 0) this.evictOne();
  }

  crash(): void {
    for (const list of this.traces.values()) this.ledger.countDroppedAll(list, "buffer", "host-crash");
    this.traces.clear();
    this.live = 0;
    this.roots.map.clear();
  }
}

class Coordinator implements TriggerCoordinator {
  readonly stats: TriggerCoordinatorStats = { triggers: 0, repeated: 0, pulledRecords: 0, evictedBeforeTrigger: 0 };
  readonly triggered = new BoundedMap<true>(MEMORY);
  private readonly buffers: HostBuffer[] = [];

  constructor(readonly ledger: Ledger) {}

  buffer(options: RingBufferOptions): RingBuffer {
    if (typeof options !== "object" || options === null) throw new CollectConfigError("buffer", "an object");
    const b = new HostBuffer(options, this.ledger, this);
    this.buffers.push(b);
    return b;
  }

  trigger(traceId: string): void {
    if (this.triggered.map.has(traceId)) {
      this.stats.repeated++;
      return;
    }
    this.stats.triggers++;
    this.triggered.set(traceId, true);
    for (const b of this.buffers) {
      const evicted = b.evictedBefore(traceId);
      this.stats.evictedBeforeTrigger += evicted;
      this.stats.pulledRecords += b.pull(traceId);
    }
  }

  finish(): void {
    for (const b of this.buffers) b.finish();
  }
}

export function createTriggerCoordinator(options: { readonly ledger: Ledger }): TriggerCoordinator {
  if (typeof options?.ledger?.countEmitted !== "function") throw new CollectConfigError("ledger", "a Ledger");
  return new Coordinator(options.ledger);
}
