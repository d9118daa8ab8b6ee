// The collection path's vocabulary: what an agent ships, over what, and why data is lost.
// Everything here is transport- and host-agnostic: the simulator plugs its network and
// kernel timers in through `Scheduler` and `Transport`.
import type { TraceRecord } from "../model/types.ts";

/** Virtual timers, injected (the kernel's `sim.now` + `sim.schedule` fit). Times in ns. */
export interface Scheduler {
  now(): number;
  schedule(delayNs: number, fn: () => void): void;
}

/**
 * Where a send ended:
 * - `delivered`: the batch reached the collector (it called `collector.receive` at least once);
 * - `lost`: the batch never reached it (network loss, partition, timeout);
 * - `rejected`: it reached the collector while the collector was down (`receive` said so).
 */
export type SendOutcome = "delivered" | "lost" | "rejected";

/**
 * Ships one batch. Must call `done` exactly once per `send`. An adapter over a simulated
 * link typically does: on arrival `done(collector.receive(batch))`, on loss `done("lost")`.
 */
export interface Transport {
  send(batch: Batch, bytes: number, done: (outcome: SendOutcome) => void): void;
  /**
   * Optional: how long a blocking (synchronous-mode) send of `bytes` holds the caller, in ns.
   * Without it the agent uses its configured `syncSendNs`.
   */
  blockingCostNs?(bytes: number): number;
}

/** Losses the agent itself knows about, reported in-band with every batch (Jaeger's ClientStats). */
export interface ClientStats {
  readonly queueFullDropped: number;
  readonly sendFailedDropped: number;
  /** Batches the agent gave up on (their sequence numbers will never arrive). */
  readonly sendFailedBatches: number;
  readonly hostCrashDropped: number;
}

/** What an agent ships: its records plus Jaeger-style sequence number and client stats. */
export interface Batch {
  /** The agent's name (unique per agent; defaults to its host). */
  readonly agent: string;
  readonly host: string;
  /** Per-agent sequence number, 0, 1, 2, ... (retries resend the same number). */
  readonly seq: number;
  readonly records: readonly TraceRecord[];
  /** Serialized size in bytes (see `batchBytes`). */
  readonly bytes: number;
  readonly clientStats: ClientStats;
}

/** Why an emitted record did not end up stored. */
export type DropReason =
  | "queue-full"
  | "network-loss"
  | "host-crash"
  | "collector-down"
  | "evicted"
  | "late"
  | "tail-rejected"
  | "unsent";

/** Every reason, in the order summaries print them. */
export const DROP_REASONS: readonly DropReason[] = [
  "queue-full",
  "network-loss",
  "host-crash",
  "collector-down",
  "evicted",
  "late",
  "tail-rejected",
  // Still in an agent's queue when the run ended: emitted after the agent's last flush (work
  // that outlives its request, e.g. a build still polled past the drain) and never shipped.
  "unsent",
];

/**
 * Where along the path a record was dropped: the in-process reporter ("agent"), the network,
 * a retroactive buffer, a host-local relay daemon (Jaeger's agent), or the backend.
 */
export type Stage = "agent" | "network" | "buffer" | "relay" | "collector";

/** Exactly the `tracer.accounting` object of `summary.json`. */
export interface AccountingSummary {
  tracePoints: number;
  notSampled: number;
  emitted: number;
  stored: number;
  dropped: Record<DropReason, number>;
}

/** A typed configuration error: which option, and what was expected. */
export class CollectConfigError extends Error {
  readonly path: string;
  constructor(path: string, expected: string, got?: unknown) {
    super(`collect: option "${path}" must be ${expected}${got === undefined ? "" : `, got ${describe(got)}`}`);
    this.name = "CollectConfigError";
    this.path = path;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return typeof value;
}

export function checkCount(path: string, value: unknown, min = 0): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new CollectConfigError(path, `an integer >= ${min}`, value);
  }
  return value;
}

export function checkDuration(path: string, value: unknown, min = 0): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new CollectConfigError(path, `a duration in ns >= ${min}`, value);
  }
  return value;
}

export function checkChoice<T extends string>(path: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    throw new CollectConfigError(path, `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`, value);
  }
  return value as T;
}
