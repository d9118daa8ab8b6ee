// all()/any(): SimPy's Condition events, for fan-out then fan-in. A failure of any child fails
// the condition with that child's error (the child counts as handled).
import { KernelError } from "./errors.ts";
import { K_CONDITION, PENDING, PROCESSED, SimEvent } from "./event.ts";
import type { Listener } from "./event.ts";
import type { Simulation } from "./simulation.ts";

/** The value of an any() condition: the first child to succeed. */
export interface AnyResult<T = unknown> {
  readonly index: number;
  readonly value: T;
  readonly event: SimEvent<T>;
}

export class Condition<T> extends SimEvent<T> implements Listener {
  private readonly items: readonly SimEvent<any>[];
  private readonly mode: "all" | "any";
  private remaining: number;

  constructor(sim: Simulation, mode: "all" | "any", items: readonly SimEvent<any>[]) {
    super(sim, K_CONDITION);
    if (!Array.isArray(items)) throw new KernelError(`${mode}() expects an array of events`);
    if (mode === "any" && items.length === 0) throw new KernelError("any() needs at least one event");
    items.forEach((item, i) => {
      if (!(item instanceof SimEvent) || item.sim !== sim) {
        throw new KernelError(`${mode}() item ${i} is not an event of this simulation`);
      }
    });
    this.items = items.slice();
    this.mode = mode;
    this.remaining = items.length;
    if (items.length === 0) {
      this.succeed([] as T);
      return;
    }
    for (const item of this.items) {
      if (this._state !== PENDING) break;
      if (item._state === PROCESSED) this._notify(item);
      else item._addListener(this);
    }
  }

  /** @internal */
  _notify(child: SimEvent<any>): void {
    if (!child._ok) child._defused = true;
    if (this._state !== PENDING) return;
    if (!child._ok) {
      this.fail(child._value);
      this.caused(child, false);
      return;
    }
    if (this.mode === "any") {
      const result: AnyResult = { index: this.items.indexOf(child), value: child._value, event: child };
      this.succeed(result as T);
      this.caused(child, false);
      return;
    }
    if (--this.remaining === 0) {
      this.succeed(this.items.map((e) => e._value) as T);
      this.caused(child, true);
    }
  }

  /** Causality: the condition is triggered by the child that decided it (joined with the others, for all()). */
  private caused(child: SimEvent<any>, all: boolean): void {
    const causal = this.sim._causal;
    if (causal !== null) this._cause = causal._joined(this.items, child, all);
  }

  /** @internal Nobody waits for the condition any more: let go of the children too. */
  override _abandoned(): void {
    for (const item of this.items) if (item._state !== PROCESSED) item._abandonBy(this);
  }
}
