// The OpenStack model: build a cloud from a topology, start requests of the named workflows,
// look up hosts, services and operations (fault targets).
//
//   const sim = new Simulation({ seed: 42 });
//   const cloud = buildCloud(sim, defaultTopology(), { tracing: (service, host) => ({ tracer, drainCostNs }) });
//   const p = cloud.startRequest("horizon-instances");   // a Process; p.value: RequestResult
//   sim.run();
export { buildCloud, Cloud, TopologyError } from "./cloud.ts";
export type { CloudOptions, CloudCounters, BackgroundResult } from "./cloud.ts";
export { defaultTopology, SERVICE_NAMES } from "./topology.ts";
export { largeTopology, mediumTopology, scaledTopology, LARGE, MEDIUM } from "./profiles.ts";
export type { ScaleSpec } from "./profiles.ts";
export type { Cell } from "./cells.ts";
export type { ServiceName, ServiceConfig, TopologyConfig } from "./topology.ts";
export { WORKFLOWS, UnknownWorkflowError, isWorkflow, checkWorkflow, closest } from "./workflows.ts";
export type { RequestOptions, RequestResult, Workflow } from "./workflows.ts";
export { validNames, closestName } from "./names.ts";
export type { ValidNames } from "./names.ts";
export { ServiceInstance } from "./instance.ts";
export { Operation } from "./operation.ts";
export type { LatencyLayer, ErrorLayer, Worker } from "./operation.ts";
export { DEFAULT_LATENCY } from "./latencies.ts";
export type { Parent, Propagation, TracingFactory, TracingHandle } from "./tracing.ts";
export { Database } from "./database.ts";
export { Memcached } from "./memcached.ts";
export { KeystoneState, PlacementState, ServerTable } from "./state.ts";
export { buildSemaphore, SHARED_TOPICS } from "./services/index.ts";
