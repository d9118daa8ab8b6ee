// memcached: a key → expiry map on its own instance, reached over the network. A crash empties
// it; a refused connection, a socket timeout (memcache_pool_socket_timeout, 3 s) or an error
// reply reads as a miss: python-memcached's Client._get marks the server dead and returns None
// on any socket or protocol error (memcache.py), and keystonemiddleware's token cache treats
// None as "not cached" and validates the token with Keystone (auth_token/_cache.py
// TokenCache.get). The client span is in error either way.
import { S } from "../kernel/index.ts";
import type { Undo } from "../kernel/index.ts";
import type { Operation } from "./operation.ts";
import type { ServiceInstance } from "./instance.ts";
import type { Parent } from "./tracing.ts";
import { NON_RECORDING_SPAN } from "../../tracer/index.ts";
import type { Step } from "./calls.ts";
import { cacheAttributes } from "./semconv.ts";
import { enter, leave } from "./truth.ts";

const SOCKET_TIMEOUT_NS = 3 * S;
const UNAVAILABLE = "memcached unavailable";
/** python-memcached's dead_retry: after a failure the client skips the server this long. */
const DEAD_RETRY_NS = 30 * S;

export interface CacheStep extends Step {
  readonly hit: boolean;
}

export class Memcached {
  readonly inst: ServiceInstance;
  private readonly data = new Map<string, number>();
  private readonly getOp: Operation;
  private readonly setOp: Operation;
  /** Per client process: until when it considers this server dead. */
  private readonly deadUntil = new WeakMap<ServiceInstance, number>();
  hits = 0;
  misses = 0;
  errors = 0;
  /** Why the last exchange failed (read right after it, before any other exchange). */
  private failure = UNAVAILABLE;

  constructor(inst: ServiceInstance) {
    this.inst = inst;
    this.getOp = inst.op("get");
    this.setOp = inst.op("set");
    inst.group.onChange((e) => {
      if (e === "crash") this.data.clear();
    });
  }

  get size(): number {
    return this.data.size;
  }

  /** memcached goes away (its process is killed: every client's call fails) and comes back empty when the undo runs. */
  outage(): Undo {
    return this.inst.crash();
  }

  /** Drops expired keys once the map has doubled since the last sweep, so it stays bounded by live keys. */
  private sweepAt = 1024;

  private sweep(now: number): void {
    if (this.data.size < this.sweepAt) return;
    for (const [k, exp] of this.data) if (exp <= now) this.data.delete(k);
    this.sweepAt = Math.max(1024, this.data.size * 2);
  }

  *get(client: ServiceInstance, parent: Parent, key: string): Generator<any, CacheStep, any> {
    const span = client.traced ? client.startSpan("cache.get", parent, "client", cacheAttributes(this.inst.service, this.inst.host.name, "get")) : NON_RECORDING_SPAN;
    const wait = this.exchange(client, this.getOp, 64 + key.length, 300);
    const error = this.failure;
    const before = enter(client.sim, this.inst.service, this.getOp.key);
    yield this.pause(wait);
    leave(client.sim, before);
    const ok = wait >= 0;
    const exp = ok ? this.data.get(key) : undefined;
    const hit = exp !== undefined && exp > this.inst.sim.now;
    if (ok) {
      if (hit) this.hits++;
      else this.misses++;
    }
    span.setAttribute("cache.hit", hit);
    const ctx = client.finish(span, parent, !ok, ok ? undefined : error);
    return { ok, hit, ctx };
  }

  *set(client: ServiceInstance, parent: Parent, key: string, ttlNs: number): Generator<any, Step, any> {
    const span = client.traced ? client.startSpan("cache.set", parent, "client", cacheAttributes(this.inst.service, this.inst.host.name, "set")) : NON_RECORDING_SPAN;
    const wait = this.exchange(client, this.setOp, 364 + key.length, 20);
    const error = this.failure;
    const before = enter(client.sim, this.inst.service, this.setOp.key);
    yield this.pause(wait);
    leave(client.sim, before);
    const ok = wait >= 0;
    if (ok) {
      this.data.set(key, this.inst.sim.now + ttlNs);
      this.sweep(this.inst.sim.now);
    }
    const ctx = client.finish(span, parent, !ok, ok ? undefined : error);
    return { ok, ctx };
  }

  private pause(wait: number) {
    const ns = wait >= 0 ? wait : -wait - 1;
    const g = this.inst.group;
    return wait >= 0 && g.frozen ? g.delay(ns) : this.inst.sim.timeout(ns);
  }

  /**
   * The time one request/response takes (memcached is fast and multi-threaded: one delay covers
   * request, lookup and reply), or, for a failure, -(time until the client gives up) - 1.
   */
  private exchange(client: ServiceInstance, op: Operation, reqBytes: number, respBytes: number): number {
    const net = client.cloud.net;
    const server = this.inst;
    const now = server.sim.now;
    this.failure = UNAVAILABLE;
    const dead = this.deadUntil.get(client);
    if (dead !== undefined) {
      if (dead > now) {
        this.errors++;
        return -1;
      }
      this.deadUntil.delete(client);
    }
    const there = net.streamDelay(client.host, server.host, reqBytes);
    const back = there < 0 || server.host.down ? -1 : net.streamDelay(server.host, client.host, respBytes);
    if (back < 0) {
      this.errors++;
      this.deadUntil.set(client, now + SOCKET_TIMEOUT_NS + DEAD_RETRY_NS);
      return -SOCKET_TIMEOUT_NS - 1;
    }
    if (server.group.down) {
      this.errors++;
      this.deadUntil.set(client, now + there + back + DEAD_RETRY_NS);
      return -(there + back) - 1;
    }
    const work = op.cost(server);
    const injected = op.failure(server);
    if (injected !== null) {
      // An error reply: the client marks the server dead for dead_retry, like any error.
      this.errors++;
      this.failure = `memcached error: ${injected}`;
      this.deadUntil.set(client, now + there + work + back + DEAD_RETRY_NS);
      return -(there + work + back) - 1;
    }
    return there + work + back + client.drain();
  }
}
