// Faults on a timeline: plain-data specs, validated against the cloud, turned into calls on the
// model objects they hit (each returning an undo), with ground-truth records of what was
// injected where and when, and the components a correct diagnosis may name (faultComponents).
export { applyFaults, validateFaults, faultRecord } from "./apply.ts";
export { FaultSpecError } from "./errors.ts";
export { resolveTarget } from "./resolve.ts";
export type { Resolved } from "./resolve.ts";
export { faultComponents, hitComponents } from "./components.ts";
export type { Component, ComponentKind, FaultHits } from "./components.ts";
export { FAULT_KINDS, LIMIT_NAMES, DEPENDENCIES } from "./types.ts";
export type {
  FaultSpec, FaultKind, FaultTarget, FaultRecord, LatencyAdd, LatencyGrowth, LatencyFault, ErrorFault, CrashFault,
  FreezeFault, PartitionFault, MessageLossFault, MessageDelayFault, MessageDuplicationFault, SlowDependencyFault,
  CacheOutageFault, LimitFault, LimitName, ClockSkewFault, Dependency,
} from "./types.ts";
