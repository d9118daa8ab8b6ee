// The model's side of the causality oracle (sim/kernel/causality.ts): what each process is doing,
// named as the model knows it, independently of any tracer. A request is a scope opened by the
// client's workflow; an API or RPC handler is the service and the operation its route or method
// runs (the model's Operation key, e.g. `keystone.validate_token`); a database query or cache
// call is the server's operation (`mysql.select`, `memcached.get`), since its time is the
// server's and the network's to it. Everything else a process does belongs to the activity it is
// in. All of it costs one null check when no observer is attached.
import type { Causality, Simulation } from "../kernel/index.ts";

/** What a process is doing: a service's operation. */
export interface Activity {
  readonly service: string;
  readonly operation: string;
}

/** What the workflow tells the observer when its request ends. */
export interface RequestEnd {
  readonly workflow: string;
  /** The root span's trace id, when tracing is on. */
  readonly traceId: string | undefined;
  /** Virtual ns the request started at. */
  readonly start: number;
}

// One object per activity, so labels compare by identity and cost nothing to pass around.
const interned = new Map<string, Activity>();

export function activity(service: string, operation: string): Activity {
  const key = `${service}\u0000${operation}`;
  let a = interned.get(key);
  if (a === undefined) interned.set(key, (a = Object.freeze({ service, operation })));
  return a;
}

/** The running process starts `what` (returns what it did before, for `leave`); nothing without an observer. */
export function enter(sim: Simulation, service: string, operation: string): unknown {
  const c: Causality | null = sim.causality;
  return c === null ? undefined : c.enter(activity(service, operation));
}

/** The running process goes back to what `enter` returned. */
export function leave(sim: Simulation, before: unknown): void {
  const c = sim.causality;
  if (c !== null) c.enter(before);
}
