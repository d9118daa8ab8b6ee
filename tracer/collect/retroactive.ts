// Retroactive sampling (Hindsight, NSDI 2023): every record goes into its host's buffer pool
// instead of the pipeline. When the pool is full the oldest trace's oldest buffer is evicted and
// its records are lost. A trigger (a slow or failed root, or any symptom the host detects) makes
// a trace's buffered records ship through the normal agent → collector path.
//
// Two ways a trigger reaches the other hosts:
// - with a `messenger` (the real protocol): the triggering agent ships its own part and sends the
//   trigger, with its breadcrumbs for the trace (the agents the request came from or went to), to
//   the coordinator; the coordinator sends the trigger to each breadcrumb agent; each such agent
//   ships its part and answers with its own breadcrumbs, which the coordinator follows in turn
//   (Hindsight's agent/pkg/coordinator). Every message crosses the network, so a pull arrives
//   late (or never, across a partition), and what was evicted meanwhile is lost.
// - without one (`coordinator.trigger`): the coordinator pulls from every buffer at once.
import type { TraceRecord } from "../model/types.ts";
import type { Agent, Reporter } from "./agent.ts";
import type { Ledger } from "./ledger.ts";
import { recordTraceId } from "./ledger.ts";
import { DEFAULT_OVERHEAD, recordCostNs } from "./overhead.ts";
import type { OverheadModel } from "./overhead.ts";
import { recordBytes } from "./size.ts";
import { CollectConfigError, checkCount, checkDuration } from "./types.ts";

export interface RingBufferConfig {
  /** Buffers in the host's pool (records, when `bufferBytes` is not given). */
  readonly capacity: number;
  /** Bytes per buffer: a trace's records on a host fill buffers of this size (Hindsight 32 KiB). */
  readonly bufferBytes?: number;
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
  breadcrumbs: number;
}

export interface RingBuffer extends Reporter {
  readonly host: string;
  readonly stats: Readonly<RingBufferStats>;
  /** Records held. */
  readonly length: number;
  /** Buffers of the pool in use. */
  readonly buffersInUse: number;
  /** Notes that this trace came from, or went to, `peer`'s agent (a breadcrumb). */
  breadcrumb(traceId: string, peer: string): void;
  /** End of run: everything still buffered was never triggered, so it is evicted. */
  finish(): void;
  /** The host crashed: buffered records are lost. */
  crash(): void;
}

/** Carries a coordination message between hosts; `onArrive` runs on arrival, never when it is lost. */
export interface Messenger {
  send(from: string, to: string, bytes: number, onArrive: () => void): void;
}

export interface TriggerCoordinatorStats {
  triggers: number;
  /** Triggers for a trace already triggered (ignored). */
  repeated: number;
  pulledRecords: number;
  evictedBeforeTrigger: number;
  /** Coordination messages sent, and their bytes. */
  messages: number;
  messageBytes: number;
  /** Agents a trigger was sent to after following breadcrumbs. */
  pulls: number;
  /** Sum and maximum of the time from a trigger firing to its arrival at a pulled agent, ns. */
  pullLatencyTotalNs: number;
  pullLatencyMaxNs: number;
}

export interface TriggerCoordinator {
  readonly ledger: Ledger;
  readonly stats: Readonly<TriggerCoordinatorStats>;
  /** Creates a host's buffer and registers it. */
  buffer(options: RingBufferOptions): RingBuffer;
  /** Pulls a trace's records from every host at once; later records of it bypass the buffers. */
  trigger(traceId: string): void;
  /** Ends every buffer (see RingBuffer.finish). */
  finish(): void;
}

export interface TriggerCoordinatorOptions {
  readonly ledger: Ledger;
  /** With a messenger, triggers travel the network and follow breadcrumbs (see the file comment). */
  readonly messenger?: Messenger;
  /** The coordinator's host (with a messenger). */
  readonly host?: string;
  /** Virtual time, for pull latency (with a messenger). */
  readonly now?: () => number;
}

/** Traces remembered as triggered, breadcrumbs and per-trace eviction tallies are bounded to this many. */
const MEMORY = 100_000;
/** A coordination message: a trace id, a trigger id and framing (a choice; Hindsight's datapb messages are of this order). */
const MESSAGE_BYTES = 64;
/** Per breadcrumb carried: an agent address "host:port" (a choice). */
const BREADCRUMB_BYTES = 24;

class BoundedMap<V> {
  readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  set(k: string, v: V): void {
    if (!this.map.has(k) && this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(k, v);
  }
}

interface HeldTrace {
  readonly records: TraceRecord[];
  /** Bytes of `records` (a trace's buffers are filled in order). */
  bytes: number;
}

class HostBuffer implements RingBuffer {
  readonly host: string;
  readonly stats: RingBufferStats = { buffered: 0, evicted: 0, evictedBeforeTrigger: 0, pulled: 0, passedThrough: 0, triggersFired: 0, breadcrumbs: 0 };
  private readonly traces = new Map<string, HeldTrace>();
  private live = 0;
  private used = 0;
  private cost = 0;
  private readonly capacity: number;
  /** 0: every record is a buffer of its own (capacity counts records). */
  private readonly bufferBytes: number;
  private readonly overhead: OverheadModel;
  private readonly latencyNs: number;
  private readonly onError: boolean;
  private readonly agent: Agent;
  /** Root spans started here: span id → start time (for the latency trigger). */
  private readonly roots = new BoundedMap<number>(MEMORY);
  readonly evictedByTrace = new BoundedMap<number>(MEMORY);
  /** Traces this agent knows are triggered: their records go straight to the agent. */
  readonly triggered = new BoundedMap<true>(MEMORY);
  readonly crumbs = new BoundedMap<Set<string>>(MEMORY);

  constructor(
    options: RingBufferOptions,
    private readonly ledger: Ledger,
    private readonly coordinator: Coordinator,
  ) {
    if (typeof options.host !== "string" || options.host === "") throw new CollectConfigError("host", "a non-empty string", options.host);
    if (typeof options.agent?.forward !== "function") throw new CollectConfigError("agent", "an Agent");
    this.host = options.host;
    this.capacity = checkCount("capacity", options.capacity, 1);
    this.bufferBytes = options.bufferBytes === undefined ? 0 : checkCount("bufferBytes", options.bufferBytes, 1);
    this.latencyNs = options.latencyTriggerNs === undefined ? Infinity : checkDuration("latencyTriggerNs", options.latencyTriggerNs);
    this.onError = options.errorTrigger ?? false;
    this.overhead = { ...DEFAULT_OVERHEAD, ...options.overhead };
    this.agent = options.agent;
    // What is still buffered when the books close was never triggered: evicted (see finish).
    ledger.registerHolder({ settle: () => this.finish() });
  }

  get length(): number {
    return this.live;
  }

  get buffersInUse(): number {
    return this.used;
  }

  private buffersFor(held: HeldTrace): number {
    return this.bufferBytes === 0 ? held.records.length : Math.ceil(held.bytes / this.bufferBytes);
  }

  emit(record: TraceRecord): void {
    this.ledger.countEmitted(record);
    const bytes = recordBytes(record);
    this.cost += recordCostNs(this.overhead, bytes);
    const traceId = recordTraceId(record);
    if (this.coordinator.isTriggeredAt(this, traceId)) {
      this.stats.passedThrough++;
      this.agent.forward([record]);
    } else this.hold(record, traceId, bytes);
    this.watch(record, traceId);
  }

  private hold(record: TraceRecord, traceId: string, bytes: number): void {
    let held = this.traces.get(traceId);
    if (held === undefined) {
      held = { records: [], bytes: 0 };
      this.traces.set(traceId, held);
    }
    const before = this.buffersFor(held);
    held.records.push(record);
    held.bytes += bytes;
    this.live++;
    this.stats.buffered++;
    this.used += this.buffersFor(held) - before;
    while (this.used > this.capacity) this.evictOne();
  }

  drainCostNs(): number {
    const c = this.cost;
    this.cost = 0;
    return c;
  }

  breadcrumb(traceId: string, peer: string): void {
    if (peer === this.host) return;
    let set = this.crumbs.map.get(traceId);
    if (set === undefined) this.crumbs.set(traceId, (set = new Set()));
    if (set.has(peer)) return;
    set.add(peer);
    this.stats.breadcrumbs++;
  }

  crumbsOf(traceId: string): string[] {
    return [...(this.crumbs.map.get(traceId) ?? [])].sort();
  }

  /** Evicts the oldest trace's oldest buffer: its first `bufferBytes` of records. */
  private evictOne(): void {
    const [traceId, held] = this.traces.entries().next().value!;
    const before = this.buffersFor(held);
    let freed = 0;
    let n = 0;
    do {
      const r = held.records[n++]!;
      freed += recordBytes(r);
      this.ledger.countDropped(r, "buffer", "evicted");
    } while (n < held.records.length && this.bufferBytes > 0 && freed < this.bufferBytes);
    held.records.splice(0, n);
    held.bytes -= freed;
    this.live -= n;
    this.stats.evicted += n;
    this.evictedByTrace.set(traceId, (this.evictedByTrace.map.get(traceId) ?? 0) + n);
    if (held.records.length === 0) this.traces.delete(traceId);
    this.used -= before - (held.records.length === 0 ? 0 : this.buffersFor(held));
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
    this.coordinator.fired(this, traceId);
  }

  /** Moves a trace's buffered records to the agent; returns how many. */
  pull(traceId: string): number {
    this.triggered.set(traceId, true);
    const before = this.evictedByTrace.map.get(traceId);
    if (before !== undefined) {
      this.stats.evictedBeforeTrigger += before;
      this.evictedByTrace.map.delete(traceId);
    }
    const held = this.traces.get(traceId);
    if (held === undefined) return 0;
    this.traces.delete(traceId);
    this.live -= held.records.length;
    this.used -= this.buffersFor(held);
    this.stats.pulled += held.records.length;
    this.agent.forward(held.records);
    return held.records.length;
  }

  evictedBefore(traceId: string): number {
    return this.evictedByTrace.map.get(traceId) ?? 0;
  }

  finish(): void {
    while (this.live > 0) this.evictOne();
  }

  crash(): void {
    for (const held of this.traces.values()) this.ledger.countDroppedAll(held.records, "buffer", "host-crash");
    this.traces.clear();
    this.live = 0;
    this.used = 0;
    this.roots.map.clear();
    this.crumbs.map.clear();
  }
}

class Coordinator implements TriggerCoordinator {
  readonly stats: TriggerCoordinatorStats = {
    triggers: 0,
    repeated: 0,
    pulledRecords: 0,
    evictedBeforeTrigger: 0,
    messages: 0,
    messageBytes: 0,
    pulls: 0,
    pullLatencyTotalNs: 0,
    pullLatencyMaxNs: 0,
  };
  /** Traces triggered (direct mode: everywhere; network mode: known to the coordinator). */
  readonly triggered = new BoundedMap<true>(MEMORY);
  /** Network mode: per triggered trace, the agents the trigger was sent to, and when it fired. */
  private readonly contacted = new BoundedMap<{ readonly agents: Set<string>; readonly firedAt: number }>(MEMORY);
  private readonly buffers: HostBuffer[] = [];
  private readonly byHost = new Map<string, HostBuffer>();
  readonly ledger: Ledger;
  private readonly messenger: Messenger | undefined;
  private readonly host: string;
  private readonly now: () => number;

  constructor(options: TriggerCoordinatorOptions) {
    this.ledger = options.ledger;
    this.messenger = options.messenger;
    this.host = options.host ?? "coordinator";
    this.now = options.now ?? (() => 0);
  }

  buffer(options: RingBufferOptions): RingBuffer {
    if (typeof options !== "object" || options === null) throw new CollectConfigError("buffer", "an object");
    const b = new HostBuffer(options, this.ledger, this);
    this.buffers.push(b);
    this.byHost.set(b.host, b);
    return b;
  }

  isTriggeredAt(buffer: HostBuffer, traceId: string): boolean {
    return this.messenger === undefined ? this.triggered.map.has(traceId) : buffer.triggered.map.has(traceId);
  }

  /** A buffer's own trigger fired. */
  fired(buffer: HostBuffer, traceId: string): void {
    if (this.messenger === undefined) {
      this.trigger(traceId);
      return;
    }
    if (buffer.triggered.map.has(traceId)) {
      this.stats.repeated++;
      return;
    }
    // The triggering agent ships its own part at once, and tells the coordinator.
    this.pullAt(buffer, traceId);
    const firedAt = this.now();
    const crumbs = buffer.crumbsOf(traceId);
    this.message(buffer.host, this.host, crumbs.length, () => this.learn(traceId, buffer.host, crumbs, firedAt));
  }

  private message(from: string, to: string, crumbs: number, onArrive: () => void): void {
    const bytes = MESSAGE_BYTES + BREADCRUMB_BYTES * crumbs;
    this.stats.messages++;
    this.stats.messageBytes += bytes;
    this.messenger!.send(from, to, bytes, onArrive);
  }

  /** At the coordinator: a trigger or an agent's breadcrumbs for a triggered trace arrived. */
  private learn(traceId: string, from: string, crumbs: readonly string[], firedAt: number): void {
    let entry = this.contacted.map.get(traceId);
    if (entry === undefined) {
      if (this.triggered.map.has(traceId)) this.stats.repeated++;
      else this.stats.triggers++;
      this.triggered.set(traceId, true);
      this.contacted.set(traceId, (entry = { agents: new Set([from]), firedAt }));
    }
    entry.agents.add(from);
    for (const peer of crumbs) {
      if (entry.agents.has(peer)) continue;
      entry.agents.add(peer);
      const target = this.byHost.get(peer);
      if (target === undefined) continue;
      this.stats.pulls++;
      const at = entry.firedAt;
      this.message(this.host, peer, 0, () => {
        const latency = this.now() - at;
        this.stats.pullLatencyTotalNs += latency;
        if (latency > this.stats.pullLatencyMaxNs) this.stats.pullLatencyMaxNs = latency;
        if (target.triggered.map.has(traceId)) return;
        this.pullAt(target, traceId);
        const more = target.crumbsOf(traceId);
        if (more.length > 0) this.message(peer, this.host, more.length, () => this.learn(traceId, peer, more, at));
      });
    }
  }

  private pullAt(buffer: HostBuffer, traceId: string): void {
    this.stats.evictedBeforeTrigger += buffer.evictedBefore(traceId);
    this.stats.pulledRecords += buffer.pull(traceId);
  }

  trigger(traceId: string): void {
    if (this.triggered.map.has(traceId)) {
      this.stats.repeated++;
      return;
    }
    this.stats.triggers++;
    this.triggered.set(traceId, true);
    for (const b of this.buffers) this.pullAt(b, traceId);
  }

  finish(): void {
    for (const b of this.buffers) b.finish();
  }
}

export function createTriggerCoordinator(options: TriggerCoordinatorOptions): TriggerCoordinator {
  if (typeof options?.ledger?.countEmitted !== "function") throw new CollectConfigError("ledger", "a Ledger");
  return new Coordinator(options);
}
