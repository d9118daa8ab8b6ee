// Process: a generator resumed by the kernel (SimPy's Process). It is itself an event that
// succeeds with the generator's return value or fails with the error that escaped it, so
// `yield child` joins a child process.
import { KernelError } from "./errors.ts";
import { K_INIT, K_INTERRUPT, K_PROCESS, PENDING, PROCESSED, SimEvent } from "./event.ts";
import type { Listener } from "./event.ts";
import type { CausalPoint } from "./causality.ts";
import type { Simulation } from "./simulation.ts";

/** What an interrupted process sees thrown at its current yield. */
export class Interrupt extends Error {
  declare readonly cause: unknown;
  constructor(cause?: unknown) {
    super(cause === undefined ? "interrupted" : `interrupted: ${describe(cause)}`, { cause });
    this.name = "Interrupt";
  }
}

export class Process<T = unknown> extends SimEvent<T> implements Listener {
  readonly id: number;
  /** @internal */ declare _gen: Generator<any, T, any> | null;
  /** @internal The event this process is waiting on, or null while running or done. */
  declare _target: SimEvent<any> | null;
  /** @internal */ declare _name: string | undefined;
  /** @internal Causality (sim/kernel/causality.ts): last point, what it is doing, its scope. */
  declare _pt: CausalPoint | null;
  /** @internal */ declare _label: unknown;
  /** @internal */ declare _scope: number;

  constructor(sim: Simulation, id: number, body: Generator<any, T, any>, name: string | undefined) {
    super(sim, K_PROCESS);
    this.id = id;
    this._gen = body;
    this._name = name;
    this._pt = null;
    this._label = null;
    this._scope = 0;
    if (sim._causal !== null) sim._causal._spawned(this);
    const init = new SimEvent(sim, K_INIT);
    init._listener = this;
    this._target = init;
    sim._trigger(init);
  }

  get name(): string {
    return this._name ?? `process#${this.id}`;
  }

  get isAlive(): boolean {
    return this._state === PENDING;
  }

  /** The event the process currently waits on (null while it runs or after it ended). */
  get target(): SimEvent<any> | null {
    return this._target;
  }

  /**
   * Throws an Interrupt carrying `cause` into the process at its current yield, at the current
   * virtual time. Whatever it was waiting for is abandoned; a queued resource request or store
   * get/put is withdrawn.
   */
  interrupt(cause?: unknown): void {
    if (this._state !== PENDING) throw new KernelError(`cannot interrupt process ${JSON.stringify(this.name)}: it has already ended`);
    if (this.sim._active === this) throw new KernelError(`process ${JSON.stringify(this.name)} cannot interrupt itself`);
    const ev = new SimEvent(this.sim, K_INTERRUPT);
    ev._ok = false;
    ev._value = new Interrupt(cause);
    ev._listener = this;
    this.sim._trigger(ev);
  }

  /** @internal */
  _notify(ev: SimEvent<any>): void {
    if (ev !== this._target) {
      if (ev._kind === K_INTERRUPT) this._deliverInterrupt(ev);
      return;
    }
    this._target = null;
    if (!ev._ok) ev._defused = true;
    const causal = this.sim._causal;
    if (causal === null) {
      this._resume(ev._ok, ev._value);
      return;
    }
    const base = causal.current;
    causal._resumed(this, ev);
    this._resume(ev._ok, ev._value);
    causal.current = base;
  }

  private _deliverInterrupt(ev: SimEvent<any>): void {
    ev._defused = true;
    if (this._state !== PENDING) return; // ended before the interrupt arrived
    const target = this._target;
    this._target = null;
    if (target !== null) target._abandonBy(this);
    const causal = this.sim._causal;
    if (causal === null) {
      this._resume(false, ev._value);
      return;
    }
    const base = causal.current;
    causal._resumed(this, ev);
    this._resume(false, ev._value);
    causal.current = base;
  }

  /** @internal Runs the generator until it yields an unprocessed event or ends. */
  _resume(ok: boolean, value: unknown): void {
    const sim = this.sim;
    const gen = this._gen!;
    sim._active = this;
    sim._lastProcess = this;
    for (;;) {
      let step: IteratorResult<any, T>;
      try {
        step = ok ? gen.next(value) : gen.throw(value);
      } catch (error) {
        this._end(false, error);
        return;
      }
      if (step.done) {
        this._end(true, step.value);
        return;
      }
      const next = step.value;
      if (next instanceof SimEvent && next.sim === sim) {
        if (next._state !== PROCESSED) {
          next._addListener(this);
          this._target = next;
          break;
        }
        // Already processed: carry on at once, as SimPy does.
        ok = next._ok;
        value = next._value;
        if (!ok) next._defused = true;
        continue;
      }
      ok = false;
      value = new KernelError(
        `process ${JSON.stringify(this.name)} yielded ${describe(next)}; a process may only yield events of its own simulation (timeout, event, process, all/any, request, put/get)`,
      );
    }
    sim._active = null;
  }

  private _end(ok: boolean, value: unknown): void {
    const sim = this.sim;
    sim._active = null;
    this._gen = null;
    this._ok = ok;
    this._value = value;
    sim._trigger(this);
    this._by = this;
  }
}

function describe(value: unknown): string {
  if (value instanceof SimEvent) return `an event of another simulation`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value === null || typeof value !== "object") return typeof value === "string" ? JSON.stringify(value) : String(value);
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
