// The message broker (RabbitMQ as oslo.messaging uses it): a topic exchange whose routing keys
// name queues one to one (`topic`, `topic.server`), fanout exchanges (`<topic>_fanout`) bound
// to one queue per server, and reply queues (`reply_<uuid>`) reached through the direct
// exchange. Publishers that cannot reach the broker block until they can (oslo's retry=None).
//
// Faults: `slow(sampler)` adds a draw to the broker's work on every message it routes (requests,
// casts and replies alike), and `degradeMessages(from, to, { loss, duplicate })` loses or
// doubles AMQP messages between one host and the broker in one direction (publishes and replies
// a host sends; deliveries the broker makes to it). Each returns an undo.
import { Layers } from "../kernel/index.ts";
import type { CausalPoint, Sampler, Stream, Undo } from "../kernel/index.ts";
import type { Host, Network, ProcessGroup } from "../net/index.ts";
import { BrokerQueue } from "./queue.ts";
import type { DeliveryPath } from "./queue.ts";
import type { Deliverable, RpcMessage, RpcReply } from "./types.ts";

interface Blocked {
  readonly from: Host;
  readonly resume: () => void;
  /** Where the publisher blocked, when causality is observed: the retry continues from there. */
  readonly at: CausalPoint | null;
}

/** What AMQP messages meet in one direction between a host and the broker while a fault lasts. */
export interface MessageDegradation {
  /** Probability a message is lost (the publisher is not told; a call waits out its timeout). */
  readonly loss?: number;
  /** Probability a message arrives twice. */
  readonly duplicate?: number;
}

interface MessageFault {
  readonly loss: number;
  readonly duplicate: number;
  readonly stream: Stream;
}

interface Slowdown {
  readonly sampler: Sampler;
  readonly stream: Stream;
}

export class Broker {
  readonly net: Network;
  readonly host: Host;
  readonly group: ProcessGroup;
  readonly name: string;
  private readonly queues = new Map<string, BrokerQueue<RpcMessage>>();
  private readonly replyQueues = new Map<string, BrokerQueue<RpcReply>>();
  private readonly fanouts = new Map<string, BrokerQueue<RpcMessage>[]>();
  private blocked: Blocked[] = [];
  private nextUnique = 1;
  /** Messages published, and lost in transit to the broker. */
  published = 0;
  lostInTransit = 0;
  /** Publishes that had to wait for the broker. */
  blockedPublishes = 0;
  /** Messages lost or doubled by a message fault between a host and the broker. */
  lostByFault = 0;
  duplicatedByFault = 0;
  /** The broker's own work per message routed (ns), set by whoever models its CPU; 0 by default. */
  routeCost: () => number = () => 0;
  private readonly slowdowns = new Layers<Slowdown>();
  /** Message faults per direction, keyed by the host at the other end: to the broker, and from it. */
  private readonly inbound = new Map<Host, Layers<MessageFault>>();
  private readonly outbound = new Map<Host, Layers<MessageFault>>();
  private ownStream: Stream | null = null;
  private readonly deliveries: DeliveryPath = { lostTo: (host) => this.lost(this.outbound.get(host)) };

  constructor(net: Network, group: ProcessGroup & { readonly name: string }, host: Host) {
    this.net = net;
    this.host = host;
    this.group = group;
    this.name = group.name;
    net.onHeal(() => this.heal());
    group.onChange((e) => {
      if (e === "crash") {
        for (const q of this.queues.values()) q.purge();
        for (const q of this.replyQueues.values()) q.purge();
      } else if (e === "restart" || e === "thaw") this.heal();
    });
  }

  uniqueId(): number {
    return this.nextUnique++;
  }

  /** Declares (or finds) a topic-exchange queue. */
  queue(name: string): BrokerQueue<RpcMessage> {
    let q = this.queues.get(name);
    if (q === undefined) {
      q = new BrokerQueue<RpcMessage>(name, this.net, this.host, this.group, this.deliveries);
      this.queues.set(name, q);
    }
    return q;
  }

  /** Declares a server's queue on `<topic>_fanout`. */
  fanoutQueue(topic: string, server: string): BrokerQueue<RpcMessage> {
    const q = this.queue(`${topic}_fanout_${server}`);
    let bound = this.fanouts.get(topic);
    if (bound === undefined) this.fanouts.set(topic, (bound = []));
    if (!bound.includes(q)) bound.push(q);
    return q;
  }

  replyQueue(name: string): BrokerQueue<RpcReply> {
    let q = this.replyQueues.get(name);
    if (q === undefined) {
      q = new BrokerQueue<RpcReply>(name, this.net, this.host, this.group, this.deliveries);
      this.replyQueues.set(name, q);
    }
    return q;
  }

  topicQueues(): BrokerQueue<RpcMessage>[] {
    return [...this.queues.values()];
  }

  /** Can `from` publish right now? (Broker up, not frozen, and the link to it not cut.) */
  reachableFrom(from: Host): boolean {
    return !this.group.down && !this.group.frozen && this.net.reachable(from, this.host);
  }

  /**
   * Publishes to a topic-exchange routing key. Returns false (and sends nothing) when the
   * broker cannot be reached; the caller then blocks with whenReachable().
   */
  publish(from: Host, routingKey: string, msg: RpcMessage): boolean {
    if (!this.reachableFrom(from)) return false;
    this.transit(from, msg, () => this.queues.get(routingKey)?.enqueue(msg));
    return true;
  }

  /** Publishes to `<topic>_fanout`: every bound queue gets a copy. */
  publishFanout(from: Host, topic: string, msg: RpcMessage): boolean {
    if (!this.reachableFrom(from)) return false;
    this.transit(from, msg, () => {
      for (const q of this.fanouts.get(topic) ?? []) q.enqueue(msg);
    });
    return true;
  }

  /** Publishes a reply through the direct exchange; a missing reply queue drops it. */
  publishReply(from: Host, queue: string, reply: RpcReply): boolean {
    if (!this.reachableFrom(from)) return false;
    this.transit(from, reply, () => this.replyQueues.get(queue)?.enqueue(reply));
    return true;
  }

  /** Runs `resume` once `from` can reach the broker again (after a heal or a restart). */
  whenReachable(from: Host, resume: () => void): void {
    this.blockedPublishes++;
    this.blocked.push({ from, resume, at: this.net.sim.causality?.current ?? null });
  }

  get blockedCount(): number {
    return this.blocked.length;
  }

  private stream(): Stream {
    return (this.ownStream ??= this.net.sim.rng.stream(`broker/${this.name}`));
  }

  /** Every message the broker routes takes a draw of `sampler` ns more of its work, until the undo runs. */
  slow(sampler: Sampler, stream?: Stream): Undo {
    return this.slowdowns.add({ sampler, stream: stream ?? this.stream() });
  }

  /**
   * AMQP messages from `from` to `to` (one of them the broker's host) are lost or doubled with
   * these probabilities until the undo runs: toward the broker, what `from` publishes (calls,
   * casts, replies); from the broker, what it delivers to `to`'s consumers.
   */
  degradeMessages(from: Host, to: Host, d: MessageDegradation, stream?: Stream): Undo {
    if (from !== this.host && to !== this.host) throw new Error(`degradeMessages: neither ${from.name} nor ${to.name} is the broker's host ${this.host.name}`);
    const table = to === this.host ? this.inbound : this.outbound;
    const other = to === this.host ? from : to;
    let layers = table.get(other);
    if (layers === undefined) table.set(other, (layers = new Layers<MessageFault>()));
    return layers.add({ loss: d.loss ?? 0, duplicate: d.duplicate ?? 0, stream: stream ?? this.stream() });
  }

  private lost(layers: Layers<MessageFault> | undefined): boolean {
    if (layers === undefined || layers.size === 0) return false;
    for (const l of layers.list) {
      if (l.loss > 0 && l.stream.next() < l.loss) {
        this.lostByFault++;
        return true;
      }
    }
    return false;
  }

  private doubled(layers: Layers<MessageFault> | undefined): boolean {
    if (layers === undefined || layers.size === 0) return false;
    for (const l of layers.list) {
      if (l.duplicate > 0 && l.stream.next() < l.duplicate) {
        this.duplicatedByFault++;
        return true;
      }
    }
    return false;
  }

  private work(): number {
    let ns = this.routeCost();
    const slow = this.slowdowns.list;
    for (let i = 0; i < slow.length; i++) ns += Math.max(0, Math.round(slow[i]!.sampler(slow[i]!.stream)));
    return ns;
  }

  private transit(from: Host, msg: Deliverable, arrive: () => void): void {
    this.published++;
    const d = this.net.streamDelay(from, this.host, msg.bytes);
    if (d < 0) {
      this.lostInTransit++;
      return;
    }
    const faults = this.inbound.get(from);
    if (this.lost(faults)) return;
    const copies = this.doubled(faults) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.net.sim.schedule(d + this.work(), () => {
        if (this.group.down) {
          this.lostInTransit++;
          return;
        }
        arrive();
      });
    }
  }

  private heal(): void {
    if (this.group.down) return;
    if (this.blocked.length > 0) {
      const still: Blocked[] = [];
      const go: Blocked[] = [];
      for (const b of this.blocked) (this.reachableFrom(b.from) ? go : still).push(b);
      this.blocked = still;
      const causal = this.net.sim.causality;
      for (const b of go) {
        if (causal === null) b.resume();
        else causal.resumeFrom(b.at, b.resume);
      }
    }
    for (const q of this.queues.values()) q.pump();
    for (const q of this.replyQueues.values()) q.pump();
  }
}
