// A broker queue with competing consumers. Each consumer has credit (free executor slots, like
// a prefetch window); a message goes to the next consumer in round-robin order that has credit
// and can be reached, and waits in the queue otherwise. A message that reaches a consumer which
// died meanwhile was never acknowledged, so it goes back to the head of the queue.
// Faults: `delay(sampler)` holds every delivery a draw longer on its way to the consumer, and
// `degrade({ loss, duplicate })` loses or doubles messages as they arrive in the queue; each
// returns an undo. Given a consumer, a fault applies only to what the queue delivers to it
// (loss then happens on the way to that consumer).
import { Fifo } from "./fifo.ts";
import { Layers } from "../kernel/index.ts";
import type { CausalPoint, Sampler, Stream, Undo } from "../kernel/index.ts";
import type { Host, Network, ProcessGroup } from "../net/index.ts";
import type { Deliverable } from "./types.ts";

export interface Consumer<M extends Deliverable> {
  readonly host: Host;
  readonly group: ProcessGroup;
  /** Messages this consumer may still take; Infinity for reply consumers. */
  credit: number;
  /**
   * Runs at the consumer's host when the message arrives; `queuedNs` is how long it waited in
   * the queue for a consumer's free slot (not while no consumer could be reached: that wait is
   * the message's way there).
   */
  deliver(msg: M, from: BrokerQueue<M>, queuedNs: number): void;
}

/** What an AMQP message meets between the broker and a consumer's host (the broker's per-host message faults). */
export interface DeliveryPath {
  /** Whether a message the broker sends to `host` is lost on the way. */
  lostTo(host: Host): boolean;
}

const NO_PATH: DeliveryPath = { lostTo: () => false };

/** What arriving messages meet while a `degrade` fault is on the queue. */
export interface QueueDegradation {
  /** Probability a message arriving in the queue is lost. */
  readonly loss?: number;
  /** Probability a message arriving in the queue is enqueued twice. */
  readonly duplicate?: number;
}

/** Where a queue fault draws from (default: the queue's own stream) and whom it affects (default: every consumer). */
export interface QueueFaultOptions<M extends Deliverable> {
  readonly stream?: Stream;
  readonly consumer?: Consumer<M>;
}

interface Delay<M extends Deliverable> {
  readonly sampler: Sampler;
  readonly stream: Stream;
  readonly consumer: Consumer<M> | null;
}

interface Degradation<M extends Deliverable> {
  readonly loss: number;
  readonly duplicate: number;
  readonly stream: Stream;
  readonly consumer: Consumer<M> | null;
}

export class BrokerQueue<M extends Deliverable> {
  readonly name: string;
  private readonly net: Network;
  private readonly brokerHost: Host;
  private readonly brokerGroup: ProcessGroup;
  private readonly messages = new Fifo<M>();
  /** When each waiting message was enqueued (parallel to `messages`). */
  private readonly since = new Fifo<number>();
  /**
   * Where each waiting message arrived, when causality is observed (null otherwise): a message
   * pumped later, when another's handler freed a slot, still descends from its own arrival.
   */
  private readonly arrivedAt = new Fifo<CausalPoint | null>();
  private readonly consumers: Consumer<M>[] = [];
  private rr = 0;
  /**
   * Whether messages last waited with no consumer to take them (every one down or cut off, or
   * the broker down), and when one could again: the wait before that is the way to the
   * consumer's, not its executor's.
   */
  private unavailable = false;
  private availableAt = 0;
  private readonly path: DeliveryPath;
  private readonly delays = new Layers<Delay<M>>();
  private readonly degradations = new Layers<Degradation<M>>();
  private ownStream: Stream | null = null;
  /** Counters. */
  enqueued = 0;
  dropped = 0;
  duplicated = 0;
  /** Deliveries lost between the broker and the consumer's host (a broker message fault). */
  lostInDelivery = 0;
  maxDepth = 0;

  constructor(name: string, net: Network, brokerHost: Host, brokerGroup: ProcessGroup, path: DeliveryPath = NO_PATH) {
    this.name = name;
    this.net = net;
    this.brokerHost = brokerHost;
    this.brokerGroup = brokerGroup;
    this.path = path;
  }

  // Fault draws come from the fault's own stream when it brings one, else from the queue's.
  private stream(): Stream {
    return (this.ownStream ??= this.net.sim.rng.stream(`broker/queue/${this.name}`));
  }

  /** Every message delivered from this queue takes a draw of `sampler` ns longer to reach its consumer, until the undo runs. */
  delay(sampler: Sampler, options: QueueFaultOptions<M> = {}): Undo {
    return this.delays.add({ sampler, stream: options.stream ?? this.stream(), consumer: options.consumer ?? null });
  }

  /**
   * Messages arriving in this queue are lost or doubled with these probabilities, until the
   * undo runs; with a consumer, messages delivered to it are lost (a copy delivered to the same
   * consumer would be dropped by its duplicate check, so a consumer fault cannot duplicate).
   */
  degrade(d: QueueDegradation, options: QueueFaultOptions<M> = {}): Undo {
    const consumer = options.consumer ?? null;
    if (consumer !== null && (d.duplicate ?? 0) > 0) throw new Error(`queue ${this.name}: duplication applies to the whole queue, not to one consumer`);
    return this.degradations.add({ loss: d.loss ?? 0, duplicate: d.duplicate ?? 0, stream: options.stream ?? this.stream(), consumer });
  }

  /** How many consumers share this queue. */
  get consumerCount(): number {
    return this.consumers.length;
  }

  /** Whether any fault is on this queue. */
  get faulted(): boolean {
    return this.delays.size > 0 || this.degradations.size > 0;
  }

  get depth(): number {
    return this.messages.length;
  }

  subscribe(c: Consumer<M>): void {
    if (!this.consumers.includes(c)) this.consumers.push(c);
    this.pump();
  }

  unsubscribe(c: Consumer<M>): void {
    const i = this.consumers.indexOf(c);
    if (i >= 0) this.consumers.splice(i, 1);
  }

  enqueue(msg: M): void {
    this.enqueued++;
    const layers = this.degradations.list;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      if (l.consumer === null && l.loss > 0 && l.stream.next() < l.loss) {
        this.dropped++;
        return;
      }
    }
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      if (l.consumer === null && l.duplicate > 0 && l.stream.next() < l.duplicate) {
        this.duplicated++;
        this.messages.push(msg);
        this.since.push(this.net.sim.now);
        this.arrivedAt.push(this.here());
        break;
      }
    }
    this.messages.push(msg);
    this.since.push(this.net.sim.now);
    this.arrivedAt.push(this.here());
    if (this.messages.length > this.maxDepth) this.maxDepth = this.messages.length;
    this.pump();
  }

  /** An unacknowledged message comes back (its consumer vanished before taking it), keeping its place and age. */
  requeue(msg: M, since = this.net.sim.now, at: CausalPoint | null = this.here()): void {
    this.messages.unshift(msg);
    this.since.unshift(since);
    this.arrivedAt.unshift(at);
    this.pump();
  }

  private here(): CausalPoint | null {
    const c = this.net.sim.causality;
    return c === null ? null : c.current;
  }

  /** Non-durable queues lose their messages when the broker dies. */
  purge(): void {
    this.messages.clear();
    this.since.clear();
    this.arrivedAt.clear();
  }

  /** Hands waiting messages to consumers with credit. */
  pump(): void {
    if (this.brokerGroup.down || this.brokerGroup.frozen) {
      if (this.messages.length > 0) this.unavailable = true;
      return;
    }
    while (this.messages.length > 0) {
      const c = this.nextConsumer();
      if (c === null) {
        if (!this.consumers.some((k) => this.reachable(k))) this.unavailable = true;
        return;
      }
      if (this.unavailable) {
        this.unavailable = false;
        this.availableAt = this.net.sim.now;
      }
      this.send(c, this.messages.shift()!, this.since.shift()!, this.arrivedAt.shift()!);
    }
  }

  private reachable(c: Consumer<M>): boolean {
    return !c.group.down && this.net.reachable(this.brokerHost, c.host);
  }

  // A consumer-scoped loss fault: decided as the message leaves for that consumer.
  private lostTo(c: Consumer<M>): boolean {
    const layers = this.degradations.list;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      if (l.consumer === c && l.loss > 0 && l.stream.next() < l.loss) return true;
    }
    return false;
  }

  private nextConsumer(): Consumer<M> | null {
    const n = this.consumers.length;
    for (let k = 0; k < n; k++) {
      const c = this.consumers[(this.rr + k) % n]!;
      if (c.credit > 0 && this.reachable(c)) {
        this.rr = (this.rr + k + 1) % n;
        return c;
      }
    }
    return null;
  }

  private send(c: Consumer<M>, msg: M, since: number, at: CausalPoint | null): void {
    if (this.path.lostTo(c.host) || this.lostTo(c)) {
      // Lost between the broker and the consumer: the consumer never sees it.
      this.lostInDelivery++;
      return;
    }
    c.credit--;
    let d = this.net.streamDelay(this.brokerHost, c.host, msg.bytes);
    if (d < 0) {
      // Gave up retransmitting: the connection drops and the message stays unacknowledged.
      c.credit++;
      this.messages.unshift(msg);
      this.since.unshift(since);
      this.arrivedAt.unshift(at);
      return;
    }
    // Waiting for a free executor slot: what it waited since a consumer could take it.
    const queued = this.net.sim.now - Math.max(since, this.availableAt);
    const delays = this.delays.list;
    for (let i = 0; i < delays.length; i++) {
      const l = delays[i]!;
      if (l.consumer === null || l.consumer === c) d += Math.max(0, Math.round(l.sampler(l.stream)));
    }
    const sim = this.net.sim;
    const deliver = (): void => {
      sim.schedule(d, () => {
        if (c.group.down) {
          this.requeue(msg, since, at);
          return;
        }
        c.deliver(msg, this, queued);
      });
    };
    const causal = sim.causality;
    // Time queued was waiting for the consumer: charged to whoever handles the message (null label).
    if (causal === null) deliver();
    else causal.resumeFrom(at, deliver, null);
  }
}
