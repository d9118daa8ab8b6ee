// What the runner needs from the model (issue 5's integration contract), in one place so the
// binding to sim/openstack and sim/faults is a single small module.
import type { Process, Simulation } from "../kernel/index.ts";
import type { Host, Network } from "../net/index.ts";
import type { Broker } from "../rpc/index.ts";
import type { FaultSpec } from "../scenario/fault-schema.ts";
import type { RequestOutcome } from "./aggregate.ts";
import type { TracingFactory } from "./tracing.ts";

/** One injected fault as it actually happened (ground truth for diagnosis). */
export interface FaultRecord {
  readonly id?: string;
  readonly kind: string;
  readonly target: Readonly<Record<string, unknown>>;
  readonly start: number;
  readonly end: number;
  readonly params: Readonly<Record<string, unknown>>;
  /** Concrete parts hit, by name: instances, hosts, links, operations, queues. */
  readonly resolved?: Readonly<Record<string, readonly string[]>>;
  /** What the fault hit as components a diagnosis names ({kind, service?, operation?, instance?, host?, link?, queue?}; sim/faults/components.ts). */
  readonly components?: readonly Readonly<Record<string, string>>[];
}

export interface CloudPort {
  readonly network: Network;
  /** Where collection agents ship batches to. */
  readonly collectorHost: Host;
  /** The message bus (tracers that notify over it publish there). */
  readonly broker?: Broker;
  /** `tokenReuse`: CLI commands take a pooled token instead of authenticating (a workload generator's option). */
  startRequest(workflow: string, options?: { readonly tokenReuse?: boolean }): Process<RequestOutcome>;
  /** Tells `listener` of every finished background run (periodic tasks, heartbeats): a workflow of its own. */
  onBackground?(listener: (run: RequestOutcome & { readonly start: number }) => void): void;
  /** Every service instance by name, with its service and host (a diagnosis names instances by service and host). */
  instances(): readonly { readonly name: string; readonly service: string; readonly host: string }[];
}

export interface ModelPort {
  buildCloud(sim: Simulation, topology: object, tracing: TracingFactory, propagation: readonly string[]): CloudPort;
  applyFaults(sim: Simulation, cloud: CloudPort, faults: readonly FaultSpec[], runEnd: number): readonly FaultRecord[];
}
