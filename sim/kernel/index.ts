// Public surface of the kernel. Everything else in sim/ imports from here.
export { Simulation } from "./simulation.ts";
export type { RunOptions, RunResult, SimulationOptions } from "./simulation.ts";
export { SimEvent } from "./event.ts";
export { Causality, SEGMENT_KINDS, TRANSIT, OWN, CAUSED, WAIT, MARK, BEGIN } from "./causality.ts";
export type { CausalPoint } from "./causality.ts";
export { Process, Interrupt } from "./process.ts";
export type { AnyResult } from "./condition.ts";
export { Resource, Request } from "./resource.ts";
export { Layers, undoAll, once } from "./layers.ts";
export type { Undo } from "./layers.ts";
export type { ResourceStats } from "./resource.ts";
export { Store } from "./store.ts";
export { aleaNext, Rng, Stream, StreamStates } from "./rng.ts";
export { Doubles } from "./doubles.ts";
export type { AleaState } from "./rng.ts";
export { EventLog, firstDifference, describeEntry } from "./event-log.ts";
export type { EventLogEntry, LogDifference } from "./event-log.ts";
export { parseDuration, formatDuration, NS, US, MS, S, MIN, H } from "./duration.ts";
export { compileDistribution, compileDuration, drawDuration, Z99 } from "./distributions.ts";
export type { DistributionSpec, Sampler, Uniform, CompileOptions } from "./distributions.ts";
export {
  KernelError, DurationError, DistributionError, EventStateError, RunawayError, UnhandledFailureError,
} from "./errors.ts";
