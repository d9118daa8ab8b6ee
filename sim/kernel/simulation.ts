// Simulation: SimPy's Environment. Owns virtual time (integer ns), the event queue, the named
// random streams and the event log, and runs the step loop.
import type { Causality } from "./causality.ts";
import { Condition } from "./condition.ts";
import type { AnyResult } from "./condition.ts";
import { KernelError, RunawayError, UnhandledFailureError } from "./errors.ts";
import { Doubles } from "./doubles.ts";
import { EventLog } from "./event-log.ts";
import { K_CALLBACK, K_EVENT, K_PROCESS, K_TIMEOUT, PROCESSED, SimEvent, TRIGGERED } from "./event.ts";
import type { Listener } from "./event.ts";
import { Interrupt, Process } from "./process.ts";
import { EventQueue } from "./queue.ts";
import { Rng } from "./rng.ts";

export interface SimulationOptions {
  /** Root seed of every named random stream. Default "0". */
  seed?: string | number;
  /** Guard: a run stops with RunawayError once this many events were processed in total. */
  maxEvents?: number;
  /** Guard: a run stops with RunawayError when the next event lies beyond this virtual time. */
  maxTime?: number;
}

export interface RunOptions {
  /** Absolute virtual time to stop at; events at exactly `until` still run. Now becomes `until`. */
  until?: number;
  /** Stop after this many events. */
  steps?: number;
}

export interface RunResult {
  readonly now: number;
  /** Events processed by this call. */
  readonly events: number;
  readonly stoppedBy: "until" | "empty" | "steps";
}

const MAX_TIME = Number.MAX_SAFE_INTEGER;

// Runs the callbacks handed to schedule(); one shared instance, the callback rides in the event.
const callbackRunner: Listener = {
  _notify(ev: SimEvent<any>): void {
    (ev._value as () => void)();
  },
};

export class Simulation {
  /** @internal */ _now = 0;
  /** @internal */ _active: Process<any> | null = null;
  /** @internal */ _lastProcess: Process<any> | null = null;
  /** @internal */ readonly _queue = new EventQueue<SimEvent<any>>();
  /** @internal The books of the run's resources, side by side (see Doubles). */
  readonly _doubles = new Doubles(256);
  /** @internal The causality observer, if any (see causality.ts). */
  _causal: Causality | null = null;
  private nextPid = 1;
  private running = false;
  readonly seed: string;
  readonly rng: Rng;
  readonly eventLog = new EventLog();
  readonly maxEvents: number;
  readonly maxTime: number;

  constructor(options: SimulationOptions = {}) {
    const seed = options.seed ?? "0";
    if (typeof seed !== "string" && !(typeof seed === "number" && Number.isFinite(seed))) {
      throw new KernelError(`seed must be a string or a finite number, got ${String(seed)}`);
    }
    this.seed = String(seed);
    this.rng = new Rng(this.seed);
    this.maxEvents = checkLimit("maxEvents", options.maxEvents);
    this.maxTime = checkLimit("maxTime", options.maxTime);
  }

  /** Current virtual time in integer nanoseconds. */
  get now(): number {
    return this._now;
  }

  /** The process whose code is running right now, if any. */
  get activeProcess(): Process<any> | null {
    return this._active;
  }

  /**
   * Records what every step waited on (sim/kernel/causality.ts), from now on. Attach before
   * anything runs; the run processes the same events either way.
   */
  observeCausality(causality: Causality): void {
    causality._attach(this);
    this._causal = causality;
  }

  /** The causality observer, if one is attached. */
  get causality(): Causality | null {
    return this._causal;
  }

  /** Time of the next queued event (Infinity if none). */
  peek(): number {
    return this._queue.peekTime();
  }

  /** Starts a generator as a process at the current time (it runs once the kernel gets to it). */
  process<T>(body: Generator<any, T, any>, name?: string): Process<T> {
    if (body === null || typeof body !== "object" || typeof body.next !== "function" || typeof body.throw !== "function") {
      throw new KernelError(`process() expects a generator object (call the generator function), got ${typeof body}`);
    }
    if (name !== undefined && typeof name !== "string") throw new KernelError("process name must be a string");
    return new Process(this, this.nextPid++, body, name);
  }

  /** An event that succeeds with `value` after `delayNs` virtual nanoseconds. */
  timeout(delayNs: number, value?: unknown): SimEvent<any> {
    if (!(delayNs >= 0 && delayNs <= MAX_TIME) || Math.floor(delayNs) !== delayNs) badDelay("timeout", delayNs);
    const ev = new SimEvent<any>(this, K_TIMEOUT);
    ev._value = value;
    ev._state = TRIGGERED;
    ev._by = this._active;
    if (this._causal !== null) ev._cause = this._causal.current;
    this._queue.push(this._now + delayNs, ev);
    return ev;
  }

  /** A pending one-shot event; call succeed(value) or fail(error) on it. */
  event<T = unknown>(): SimEvent<T> {
    return new SimEvent<T>(this, K_EVENT);
  }

  /** Succeeds with every child's value (in order) once all succeed; fails on the first failure. */
  all(items: readonly SimEvent<any>[]): SimEvent<unknown[]> {
    return new Condition<unknown[]>(this, "all", items);
  }

  /** Succeeds with the first child to succeed ({index, value, event}); fails on the first failure. */
  any(items: readonly SimEvent<any>[]): SimEvent<AnyResult> {
    return new Condition<AnyResult>(this, "any", items);
  }

  /**
   * Runs a plain callback after `delayNs` (timers for libraries such as the tracer's agents).
   * `timer`: the delay is a wait (a timeout to fire), not a message in transit — it only tells
   * the causality observer how to label it.
   */
  schedule(delayNs: number, callback: () => void, timer = false): void {
    if (!(delayNs >= 0 && delayNs <= MAX_TIME) || Math.floor(delayNs) !== delayNs) badDelay("schedule", delayNs);
    if (typeof callback !== "function") throw new KernelError("schedule() expects a callback function");
    const ev = new SimEvent<any>(this, K_CALLBACK);
    ev._value = callback;
    ev._listener = callbackRunner;
    ev._state = TRIGGERED;
    ev._by = this._active;
    if (this._causal !== null) {
      ev._cause = this._causal.current;
      if (timer) this._causal._timer(ev);
    }
    this._queue.push(this._now + delayNs, ev);
  }

  /** @internal Puts a just-triggered event on the queue at the current time. */
  _trigger(ev: SimEvent<any>): void {
    ev._state = TRIGGERED;
    ev._by = this._active;
    if (this._causal !== null) ev._cause = this._causal.current;
    this._queue.push(this._now, ev);
  }

  /**
   * Processes events in (time, sequence) order until `until` (inclusive), `steps` events, or an
   * empty queue. Throws RunawayError when a guard trips and UnhandledFailureError when a failed
   * event nobody waited on is processed.
   */
  run(options: RunOptions = {}): RunResult {
    if (this.running) throw new KernelError("run() was called while the simulation is already running (from a process or callback)");
    const until = options.until ?? Infinity;
    const steps = options.steps ?? Infinity;
    if (typeof until !== "number" || Number.isNaN(until) || until < this._now) {
      throw new KernelError(`run({until}) needs a virtual time >= now (${this._now} ns), got ${String(until)}`);
    }
    if (typeof steps !== "number" || !(steps >= 0) || Math.floor(steps) !== steps) {
      throw new KernelError(`run({steps}) needs a non-negative integer, got ${String(steps)}`);
    }
    const queue = this._queue;
    const log = this.eventLog;
    const causal = this._causal;
    // Two comparisons per step cover until/maxTime and steps/maxEvents.
    const timeLimit = Math.min(until, this.maxTime);
    const countLimit = Math.min(steps, this.maxEvents - log.count);
    let processed = 0;
    this.running = true;
    try {
      while (queue.size > 0) {
        const time = queue.peekTime();
        if (time > timeLimit) {
          if (time > until) break;
          throw this.runaway("maxTime", `the next event lies at ${time} ns, beyond maxTime ${this.maxTime} ns`);
        }
        if (processed >= countLimit) {
          if (processed >= steps) return { now: this._now, events: processed, stoppedBy: "steps" };
          throw this.runaway("maxEvents", `more than maxEvents=${this.maxEvents} events`);
        }
        const ev = queue.pop();
        this._now = time;
        processed++;
        log._add(time, queue.poppedSeq, ev._by, ev._kind);
        ev._state = PROCESSED;
        if (causal !== null) causal._processing(ev);
        const first = ev._listener;
        const rest = ev._listeners;
        ev._listener = null;
        ev._listeners = null;
        if (first !== null) first._notify(ev);
        if (rest !== null) for (let i = 0; i < rest.length; i++) rest[i]!._notify(ev);
        if (!ev._ok && !ev._defused) this.unhandled(ev);
      }
    } finally {
      this.running = false;
      // Code run between run() calls (setup, a test's own calls) belongs to no context.
      if (causal !== null) causal.current = null;
    }
    if (until !== Infinity) {
      this._now = until;
      return { now: until, events: processed, stoppedBy: "until" };
    }
    return { now: this._now, events: processed, stoppedBy: "empty" };
  }

  private runaway(guard: "maxEvents" | "maxTime", detail: string): RunawayError {
    const limit = guard === "maxEvents" ? this.maxEvents : this.maxTime;
    return new RunawayError(guard, limit, this._now, this.eventLog.count, this._lastProcess?.name ?? null, detail);
  }

  private unhandled(ev: SimEvent<any>): void {
    // A process that ended because of an uncaught Interrupt was killed on purpose (a crash).
    if (ev._kind === K_PROCESS && ev._value instanceof Interrupt) return;
    const what = ev instanceof Process ? `process ${JSON.stringify(ev.name)}` : ev.label;
    throw new UnhandledFailureError(this._now, what, ev._by?.name ?? null, ev._value);
  }
}

function checkLimit(name: string, value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (typeof value !== "number" || !(value >= 0)) throw new KernelError(`${name} must be a non-negative number, got ${String(value)}`);
  return value;
}

function badDelay(what: string, delay: unknown): never {
  throw new KernelError(`${what}() delay must be a non-negative integer number of nanoseconds, got ${String(delay)}`);
}
