// Timeouts that are almost always cancelled (an HTTP call, an RPC call) without a kernel event
// each. Entries with the same duration expire in the order they were added, so each duration
// keeps a doubly linked list and a single pending check at its head's deadline; a settled
// entry unlinks itself in O(1) and never reaches the event queue.
import type { CausalPoint, Simulation } from "../kernel/index.ts";

export abstract class DeadlineEntry {
  /** @internal */ _prev: DeadlineEntry | null = null;
  /** @internal */ _next: DeadlineEntry | null = null;
  /** @internal */ _deadline = 0;
  /** @internal */ _list: DeadlineList | null = null;
  /** @internal Where it was armed, when causality is observed: the expiry continues from there. */
  _armedAt: CausalPoint | null = null;

  /** Runs when the deadline passes while the entry is still armed. */
  abstract expire(): void;

  /** Disarms the timeout (idempotent). */
  disarm(): void {
    this._list?.remove(this);
  }
}

class DeadlineList {
  private head: DeadlineEntry | null = null;
  private tail: DeadlineEntry | null = null;
  private checking = false;
  private readonly sim: Simulation;
  private readonly duration: number;
  private readonly check = (): void => this.run();

  constructor(sim: Simulation, duration: number) {
    this.sim = sim;
    this.duration = duration;
  }

  add(e: DeadlineEntry): void {
    e._deadline = this.sim.now + this.duration;
    const causal = this.sim.causality;
    if (causal !== null) e._armedAt = causal.current;
    e._list = this;
    e._prev = this.tail;
    e._next = null;
    if (this.tail === null) this.head = e;
    else this.tail._next = e;
    this.tail = e;
    if (!this.checking) {
      this.checking = true;
      this.sim.schedule(this.duration, this.check);
    }
  }

  remove(e: DeadlineEntry): void {
    if (e._list !== this) return;
    if (e._prev === null) this.head = e._next;
    else e._prev._next = e._next;
    if (e._next === null) this.tail = e._prev;
    else e._next._prev = e._prev;
    e._prev = e._next = null;
    e._list = null;
    e._armedAt = null;
  }

  private run(): void {
    this.checking = false;
    const now = this.sim.now;
    for (let e = this.head; e !== null && e._deadline <= now; e = this.head) {
      const armedAt = e._armedAt;
      this.remove(e);
      // One check serves every entry of the list: each expiry is its own arming's timeout.
      const causal = this.sim.causality;
      if (causal === null) e.expire();
      else causal.resumeFrom(armedAt, () => e.expire());
    }
    if (this.head !== null && !this.checking) {
      this.checking = true;
      this.sim.schedule(this.head._deadline - now, this.check);
    }
  }
}

/** One list per distinct duration. */
export class Deadlines {
  private readonly sim: Simulation;
  private readonly lists = new Map<number, DeadlineList>();

  constructor(sim: Simulation) {
    this.sim = sim;
  }

  arm(e: DeadlineEntry, durationNs: number): void {
    let l = this.lists.get(durationNs);
    if (l === undefined) {
      l = new DeadlineList(this.sim, durationNs);
      this.lists.set(durationNs, l);
    }
    l.add(e);
  }
}

const perSim = new WeakMap<Simulation, Deadlines>();

/** The simulation's shared deadline lists. */
export function deadlines(sim: Simulation): Deadlines {
  let d = perSim.get(sim);
  if (d === undefined) {
    d = new Deadlines(sim);
    perSim.set(sim, d);
  }
  return d;
}
