// The server's side: consumes `topic`, `topic.<server>` and `<topic>_fanout`, with an executor
// of `executorSize` slots shared across them. Messages are acknowledged on arrival, BEFORE the
// handler runs (oslo's at-most-once): a crash during handling loses a cast and turns a call
// into the caller's timeout. A small cache of recent message ids drops redelivered duplicates.
import { Interrupt, Layers } from "../kernel/index.ts";
import type { Undo } from "../kernel/index.ts";
import type { Headers, Host, ProcessGroup } from "../net/index.ts";
import { headerBytes } from "../net/index.ts";
import type { Broker } from "./broker.ts";
import type { BrokerQueue, Consumer } from "./queue.ts";
import { ENVELOPE_BYTES } from "./types.ts";
import type { RpcMessage, RpcReply } from "./types.ts";

/** What a handler returns: a value or an error string, and the context to send back. */
export interface HandlerResult {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
  readonly context?: Headers;
  readonly bytes?: number;
}

/**
 * `queuedNs`: how long the message waited in its queue for a free executor slot (not while no
 * server could be reached or the broker was down); `queue`: the queue it was consumed from.
 */
export type RpcHandler = (msg: RpcMessage, queuedNs: number, queue: string) => Generator<any, HandlerResult, any>;

/** oslo's DUP_MSG_CHECK_SIZE. */
const DUP_CHECK_SIZE = 16;
const REPLY_BYTES = 300;
const EMPTY: Headers = Object.freeze({}) as Headers;

export interface RpcServerOptions {
  readonly topic: string;
  /** The server name (`prepare(server=...)` targets `topic.server`). */
  readonly server: string;
  /** executor_thread_pool_size (oslo default 64). */
  readonly executorSize: number;
  readonly handler: RpcHandler;
}

export class RpcServer implements Consumer<RpcMessage> {
  readonly broker: Broker;
  readonly host: Host;
  readonly group: ProcessGroup;
  readonly topic: string;
  readonly server: string;
  credit: number;
  /** The configured executor size; `capacity` is what is in force (lowered by active limits). */
  private base: number;
  private capacity: number;
  private readonly limits = new Layers<number>(() => this.applyLimits());
  private readonly handler: RpcHandler;
  private readonly queues: BrokerQueue<RpcMessage>[];
  private readonly seen: number[] = [];
  private seenAt = 0;
  /** Counters. */
  handled = 0;
  duplicatesDropped = 0;
  lostInCrash = 0;
  private running = 0;

  constructor(broker: Broker, host: Host, group: ProcessGroup, options: RpcServerOptions) {
    this.broker = broker;
    this.host = host;
    this.group = group;
    this.topic = options.topic;
    this.server = options.server;
    this.base = options.executorSize;
    this.capacity = options.executorSize;
    this.credit = options.executorSize;
    this.handler = options.handler;
    this.queues = [
      broker.queue(options.topic),
      broker.queue(`${options.topic}.${options.server}`),
      broker.fanoutQueue(options.topic, options.server),
    ];
    for (const q of this.queues) q.subscribe(this);
    group.onChange((e) => {
      if (e === "crash") {
        // Acknowledged messages being handled are gone with the process.
        this.lostInCrash += this.running;
        this.running = 0;
        this.credit = 0;
      } else if (e === "restart") {
        this.credit = this.capacity;
        this.seen.length = 0;
        this.pump();
      } else if (e === "thaw") this.pump();
    });
  }

  /** Resizes the executor (its configured size; active limits still apply). */
  setExecutorSize(n: number): void {
    this.base = n;
    this.applyLimits();
  }

  /**
   * Lowers the executor to at most `n` slots until the undo runs (an executor_thread_pool_size
   * misconfiguration): messages beyond it wait in their queues, marked as queueing.
   */
  limit(n: number): Undo {
    return this.limits.add(n);
  }

  private applyLimits(): void {
    let n = this.base;
    for (const l of this.limits.list) if (l < n) n = l;
    // Slots in use stay in use; credit goes negative until enough handlers finish.
    if (!this.group.down) this.credit += n - this.capacity;
    this.capacity = n;
    this.pump();
  }

  get executorSize(): number {
    return this.capacity;
  }

  /** The queues this server consumes: its topic (shared), `topic.server`, and its fanout queue. */
  get subscriptions(): readonly BrokerQueue<RpcMessage>[] {
    return this.queues;
  }

  /** @internal The message arrived at this server's host. */
  deliver(msg: RpcMessage, from?: BrokerQueue<RpcMessage>, queuedNs = 0): void {
    // Acknowledge first, then check for a duplicate, then dispatch.
    if (this.seen.includes(msg.uniqueId)) {
      this.duplicatesDropped++;
      this.credit++;
      return;
    }
    if (this.seen.length < DUP_CHECK_SIZE) this.seen.push(msg.uniqueId);
    else {
      this.seen[this.seenAt] = msg.uniqueId;
      this.seenAt = (this.seenAt + 1) % DUP_CHECK_SIZE;
    }
    this.running++;
    this.group.spawn(this.dispatch(msg, queuedNs, from?.name ?? this.topic), `${this.server}:${msg.method}`);
  }

  private *dispatch(msg: RpcMessage, queuedNs: number, queue: string): Generator<any, void, any> {
    const incarnation = this.group.incarnation;
    let beating = msg.replyTo !== null && msg.monitorNs > 0;
    if (beating) this.heartbeat(msg, () => beating && this.group.incarnation === incarnation);
    let result: HandlerResult;
    try {
      result = yield* this.handler(msg, queuedNs, queue);
    } catch (e) {
      if (e instanceof Interrupt) throw e;
      result = { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    } finally {
      beating = false;
    }
    if (this.group.incarnation !== incarnation) return;
    this.handled++;
    this.running--;
    if (msg.replyTo !== null) this.reply(msg.replyTo.queue, this.makeReply(msg.replyTo.msgId, false, result));
    this.credit++;
    this.pump();
  }

  private makeReply(msgId: number, heartbeat: boolean, r: HandlerResult | null): RpcReply {
    const context = r?.context ?? EMPTY;
    return {
      msgId,
      heartbeat,
      ok: r?.ok ?? true,
      value: r?.value,
      error: r?.error,
      context,
      bytes: ENVELOPE_BYTES + REPLY_BYTES + headerBytes(context) + (r?.bytes ?? 0),
    };
  }

  private reply(queue: string, reply: RpcReply): void {
    const send = (): void => {
      if (!this.broker.publishReply(this.host, queue, reply)) this.broker.whenReachable(this.host, send);
    };
    send();
  }

  // Heartbeats every half monitor period while the handler runs, so the caller's monitor sees
  // the server alive even under a long call.
  private heartbeat(msg: RpcMessage, alive: () => boolean): void {
    const sim = this.broker.net.sim;
    const period = Math.max(1, Math.floor(msg.monitorNs / 2));
    const beat = (): void => {
      if (!alive()) return;
      if (!this.group.frozen) this.broker.publishReply(this.host, msg.replyTo!.queue, this.makeReply(msg.replyTo!.msgId, true, null));
      sim.schedule(period, beat);
    };
    sim.schedule(period, beat);
  }

  private pump(): void {
    for (const q of this.queues) {
      if (this.credit <= 0) return;
      q.pump();
    }
  }
}
