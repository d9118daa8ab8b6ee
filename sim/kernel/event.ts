// SimEvent: SimPy's one-shot event. Pending, then triggered (succeeded with a value or failed
// with an error, and put on the queue), then processed (its listeners have been resumed).
import { EventStateError } from "./errors.ts";
import type { CausalPoint } from "./causality.ts";
import type { Simulation } from "./simulation.ts";

export const PENDING = 0;
export const TRIGGERED = 1;
export const PROCESSED = 2;

// Event kinds, mixed into the event-log hash. Small integers keep the hash cheap.
export const K_EVENT = 0;
export const K_TIMEOUT = 1;
export const K_INIT = 2;
export const K_PROCESS = 3;
export const K_INTERRUPT = 4;
export const K_CALLBACK = 5;
export const K_CONDITION = 6;
export const K_REQUEST = 7;
export const K_PUT = 8;
export const K_GET = 9;
export const KIND_NAMES: readonly string[] = [
  "event", "timeout", "init", "process", "interrupt", "callback", "condition", "request", "put", "get",
];

/** Something resumed when an event is processed: a process, a condition, the callback runner. */
export interface Listener {
  _notify(event: SimEvent<any>): void;
}

/** An owner that holds pending events in a queue (a resource or a store) and can take one back. */
export interface Withdrawable {
  _withdraw(event: SimEvent<any>): void;
}

/** Who triggered an event, as recorded in the event log. */
export interface Actor {
  readonly id: number;
  readonly name: string;
}

export class SimEvent<T = unknown> {
  readonly sim: Simulation;
  /** @internal */ declare _state: number;
  /** @internal */ declare _ok: boolean;
  /** @internal */ declare _value: unknown;
  /** @internal */ declare _defused: boolean;
  // One listener slot covers the common case (one waiting process) without allocating an array.
  /** @internal */ declare _listener: Listener | null;
  /** @internal */ declare _listeners: Listener[] | null;
  /** @internal */ declare _by: Actor | null;
  /** @internal */ declare _kind: number;
  /** @internal */ declare _queue: Withdrawable | null;
  /** @internal The point of the context that triggered it (only while causality is observed). */
  declare _cause: CausalPoint | null;

  constructor(sim: Simulation, kind: number = K_EVENT) {
    this.sim = sim;
    this._state = PENDING;
    this._ok = true;
    this._value = undefined;
    this._defused = false;
    this._listener = null;
    this._listeners = null;
    this._by = null;
    this._kind = kind;
    this._queue = null;
    this._cause = null;
  }

  /** True once succeed() or fail() has been called (or the kernel triggered it). */
  get triggered(): boolean {
    return this._state !== PENDING;
  }

  /** True once the kernel has resumed everything waiting on it. */
  get processed(): boolean {
    return this._state === PROCESSED;
  }

  /** Whether it succeeded; only meaningful once triggered. */
  get ok(): boolean {
    return this._state !== PENDING && this._ok;
  }

  /** The success value or the failure error; undefined while pending. */
  get value(): T {
    return this._value as T;
  }

  /** Marks a failure as handled, so the kernel does not report it as unhandled. */
  defuse(): this {
    this._defused = true;
    return this;
  }

  get kind(): string {
    return KIND_NAMES[this._kind] ?? "event";
  }

  /** "an event", "a timeout event", "an interrupt event", ... for messages. */
  get label(): string {
    const kind = this.kind;
    return `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind === "event" ? "event" : `${kind} event`}`;
  }

  succeed(value?: T): this {
    if (this._state !== PENDING) throw new EventStateError(`cannot succeed ${this.label} that was already triggered`);
    this._ok = true;
    this._value = value;
    this.sim._trigger(this);
    return this;
  }

  fail(error: unknown): this {
    if (this._state !== PENDING) throw new EventStateError(`cannot fail ${this.label} that was already triggered`);
    this._ok = false;
    this._value = error;
    this.sim._trigger(this);
    return this;
  }

  /** @internal */
  _addListener(listener: Listener): void {
    if (this._listener === null && this._listeners === null) this._listener = listener;
    else if (this._listeners === null) this._listeners = [listener];
    else this._listeners.push(listener);
  }

  /** @internal Removes a listener; if nobody waits any more, a queued request is withdrawn. */
  _abandonBy(listener: Listener): void {
    if (this._listener === listener) this._listener = null;
    else if (this._listeners !== null) {
      const i = this._listeners.indexOf(listener);
      if (i >= 0) this._listeners.splice(i, 1);
      if (this._listeners.length === 0) this._listeners = null;
    }
    if (this._state !== PROCESSED && this._listener === null && this._listeners === null) this._abandoned();
  }

  /** @internal Called when the last listener left before processing. */
  _abandoned(): void {
    const owner = this._queue;
    if (owner !== null) {
      this._queue = null;
      owner._withdraw(this);
    }
  }

  /** @internal Marks a queued, never-granted event as withdrawn: yielding it again throws `reason`. */
  _markWithdrawn(reason: unknown): void {
    this._state = PROCESSED;
    this._ok = false;
    this._value = reason;
    this._defused = true;
  }
}
