// Faults on a timeline: plain-data specs, validated against the cloud, scheduled on the
// simulation, with ground-truth records of what was injected where and when.
export { applyFaults, validateFaults } from "./apply.ts";
export { FaultSpecError, resolveTarget } from "./targets.ts";
export type { Resolved } from "./targets.ts";
export { FAULT_KINDS, LIMIT_NAMES, DEPENDENCIES } from "./types.ts";
export type {
  FaultSpec, FaultKind, FaultTarget, FaultRecord, LatencyAdd, LatencyGrowth, LatencyFault, ErrorFault, CrashFault,
  FreezeFault, PartitionFault, MessageLossFault, MessageDelayFault, MessageDuplicationFault, SlowDependencyFault,
  CacheOutageFault, LimitFault, LimitName, ClockSkewFault, Dependency,
} from "./types.ts";
