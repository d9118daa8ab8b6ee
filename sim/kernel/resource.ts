// Resource: a pool of `capacity` identical slots (worker pools, connection pools,
// max_concurrent_builds). Requests wait in FIFO order. Capacity is settable at any time, and
// `limit(n)` lowers it for as long as a fault lasts (overlapping limits: the lowest holds);
// lowering it never revokes granted slots.
import { Deque } from "./deque.ts";
import type { Doubles } from "./doubles.ts";
import { Layers } from "./layers.ts";
import type { Undo } from "./layers.ts";
import { KernelError } from "./errors.ts";
import { K_REQUEST, PENDING, SimEvent } from "./event.ts";
import type { Withdrawable } from "./event.ts";
import type { Simulation } from "./simulation.ts";

/** A request for one slot; yield it to wait, then pass it to release(). Its value is itself. */
export class Request extends SimEvent<Request> {
  readonly resource: Resource;
  readonly requestedAt: number;
  /** @internal Granted and not yet given back. */
  _held = false;
  constructor(sim: Simulation, resource: Resource) {
    super(sim, K_REQUEST);
    this.resource = resource;
    this.requestedAt = sim.now;
  }
}

// A resource's changing numbers, in the simulation's Doubles from `at`: the time of the last
// change, the time-weighted areas, and the waits.
const LAST_CHANGE = 0;
const QUEUE_AREA = 1;
const BUSY_AREA = 2;
const CAPACITY_AREA = 3;
const TOTAL_WAIT = 4;
const MAX_WAIT = 5;
const BOOKS = 6;

export interface ResourceStats {
  readonly capacity: number;
  readonly inUse: number;
  readonly queueLength: number;
  readonly requests: number;
  readonly grants: number;
  readonly withdrawn: number;
  /** Wait from request to grant, over granted requests (ns). */
  readonly meanWait: number;
  readonly maxWait: number;
  readonly totalWait: number;
  /** Time-weighted averages since the resource was created. */
  readonly meanQueueLength: number;
  readonly maxQueueLength: number;
  readonly meanInUse: number;
  /** Busy slot-time over offered slot-time (0 when capacity is unbounded or no time passed). */
  readonly utilisation: number;
  readonly observedNs: number;
}

export class Resource implements Withdrawable {
  readonly sim: Simulation;
  readonly name: string;
  /** The configured capacity; `cap` is what is in force (lowered by active limits). */
  private base: number;
  private cap: number;
  private readonly limits = new Layers<number>(() => this.applyLimits());
  /** Granted requests not yet given back (each marked `_held`). */
  private held = 0;
  private readonly waiting = new Deque<Request>();
  private readonly createdAt: number;
  private maxQueue = 0;
  private requests = 0;
  private grants = 0;
  private withdrawn = 0;
  /** The books (see BOOKS): the simulation's Doubles, from `at`. */
  private readonly books: Doubles;
  private readonly at: number;

  constructor(sim: Simulation, options: { capacity: number; name?: string }) {
    this.sim = sim;
    this.name = options.name ?? "resource";
    this.base = checkCapacity(this.name, options.capacity);
    this.cap = this.base;
    this.createdAt = sim.now;
    this.books = sim._doubles;
    this.at = this.books.alloc(BOOKS);
    this.books.values[this.at + LAST_CHANGE] = sim.now;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Sets the configured capacity (active limits still apply on top of it). */
  set capacity(value: number) {
    this.base = checkCapacity(this.name, value);
    this.applyLimits();
  }

  /** The configured capacity, whatever limits are in force. */
  get configuredCapacity(): number {
    return this.base;
  }

  /**
   * Lowers the capacity to at most `n` until the returned undo runs (a pool-size
   * misconfiguration). Requests beyond it wait in FIFO order; granted slots are kept.
   */
  limit(n: number): Undo {
    checkCapacity(this.name, n);
    return this.limits.add(n);
  }

  private applyLimits(): void {
    let cap = this.base;
    for (const n of this.limits.list) if (n < cap) cap = n;
    this.accumulate();
    this.cap = cap;
    this.grantWaiting();
  }

  get inUse(): number {
    return this.held;
  }

  get queueLength(): number {
    return this.waiting.length;
  }

  request(): Request {
    const req = new Request(this.sim, this);
    this.requests++;
    this.accumulate();
    if (this.waiting.length === 0 && this.held < this.cap) this.grant(req);
    else {
      req._queue = this;
      this.waiting.push(req);
      if (this.waiting.length > this.maxQueue) this.maxQueue = this.waiting.length;
    }
    return req;
  }

  /** Gives a granted slot back, or withdraws a request that is still waiting. */
  release(req: Request): void {
    if (!(req instanceof Request) || req.resource !== this) {
      throw new KernelError(`release() on resource ${JSON.stringify(this.name)} got a request that does not belong to it`);
    }
    this.accumulate();
    if (req._held) {
      req._held = false;
      this.held--;
      req._queue = null;
      this.grantWaiting();
      return;
    }
    const i = this.waiting.indexOf(req);
    if (i >= 0) {
      this.waiting.removeAt(i);
      req._queue = null;
      this.withdrawn++;
      if (req._state === PENDING) req._markWithdrawn(new KernelError(`request to ${JSON.stringify(this.name)} was released before it was granted`));
      return;
    }
    throw new KernelError(`release() on resource ${JSON.stringify(this.name)}: this request was already released or withdrawn`);
  }

  /** @internal The waiting process was interrupted: take the request back (or its slot). */
  _withdraw(req: SimEvent<any>): void {
    this.accumulate();
    const r = req as Request;
    if (r._held) {
      r._held = false;
      this.held--;
      // Granted but not yet seen by the process: give the slot back.
      this.grantWaiting();
      return;
    }
    const i = this.waiting.indexOf(r);
    if (i >= 0) {
      this.waiting.removeAt(i);
      this.withdrawn++;
      r._markWithdrawn(new KernelError(`request to ${JSON.stringify(this.name)} was withdrawn because its process was interrupted`));
    }
  }

  get stats(): ResourceStats {
    this.accumulate();
    const observed = this.sim.now - this.createdAt;
    const v = this.books.values;
    const i = this.at;
    const totalWait = v[i + TOTAL_WAIT]!;
    const busyArea = v[i + BUSY_AREA]!;
    const capacityArea = v[i + CAPACITY_AREA]!;
    return {
      capacity: this.cap,
      inUse: this.held,
      queueLength: this.waiting.length,
      requests: this.requests,
      grants: this.grants,
      withdrawn: this.withdrawn,
      meanWait: this.grants === 0 ? 0 : totalWait / this.grants,
      maxWait: v[i + MAX_WAIT]!,
      totalWait,
      meanQueueLength: observed === 0 ? 0 : v[i + QUEUE_AREA]! / observed,
      maxQueueLength: this.maxQueue,
      meanInUse: observed === 0 ? 0 : busyArea / observed,
      utilisation: capacityArea === 0 || !Number.isFinite(capacityArea) ? 0 : busyArea / capacityArea,
      observedNs: observed,
    };
  }

  private grant(req: Request): void {
    req._held = true;
    this.held++;
    this.grants++;
    const wait = this.sim.now - req.requestedAt;
    const v = this.books.values;
    const i = this.at;
    v[i + TOTAL_WAIT] += wait;
    if (wait > v[i + MAX_WAIT]!) v[i + MAX_WAIT] = wait;
    // Keep the owner link: if the process is interrupted before it sees the grant, the slot returns.
    req._queue = this;
    req.succeed(req);
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.held < this.cap) this.grant(this.waiting.shift()!);
  }

  // Time-weighted areas are integrated up to now before every change of state.
  private accumulate(): void {
    const now = this.sim.now;
    const v = this.books.values;
    const i = this.at;
    const dt = now - v[i + LAST_CHANGE]!;
    if (dt > 0) {
      v[i + QUEUE_AREA] += this.waiting.length * dt;
      v[i + BUSY_AREA] += this.held * dt;
      v[i + CAPACITY_AREA] += this.cap * dt;
      v[i + LAST_CHANGE] = now;
    }
  }
}

function checkCapacity(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0) || (Number.isFinite(value) && Math.floor(value) !== value)) {
    throw new KernelError(`resource ${JSON.stringify(name)}: capacity must be a non-negative integer or Infinity, got ${String(value)}`);
  }
  return value;
}
