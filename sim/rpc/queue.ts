// A broker queue with competing consumers. Each consumer has credit (free executor slots, like
// a prefetch window); a message goes to the next consumer in round-robin order that has credit
// and can be reached, and waits in the queue otherwise. A message that reaches a consumer which
// died meanwhile was never acknowledged, so it goes back to the head of the queue.
import { Fifo } from "./fifo.ts";
import type { Sampler } from "../kernel/index.ts";
import type { Host, Network, ProcessGroup } from "../net/index.ts";
import type { Deliverable } from "./types.ts";

export interface Consumer<M extends Deliverable> {
  readonly host: Host;
  readonly group: ProcessGroup;
  /** Messages this consumer may still take; Infinity for reply consumers. */
  credit: number;
  /** Runs at the consumer's host when the message arrives; `queuedNs` is how long it waited in the queue. */
  deliver(msg: M, from: BrokerQueue<M>, queuedNs: number): void;
}

export class BrokerQueue<M extends Deliverable> {
  readonly name: string;
  private readonly net: Network;
  private readonly brokerHost: Host;
  private readonly brokerGroup: ProcessGroup;
  private readonly messages = new Fifo<M>();
  /** When each waiting message was enqueued (parallel to `messages`). */
  private readonly since = new Fifo<number>();
  private readonly consumers: Consumer<M>[] = [];
  private rr = 0;
  /** Fault layers: drop or duplicate a delivery with this probability, delay it by a draw. */
  dropRate = 0;
  duplicateRate = 0;
  extraDelay: Sampler | null = null;
  faultStream: { next(): number } | null = null;
  /** Counters. */
  enqueued = 0;
  dropped = 0;
  duplicated = 0;
  maxDepth = 0;

  constructor(name: string, net: Network, brokerHost: Host, brokerGroup: ProcessGroup) {
    this.name = name;
    this.net = net;
    this.brokerHost = brokerHost;
    this.brokerGroup = brokerGroup;
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
    const fs = this.faultStream;
    if (fs !== null) {
      if (this.dropRate > 0 && fs.next() < this.dropRate) {
        this.dropped++;
        return;
      }
      if (this.duplicateRate > 0 && fs.next() < this.duplicateRate) {
        this.duplicated++;
        this.messages.push(msg);
        this.since.push(this.net.sim.now);
      }
    }
    this.messages.push(msg);
    this.since.push(this.net.sim.now);
    if (this.messages.length > this.maxDepth) this.maxDepth = this.messages.length;
    this.pump();
  }

  /** An unacknowledged message comes back (its consumer vanished before taking it), keeping its place and age. */
  requeue(msg: M, since = this.net.sim.now): void {
    this.messages.unshift(msg);
    this.since.unshift(since);
    this.pump();
  }

  /** Non-durable queues lose their messages when the broker dies. */
  purge(): void {
    this.messages.clear();
    this.since.clear();
  }

  /** Hands waiting messages to consumers with credit. */
  pump(): void {
    if (this.brokerGroup.down || this.brokerGroup.frozen) return;
    while (this.messages.length > 0) {
      const c = this.nextConsumer();
      if (c === null) return;
      this.send(c, this.messages.shift()!, this.since.shift()!);
    }
  }

  private nextConsumer(): Consumer<M> | null {
    const n = this.consumers.length;
    for (let k = 0; k < n; k++) {
      const c = this.consumers[(this.rr + k) % n]!;
      if (c.credit > 0 && !c.group.down && this.net.reachable(this.brokerHost, c.host)) {
        this.rr = (this.rr + k + 1) % n;
        return c;
      }
    }
    return null;
  }

  private send(c: Consumer<M>, msg: M, since: number): void {
    c.credit--;
    let d = this.net.streamDelay(this.brokerHost, c.host, msg.bytes);
    if (d < 0) {
      // Gave up retransmitting: the connection drops and the message stays unacknowledged.
      c.credit++;
      this.messages.unshift(msg);
      this.since.unshift(since);
      return;
    }
    const queued = this.net.sim.now - since;
    if (this.extraDelay !== null && this.faultStream !== null) d += Math.max(0, Math.round(this.extraDelay(this.faultStream)));
    const sim = this.net.sim;
    sim.schedule(d, () => {
      if (c.group.down) {
        this.requeue(msg, since);
        return;
      }
      c.deliver(msg, this, queued);
    });
  }
}
