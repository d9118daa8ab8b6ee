// The runner's binding to the model: sim/openstack builds the cloud, sim/faults injects faults.
import type { Simulation } from "../kernel/index.ts";
import { Host } from "../net/index.ts";
import { buildCloud } from "../openstack/index.ts";
import type { Cloud, TopologyConfig } from "../openstack/index.ts";
import { applyFaults } from "../faults/index.ts";
import type { Format } from "../../tracer/index.ts";
import type { CloudPort, FaultRecord, ModelPort } from "./model-port.ts";

interface OpenStackPort extends CloudPort {
  readonly cloud: Cloud;
}

/** The host the collector runs on; the runner adds it to the network (faults may target it). */
export const COLLECTOR_HOST = "collector-1";

/** The collector gets a host of its own, reached over the default LAN link. */
export function addCollectorHost(sim: Simulation, cloud: Cloud): Host {
  const host = new Host(sim, COLLECTOR_HOST, "collector");
  cloud.net.addHost(host);
  return host;
}

export function defaultModel(): ModelPort {
  return {
    buildCloud(sim: Simulation, topology: object, tracing, propagation): CloudPort {
      const cloud = buildCloud(sim, topology as TopologyConfig, { tracing, propagation: propagation as Format[] });
      const collectorHost = addCollectorHost(sim, cloud);
      const port: OpenStackPort = {
        cloud,
        network: cloud.net,
        collectorHost,
        broker: cloud.broker,
        startRequest: (workflow, options) => cloud.startRequest(workflow, options),
        onBackground: (listener) => cloud.onBackground(listener),
        instances: () => cloud.allInstances().map((i) => ({ name: i.name, service: i.service, host: i.host.name })),
      };
      return port;
    },
    applyFaults(sim, port, faults, runEnd): readonly FaultRecord[] {
      // No cast: the scenario schema's output type must stay assignable to sim/faults' FaultSpec.
      const records = applyFaults(sim, (port as OpenStackPort).cloud, faults);
      // A fault without `for` lasts until the end of the run.
      return records.map((r) => ({
        ...(r.id === undefined ? {} : { id: r.id }),
        kind: r.kind,
        target: { ...r.target },
        start: r.start,
        end: r.end ?? runEnd,
        params: { ...r.params },
        resolved: r.resolved,
        components: r.components,
      }));
    },
  };
}
