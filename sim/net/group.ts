// A group of processes that live and die together: a host, or one service instance on a host.
// crash() interrupts every live process (os-faults "kill") and freeze() stops their progress
// (SIGSTOP), each returning the undo that restarts or thaws (SIGCONT) it; overlapping crashes
// or freezes nest, and the group comes back when the last one is undone. A child group is down
// or frozen whenever its parent is.
import { once } from "../kernel/index.ts";
import type { Process, SimEvent, Simulation, Undo } from "../kernel/index.ts";

/** The interrupt cause a crashed group's processes see at their current yield. */
export class Crash {
  readonly group: string;
  /** "host" when the whole machine went away (no TCP reset is sent), "process" otherwise. */
  readonly scope: "host" | "process";
  constructor(group: string, scope: "host" | "process") {
    this.group = group;
    this.scope = scope;
  }
  toString(): string {
    return `${this.scope} ${this.group} crashed`;
  }
}

export type GroupListener = (event: "crash" | "restart" | "freeze" | "thaw") => void;

interface Frozen {
  readonly ev: SimEvent<any>;
  readonly ns: number;
}

export class ProcessGroup {
  readonly sim: Simulation;
  readonly name: string;
  readonly parent: ProcessGroup | null;
  /** The group's processes in start order; ended ones are dropped now and then (see spawn). */
  private procs: Process<any>[] = [];
  private readonly children: ProcessGroup[] = [];
  private readonly listeners: GroupListener[] = [];
  private selfDown = false;
  private selfFrozen = false;
  /** Active crash and freeze faults: the group restarts or thaws when its count drops to 0. */
  private crashes = 0;
  private freezes = 0;
  private thawQueue: Frozen[] = [];
  private purgeAt = 64;
  /** Bumped on every crash, so late callbacks of a previous life can tell they are stale. */
  incarnation = 0;

  constructor(sim: Simulation, name: string, parent: ProcessGroup | null = null) {
    this.sim = sim;
    this.name = name;
    this.parent = parent;
    if (parent !== null) parent.children.push(this);
  }

  get down(): boolean {
    return this.selfDown || (this.parent !== null && this.parent.down);
  }

  get frozen(): boolean {
    return this.selfFrozen || (this.parent !== null && this.parent.frozen);
  }

  get up(): boolean {
    return !this.down;
  }

  get liveProcesses(): number {
    let n = 0;
    for (const p of this.procs) if (p.isAlive) n++;
    return n;
  }

  onChange(listener: GroupListener): void {
    this.listeners.push(listener);
  }

  /** Starts a process that belongs to this group (interrupted if the group crashes). */
  spawn<T>(body: Generator<any, T, any>, name?: string): Process<T> {
    const p = this.sim.process(body, name);
    // Ended processes are purged lazily, when the list has doubled since the last purge, so
    // membership costs O(1) amortised and no wrapper generator sits on every resume.
    // An array compacted in place rather than a Set: no hashing per process, same order.
    const procs = this.procs;
    procs.push(p);
    if (procs.length >= this.purgeAt) {
      let live = 0;
      for (let i = 0; i < procs.length; i++) {
        const q = procs[i]!;
        if (q.isAlive) procs[live++] = q;
      }
      procs.length = live;
      this.purgeAt = Math.max(64, live * 2);
    }
    return p;
  }

  /**
   * A pause of `ns` of this group's own work. While the group is frozen the work does not start
   * until it thaws (work already under way finishes its current step).
   */
  delay(ns: number): SimEvent<any> {
    if (!this.frozen) return this.sim.timeout(ns);
    const ev = this.sim.event();
    this.frozenRoot().thawQueue.push({ ev, ns });
    return ev;
  }

  /** Kills every process of the group (and its children); the undo restarts it once no other crash holds it down. */
  crash(scope: "host" | "process" = "process"): Undo {
    this.crashes++;
    if (this.crashes === 1) {
      this.incarnation++;
      this.selfDown = true;
      this.kill(new Crash(this.name, scope));
      this.emit("crash");
    }
    return once(() => {
      this.crashes--;
      if (this.crashes === 0) this.restart();
    });
  }

  /** Comes back up at once, whatever crashes are still active (an operator's restart). */
  restart(): void {
    this.crashes = 0;
    if (!this.selfDown) return;
    this.selfDown = false;
    // A restarted process starts unfrozen; freezes still active hold it again.
    this.selfFrozen = this.freezes > 0;
    this.emit("restart");
  }

  /** Stops the group's progress; the undo thaws it once no other freeze holds it. */
  freeze(): Undo {
    this.freezes++;
    if (!this.selfFrozen) {
      this.selfFrozen = true;
      this.emit("freeze");
    }
    return once(() => {
      this.freezes--;
      if (this.freezes === 0) this.thaw();
    });
  }

  /** Resumes the group at once, whatever freezes are still active. */
  thaw(): void {
    this.freezes = 0;
    if (!this.selfFrozen) return;
    this.selfFrozen = false;
    this.release();
    this.emit("thaw");
  }

  private kill(cause: Crash): void {
    // Take the list first: the processes interrupted below end while it is walked.
    const victims = this.procs;
    this.procs = [];
    for (const p of victims) if (p.isAlive && this.sim.activeProcess !== p) p.interrupt(cause);
    this.thawQueue = [];
    for (const c of this.children) {
      c.incarnation++;
      c.kill(cause);
    }
  }

  // Frozen work waits in the queue of the group whose freeze holds it.
  private frozenRoot(): ProcessGroup {
    let g: ProcessGroup = this;
    while (!g.selfFrozen && g.parent !== null) g = g.parent;
    return g;
  }

  private release(): void {
    const queue = this.thawQueue;
    this.thawQueue = [];
    for (const f of queue) {
      if (f.ev.triggered) continue;
      // Still frozen through a parent or child freeze: park it there.
      if (this.frozen) this.frozenRoot().thawQueue.push(f);
      else this.sim.schedule(f.ns, () => f.ev.succeed());
    }
    for (const c of this.children) if (c.selfFrozen === false) c.release();
  }

  private emit(event: "crash" | "restart" | "freeze" | "thaw"): void {
    for (const l of this.listeners) l(event);
    for (const c of this.children) for (const l of c.listeners) l(event);
  }
}

