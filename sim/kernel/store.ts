// Store: a FIFO mailbox of items (SimPy's Store), bounded or not. put() waits while the store is
// full, get() waits while it is empty; both are served in FIFO order. Capacity 0 is a rendezvous.
import { Deque } from "./deque.ts";
import { KernelError } from "./errors.ts";
import { K_GET, K_PUT, PENDING, SimEvent } from "./event.ts";
import type { Withdrawable } from "./event.ts";
import type { Simulation } from "./simulation.ts";

export class Store<T> implements Withdrawable {
  readonly sim: Simulation;
  readonly name: string;
  readonly capacity: number;
  private readonly buffer = new Deque<T>();
  private readonly getters = new Deque<SimEvent<T>>();
  private readonly putters = new Deque<SimEvent<void>>();
  private readonly putItems = new Deque<T>();

  constructor(sim: Simulation, options: { capacity?: number; name?: string } = {}) {
    this.sim = sim;
    this.name = options.name ?? "store";
    const cap = options.capacity ?? Infinity;
    if (typeof cap !== "number" || !(cap >= 0) || (Number.isFinite(cap) && Math.floor(cap) !== cap)) {
      throw new KernelError(`store ${JSON.stringify(this.name)}: capacity must be a non-negative integer or Infinity, got ${String(cap)}`);
    }
    this.capacity = cap;
  }

  /** Items currently held, oldest first (a copy). */
  get items(): T[] {
    return this.buffer.toArray();
  }

  get size(): number {
    return this.buffer.length;
  }

  /** Processes blocked in get() / put(). */
  get waitingGets(): number {
    return this.getters.length;
  }

  get waitingPuts(): number {
    return this.putters.length;
  }

  put(item: T): SimEvent<void> {
    const sim = this.sim;
    const ev = new SimEvent<void>(sim, K_PUT);
    if (this.getters.length > 0) {
      // A waiting getter implies an empty buffer: hand the item over directly.
      const getter = this.getters.shift()!;
      getter._value = item;
      sim._trigger(getter);
      sim._trigger(ev);
    } else if (this.buffer.length < this.capacity) {
      this.buffer.push(item);
      sim._trigger(ev);
    } else {
      ev._queue = this;
      this.putters.push(ev);
      this.putItems.push(item);
    }
    return ev;
  }

  get(): SimEvent<T> {
    const sim = this.sim;
    const ev = new SimEvent<T>(sim, K_GET);
    if (this.buffer.length > 0) {
      ev._value = this.buffer.shift();
      ev._queue = this; // so an interrupt before the getter sees the item returns it
      sim._trigger(ev);
      if (this.putters.length > 0) this.admitPutter(true);
    } else if (this.putters.length > 0) {
      // Rendezvous (capacity 0): take the item straight from the oldest putter.
      ev._value = this.admitPutter(false);
      ev._queue = this;
      sim._trigger(ev);
    } else {
      ev._queue = this;
      this.getters.push(ev);
    }
    return ev;
  }

  private admitPutter(intoBuffer: boolean): T {
    const putter = this.putters.shift()!;
    const item = this.putItems.shift() as T;
    putter._queue = null;
    if (intoBuffer) this.buffer.push(item);
    this.sim._trigger(putter);
    return item;
  }

  /** @internal A waiting process was interrupted: take back its queued get or put. */
  _withdraw(ev: SimEvent<any>): void {
    if (ev._kind === K_GET) {
      const i = this.getters.indexOf(ev);
      if (i >= 0) {
        this.getters.removeAt(i);
        ev._markWithdrawn(new KernelError(`get from store ${JSON.stringify(this.name)} was withdrawn because its process was interrupted`));
      } else if (ev._state !== PENDING) {
        // Served but not yet seen: the item goes back to the head of the line.
        const item = ev._value as T;
        if (this.getters.length > 0) {
          const getter = this.getters.shift()!;
          getter._value = item;
          this.sim._trigger(getter);
        } else this.buffer.unshift(item);
      }
    } else {
      const i = this.putters.indexOf(ev);
      if (i >= 0) {
        this.putters.removeAt(i);
        this.putItems.removeAt(i);
        ev._markWithdrawn(new KernelError(`put to store ${JSON.stringify(this.name)} was withdrawn because its process was interrupted`));
      }
    }
  }
}
