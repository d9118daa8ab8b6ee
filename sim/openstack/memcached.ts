// memcached: a key → expiry map on its own instance, reached over the network. A crash empties
// it; a refused connection or a socket timeout (memcache_pool_socket_timeout, 3 s) reads as a
// miss, which is what keystonemiddleware does when its cache is down.
import { S } from "../kernel/index.ts";
import type { Operation } from "./operation.ts";
import type { ServiceInstance } from "./instance.ts";
import type { Parent } from "./tracing.ts";
import type { Step } from "./calls.ts";

const SOCKET_TIMEOUT_NS = 3 * S;
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

  *get(client: ServiceInstance, parent: Parent, key: string): Generator<any, CacheStep, any> {
    const span = client.startSpan("cache.get", parent, "client", this.inst.asPeer);
    const wait = this.exchange(client, this.getOp, 64 + key.length, 300);
    yield this.pause(wait);
    const ok = wait >= 0;
    const exp = ok ? this.data.get(key) : undefined;
    const hit = exp !== undefined && exp > this.inst.sim.now;
    if (ok) {
      if (hit) this.hits++;
      else this.misses++;
    }
    if (span !== null) span.setAttribute("cache.hit", hit);
    const ctx = client.finish(span, parent, !ok, ok ? undefined : "memcached unavailable");
    return { ok, hit, ctx };
  }

  *set(client: ServiceInstance, parent: Parent, key: string, ttlNs: number): Generator<any, Step, any> {
    const span = client.startSpan("cache.set", parent, "client", this.inst.asPeer);
    const wait = this.exchange(client, this.setOp, 364 + key.length, 20);
    yield this.pause(wait);
    const ok = wait >= 0;
    if (ok) this.data.set(key, this.inst.sim.now + ttlNs);
    const ctx = client.finish(span, parent, !ok, ok ? undefined : "memcached unavailable");
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
    return there + op.cost(server) + back + client.drain();
  }
}
