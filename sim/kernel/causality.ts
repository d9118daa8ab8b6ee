// The kernel as an oracle of causality: an optional observer that records, for every step a
// process or callback takes, what it waited on. A point is one moment of one execution context
// (a process resuming, a callback running, a mark the model makes); its `prev` is the context
// whose action ended the wait (the last to arrive: the timer the process set itself, the process
// that triggered the event, the child of an all() that ended last, the sender of a callback),
// `prog` the same process's previous point when that was someone else. Walking `prev` back from
// the end of a request gives its true critical path; `prev`, `prog` and `also` together give
// happens-before.
//
// Points belong to a scope (a request, opened by the model with beginScope). A wait that someone
// outside the scope ended (a pool slot another request released, a fault that healed, a timer
// list another request armed) is the waiter's own time: the path stays inside the request, the
// way a trace of that request can see it. Contexts outside any scope (scope 0: setup, background
// work, timers) keep no predecessors, so nothing is retained for them.
//
// The observer never schedules, draws or changes what runs: with it on or off, a run processes
// the same events (same event-log hash). Off (the default), the kernel pays one null check.
import type { SimEvent } from "./event.ts";
import { K_CALLBACK } from "./event.ts";
import type { Process } from "./process.ts";
import type { Simulation } from "./simulation.ts";

/** How the segment that ends at a point was spent. */
export const TRANSIT = 0; // a callback's delay: a message on its way (network, broker)
export const OWN = 1; // a timer the process set itself: its own work or sleep
export const CAUSED = 2; // an event another context of the same scope triggered
export const WAIT = 3; // waiting that something outside the scope ended, or a timer callback
export const MARK = 4; // a mark the model made (zero length)
export const BEGIN = 5; // the start of a scope

export const SEGMENT_KINDS: readonly string[] = ["transit", "own", "caused", "wait", "mark", "begin"];

export interface CausalPoint {
  /** Creation order: predecessors always have smaller ids. */
  readonly id: number;
  /** Virtual time, ns. */
  readonly t: number;
  /** How the segment (prev.t, t] was spent (TRANSIT, OWN, ...). */
  readonly kind: number;
  /** The critical predecessor: whoever ended the wait. */
  readonly prev: CausalPoint | null;
  /** The same process's previous point, when `prev` is another context's. */
  readonly prog: CausalPoint | null;
  /** Other predecessors joined at the same time (the earlier children of an all()). */
  readonly also: readonly CausalPoint[] | null;
  /** What the context was doing during the segment (the model's label); null: not known here. */
  readonly label: unknown;
  readonly scope: number;
}

/** What a process carries for the observer. */
export interface CausalState {
  _pt: CausalPoint | null;
  _label: unknown;
  _scope: number;
}

export class Causality {
  /** The point of the context running now (null outside any). */
  current: CausalPoint | null = null;
  private sim: Simulation | null = null;
  private nextId = 1;
  private nextScope = 1;
  private readonly timers = new WeakSet<SimEvent<any>>();
  /** Told when a scope ends: the scope, its last point, and what the model passed. */
  onScopeEnd: ((scope: number, end: CausalPoint, info: unknown) => void) | null = null;

  /** @internal Simulation.observeCausality. */
  _attach(sim: Simulation): void {
    if (this.sim !== null && this.sim !== sim) throw new Error("a Causality observes one simulation");
    this.sim = sim;
  }

  private now(): number {
    return this.sim === null ? 0 : this.sim._now;
  }

  private point(kind: number, prev: CausalPoint | null, prog: CausalPoint | null, also: readonly CausalPoint[] | null, label: unknown, scope: number): CausalPoint {
    // Outside any scope nobody walks back, so nothing is kept.
    if (scope === 0) return { id: this.nextId++, t: this.now(), kind, prev: null, prog: null, also: null, label, scope };
    return { id: this.nextId++, t: this.now(), kind, prev, prog: prog === prev ? null : prog, also, label, scope };
  }

  // ---- kernel hooks ----

  /** @internal A process was created in the current context: it inherits its scope and label. */
  _spawned(proc: CausalState): void {
    const c = this.current;
    proc._scope = c === null ? 0 : c.scope;
    proc._label = c === null ? null : c.label;
  }

  /** @internal The kernel is about to process `ev`: its listeners run in the context that triggered it. */
  _processing(ev: SimEvent<any>): void {
    const cause = ev._cause;
    if (ev._kind !== K_CALLBACK) {
      this.current = cause;
      return;
    }
    const timer = this.timers.has(ev);
    this.current = this.point(timer ? WAIT : TRANSIT, cause, null, null, cause === null ? null : cause.label, cause === null ? 0 : cause.scope);
  }

  /** @internal `proc` resumes because `ev` was processed. */
  _resumed(proc: Process<any> & CausalState, ev: SimEvent<any>): void {
    const cause = ev._cause;
    const own = proc._pt;
    let p: CausalPoint;
    if (cause !== null && (ev._by === proc || (proc._scope !== 0 && cause.scope === proc._scope))) {
      p = this.point(ev._by === proc ? OWN : CAUSED, cause, own, null, proc._label, proc._scope);
    } else {
      p = this.point(WAIT, own, null, null, proc._label, proc._scope);
    }
    proc._pt = p;
    this.current = p;
  }

  /** @internal An all()/any() succeeded or failed because `last` was processed: its point joins `items`. */
  _joined(items: readonly SimEvent<any>[], last: SimEvent<any>, all: boolean): CausalPoint | null {
    const cause = last._cause;
    if (!all || cause === null || items.length < 2) return cause;
    const also: CausalPoint[] = [];
    for (const it of items) if (it !== last && it._cause !== null && it._cause.scope === cause.scope) also.push(it._cause);
    return this.point(CAUSED, cause, null, also.length === 0 ? null : also, cause.label, cause.scope);
  }

  /** @internal A scheduled callback that is a timer (a wait), not a message in transit. */
  _timer(ev: SimEvent<any>): void {
    this.timers.add(ev);
  }

  // ---- the model's API ----

  private active(): (Process<any> & CausalState) | null {
    return this.sim === null ? null : (this.sim._active as (Process<any> & CausalState) | null);
  }

  private advance(p: CausalPoint): CausalPoint {
    const proc = this.active();
    if (proc !== null) proc._pt = p;
    this.current = p;
    return p;
  }

  /** The running context now does `label`'s work; returns what it was doing (for `enter(prev)` afterwards). */
  enter(label: unknown): unknown {
    const c = this.current;
    const proc = this.active();
    const before = proc !== null ? proc._label : c === null ? null : c.label;
    if (proc !== null) proc._label = label;
    this.advance(this.point(MARK, c, null, null, label, c === null ? 0 : c.scope));
    return before;
  }

  /** A zero-length point in the running context: what happened before it precedes what follows. */
  mark(): CausalPoint {
    const c = this.current;
    return this.advance(this.point(MARK, c, null, null, c === null ? null : c.label, c === null ? 0 : c.scope));
  }

  /** Opens a scope (a request) in the running process, doing `label`'s work; returns its id. */
  beginScope(label: unknown): number {
    const scope = this.nextScope++;
    const proc = this.active();
    if (proc !== null) {
      proc._scope = scope;
      proc._label = label;
    }
    this.advance(this.point(BEGIN, null, null, null, label, scope));
    return scope;
  }

  /** Ends a scope at the running context's point (the end of the request). */
  endScope(scope: number, info: unknown): void {
    const c = this.current;
    if (c !== null && c.scope === scope) this.onScopeEnd?.(scope, c, info);
  }

  /**
   * Runs `fn` as the continuation of `from` after a wait: what `fn` triggers descends from
   * `from`, the time since was waiting (labelled `label`; null: by whoever takes over next).
   * For actions a shared mechanism runs on a scope's behalf (a timer list's expiry, a queue
   * pumped when another's message freed a slot, a publish retried after a partition healed).
   * `from` null (it began outside any context): `fn` runs outside any too.
   */
  resumeFrom(from: CausalPoint | null, fn: () => void, label: unknown = from === null ? null : from.label): void {
    if (from === this.current) {
      fn();
      return;
    }
    const saved = this.current;
    this.current = from === null ? null : this.point(WAIT, from, null, null, label, from.scope);
    try {
      fn();
    } finally {
      this.current = saved;
    }
  }
}
