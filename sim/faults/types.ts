// Fault specs as plain data: what a scenario file's `faults:` list holds once parsed. Times are
// virtual ns. A fault starts at `at` and, when `for` is given, reverts `for` ns later (a crash
// restarts, a freeze thaws, a partition heals, a limit goes back to its value).
import type { DistributionSpec } from "../kernel/index.ts";
import type { Component } from "./components.ts";

/**
 * What a fault is aimed at. Names are those `validNames(cloud)` lists: a service ("keystone"),
 * an instance ("keystone-1"), a host ("controller-1"), a link ("a<->b" both ways, "a->b" one
 * way) and an operation ("keystone.validate_token", or "validate_token" with `service`).
 */
export interface FaultTarget {
  readonly service?: string;
  readonly instance?: string;
  readonly host?: string;
  readonly link?: string;
  readonly operation?: string;
}

interface FaultBase {
  /** An optional label, carried into the ground truth. */
  readonly id?: string;
  readonly at: number;
  readonly for?: number;
  readonly target: FaultTarget;
}

/** Added latency: fixed ns or a distribution drawn per call. */
export type LatencyAdd = number | DistributionSpec;

export type LatencyGrowth =
  /** The added latency grows linearly with time since `at`. */
  | { readonly nsPerSecond: number }
  /**
   * Keystone keeps revocation events it should prune: they accumulate at `eventsPerSecond`
   * and every token validation scans them all (topology.keystone.nsPerRevocationEvent each).
   */
  | { readonly state: "revocation-events"; readonly eventsPerSecond: number };

export interface LatencyFault extends FaultBase {
  readonly kind: "latency";
  readonly add?: LatencyAdd;
  readonly growth?: LatencyGrowth;
}

export interface ErrorFault extends FaultBase {
  readonly kind: "error";
  /** Probability each matching call fails (HTTP 500 / RPC RemoteError). */
  readonly probability: number;
  readonly message?: string;
}

/** Process or machine crash; restarts after `for` if given. */
export interface CrashFault extends FaultBase {
  readonly kind: "crash";
}

/** SIGSTOP-like: nothing on the target makes progress until it thaws after `for`. */
export interface FreezeFault extends FaultBase {
  readonly kind: "freeze";
}

export interface PartitionFault extends FaultBase {
  readonly kind: "partition";
  /** For a host target: cut both directions (default), only what it sends, or only what it receives. */
  readonly direction?: "both" | "out" | "in";
}

export interface MessageLossFault extends FaultBase {
  readonly kind: "message-loss";
  readonly probability: number;
}

export interface MessageDelayFault extends FaultBase {
  readonly kind: "message-delay";
  readonly delay: LatencyAdd;
}

export interface MessageDuplicationFault extends FaultBase {
  readonly kind: "message-duplication";
  readonly probability: number;
}

export type Dependency = "db" | "cache" | "broker";

export interface SlowDependencyFault extends FaultBase {
  readonly kind: "slow-dependency";
  readonly dependency: Dependency;
  readonly add: LatencyAdd;
}

/** memcached goes away (and comes back empty): every token is validated against Keystone. */
export interface CacheOutageFault extends FaultBase {
  readonly kind: "cache-outage";
}

export type LimitName = "workers" | "db-pool" | "max-concurrent-builds" | "executor" | "db-threads";

export interface LimitFault extends FaultBase {
  readonly kind: "limit";
  readonly limit: LimitName;
  readonly value: number;
}

export interface ClockSkewFault extends FaultBase {
  readonly kind: "clock-skew";
  readonly offsetNs?: number;
  readonly driftPpm?: number;
}

export type FaultSpec =
  | LatencyFault
  | ErrorFault
  | CrashFault
  | FreezeFault
  | PartitionFault
  | MessageLossFault
  | MessageDelayFault
  | MessageDuplicationFault
  | SlowDependencyFault
  | CacheOutageFault
  | LimitFault
  | ClockSkewFault;

export type FaultKind = FaultSpec["kind"];

export const FAULT_KINDS: readonly FaultKind[] = [
  "latency", "error", "crash", "freeze", "partition", "message-loss", "message-delay",
  "message-duplication", "slow-dependency", "cache-outage", "limit", "clock-skew",
];

export const LIMIT_NAMES: readonly LimitName[] = ["workers", "db-pool", "max-concurrent-builds", "executor", "db-threads"];
export const DEPENDENCIES: readonly Dependency[] = ["db", "cache", "broker"];

/** Ground truth: what was injected, where (as given, as resolved, and as components), and when. */
export interface FaultRecord {
  readonly id?: string;
  readonly kind: FaultKind;
  readonly target: FaultTarget;
  readonly start: number;
  /** null when the fault never reverts. */
  readonly end: number | null;
  /** The kind-specific parameters as given. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Concrete parts hit, by name: instances, hosts, links ("a->b"), operations ("svc.op" or "svc.op@instance"), queues. */
  readonly resolved: {
    readonly instances: readonly string[];
    readonly hosts: readonly string[];
    readonly links: readonly string[];
    readonly operations: readonly string[];
    readonly queues: readonly string[];
  };
  /** What the fault hit, as components a diagnosis names (sim/faults/components.ts); `faultComponents` scores against it. */
  readonly components: readonly Component[];
}
