// The message broker (RabbitMQ as oslo.messaging uses it): a topic exchange whose routing keys
// name queues one to one (`topic`, `topic.server`), fanout exchanges (`<topic>_fanout`) bound
// to one queue per server, and reply queues (`reply_<uuid>`) reached through the direct
// exchange. Publishers that cannot reach the broker block until they can (oslo's retry=None).
import type { Host, Network, ProcessGroup } from "../net/index.ts";
import { BrokerQueue } from "./queue.ts";
import type { Deliverable, RpcMessage, RpcReply } from "./types.ts";

interface Blocked {
  readonly from: Host;
  readonly resume: () => void;
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
  /** The broker's own work per message routed (ns), set by whoever models its CPU; 0 by default. */
  routeCost: () => number = () => 0;

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
      q = new BrokerQueue<RpcMessage>(name, this.net, this.host, this.group);
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
      q = new BrokerQueue<RpcReply>(name, this.net, this.host, this.group);
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
    this.blocked.push({ from, resume });
  }

  get blockedCount(): number {
    return this.blocked.length;
  }

  private transit(from: Host, msg: Deliverable, arrive: () => void): void {
    this.published++;
    const d = this.net.streamDelay(from, this.host, msg.bytes);
    if (d < 0) {
      this.lostInTransit++;
      return;
    }
    this.net.sim.schedule(d + this.routeCost(), () => {
      if (this.group.down) {
        this.lostInTransit++;
        return;
      }
      arrive();
    });
  }

  private heal(): void {
    if (this.group.down) return;
    if (this.blocked.length > 0) {
      const still: Blocked[] = [];
      const go: Blocked[] = [];
      for (const b of this.blocked) (this.reachableFrom(b.from) ? go : still).push(b);
      this.blocked = still;
      for (const b of go) b.resume();
    }
    for (const q of this.queues.values()) q.pump();
    for (const q of this.replyQueues.values()) q.pump();
  }
}
