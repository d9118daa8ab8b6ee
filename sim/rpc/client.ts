// The caller's side of oslo.messaging RPC. One reply queue per client (per process, as oslo
// keeps one per transport). `call` blocks for the reply or MessagingTimeout (60 s default;
// with a monitor, heartbeats must keep arriving); `cast` returns once the message is published,
// blocking while the broker is unreachable; late replies are discarded.
import type { SimEvent, Simulation } from "../kernel/index.ts";
import { S } from "../kernel/index.ts";
import { DeadlineEntry, deadlines, headerBytes } from "../net/index.ts";
import type { Headers, Host, ProcessGroup } from "../net/index.ts";
import type { Broker } from "./broker.ts";
import type { BrokerQueue, Consumer } from "./queue.ts";
import { ENVELOPE_BYTES, InvalidTarget, MessagingTimeout, RemoteError } from "./types.ts";
import type { RpcMessage, RpcReply, RpcResult, Target } from "./types.ts";

export interface CallOptions {
  /** rpc_response_timeout (default 60 s), or long_rpc_timeout for the long calls. */
  readonly timeoutNs?: number;
  /** call_monitor_timeout: fail once no heartbeat came for this long (0: no monitor). */
  readonly monitorNs?: number;
  /** Bytes of arguments beyond the envelope and the context. */
  readonly argsBytes?: number;
}

export const DEFAULT_CALL_TIMEOUT_NS = 60 * S;

class PendingCall extends DeadlineEntry {
  readonly client: RpcClient;
  readonly ev: SimEvent<RpcResult>;
  readonly msgId: number;
  readonly method: string;
  readonly timeoutNs: number;
  lastHeard: number;
  done = false;
  constructor(client: RpcClient, ev: SimEvent<RpcResult>, msgId: number, method: string, timeoutNs: number, now: number) {
    super();
    this.client = client;
    this.ev = ev;
    this.msgId = msgId;
    this.method = method;
    this.timeoutNs = timeoutNs;
    this.lastHeard = now;
  }
  expire(): void {
    this.client.timedOut(this);
  }
}

export class RpcClient implements Consumer<RpcReply> {
  readonly broker: Broker;
  readonly host: Host;
  readonly group: ProcessGroup;
  readonly replyQueueName: string;
  credit = Infinity;
  private readonly sim: Simulation;
  private readonly pending = new Map<number, PendingCall>();
  private nextMsgId = 1;
  private readonly replyQueue: BrokerQueue<RpcReply>;
  /** Counters. */
  calls = 0;
  casts = 0;
  timeouts = 0;
  lateReplies = 0;

  constructor(broker: Broker, host: Host, group: ProcessGroup, replyQueueName: string) {
    this.broker = broker;
    this.sim = broker.net.sim;
    this.host = host;
    this.group = group;
    this.replyQueueName = replyQueueName;
    this.replyQueue = broker.replyQueue(replyQueueName);
    this.replyQueue.subscribe(this);
    group.onChange((e) => {
      // A restarted process has a fresh reply queue: whatever the old one waited for is gone.
      if (e === "crash") this.pending.clear();
    });
  }

  /** Blocks for the reply. Yield* it from a process of this client's group. */
  *call(target: Target, method: string, args: unknown, context: Headers, options: CallOptions = {}): Generator<any, RpcResult, any> {
    if (target.fanout === true) {
      return { ok: false, error: new InvalidTarget(`call() to a fanout target ${target.topic}`), context: {} };
    }
    this.calls++;
    const sim = this.sim;
    const msgId = this.nextMsgId++;
    const timeoutNs = options.timeoutNs ?? DEFAULT_CALL_TIMEOUT_NS;
    const pc = new PendingCall(this, sim.event<RpcResult>(), msgId, method, timeoutNs, sim.now);
    this.pending.set(msgId, pc);
    const monitorNs = options.monitorNs ?? 0;
    const msg: RpcMessage = {
      uniqueId: this.broker.uniqueId(),
      method,
      args,
      context,
      from: this.host,
      replyTo: { queue: this.replyQueueName, msgId },
      monitorNs,
      bytes: ENVELOPE_BYTES + headerBytes(context) + (options.argsBytes ?? 0),
    };
    const key = routingKey(target);
    deadlines(sim).arm(pc, timeoutNs);
    if (monitorNs > 0) this.monitor(pc, monitorNs, method);
    if (!this.broker.publish(this.host, key, msg)) {
      // Blocked: retry whenever the broker may be reachable again, until the call gives up.
      const attempt = (): void => {
        if (pc.done) return;
        if (!this.broker.publish(this.host, key, msg)) this.broker.whenReachable(this.host, attempt);
      };
      this.broker.whenReachable(this.host, attempt);
    }
    return yield pc.ev;
  }

  /** Returns once published; blocks while the broker is unreachable. */
  *cast(target: Target, method: string, args: unknown, context: Headers, argsBytes = 0): Generator<any, void, any> {
    this.casts++;
    const msg: RpcMessage = {
      uniqueId: this.broker.uniqueId(),
      method,
      args,
      context,
      from: this.host,
      replyTo: null,
      monitorNs: 0,
      bytes: ENVELOPE_BYTES + headerBytes(context) + argsBytes,
    };
    for (;;) {
      const sent = target.fanout === true
        ? this.broker.publishFanout(this.host, target.topic, msg)
        : this.broker.publish(this.host, routingKey(target), msg);
      if (sent) return;
      const ev = this.sim.event();
      this.broker.whenReachable(this.host, () => {
        if (!ev.triggered) ev.succeed();
      });
      yield ev;
    }
  }

  /** Calls still waiting for a reply. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** @internal A reply (or heartbeat) arrived at this client's host. */
  deliver(reply: RpcReply): void {
    const pc = this.pending.get(reply.msgId);
    if (pc === undefined) {
      if (!reply.heartbeat) this.lateReplies++;
      return;
    }
    pc.lastHeard = this.sim.now;
    if (reply.heartbeat) return;
    this.finish(
      pc,
      reply.ok
        ? { ok: true, value: reply.value, context: reply.context }
        : { ok: false, error: new RemoteError(reply.error ?? "remote error"), context: reply.context },
    );
  }

  /** @internal The call's deadline passed without a reply. */
  timedOut(pc: PendingCall): void {
    if (!pc.done) this.finish(pc, timeoutResult(`Timed out waiting for a reply to message ID ${pc.msgId} (${pc.method}) after ${pc.timeoutNs / S} s`));
  }

  private finish(pc: PendingCall, result: RpcResult): void {
    if (pc.done) return;
    pc.done = true;
    pc.disarm();
    this.pending.delete(pc.msgId);
    if (!result.ok && result.error instanceof MessagingTimeout) this.timeouts++;
    pc.ev.succeed(result);
  }

  private monitor(pc: PendingCall, monitorNs: number, method: string): void {
    const check = (): void => {
      if (pc.done) return;
      const silent = this.sim.now - pc.lastHeard;
      if (silent >= monitorNs) {
        this.finish(pc, timeoutResult(`Timed out waiting for a reply to message ID ${pc.msgId} (${method}): no heartbeat for ${monitorNs / S} s`));
        return;
      }
      this.sim.schedule(monitorNs - silent, check, true);
    };
    this.sim.schedule(monitorNs, check, true);
  }
}

function routingKey(t: Target): string {
  return t.server === undefined ? t.topic : `${t.topic}.${t.server}`;
}

function timeoutResult(message: string): RpcResult {
  return { ok: false, error: new MessagingTimeout(message), context: {} };
}
