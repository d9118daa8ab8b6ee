// The runner's binding to the model: sim/openstack builds the cloud, sim/faults injects faults.
import type { Simulation } from "../kernel/index.ts";
import { Host } from "../net/index.ts";
import { buildCloud } from "../openstack/index.ts";
import type { TopologyConfig } from "../openstack/index.ts";
import type { Format } from "../../tracer/index.ts";
import { COLLECTOR_HOST } from "./catalog.ts";
import type { CloudPort, FaultRecord, ModelPort } from "./model-port.ts";
import { RunConfigError } from "./samplers.ts";

export function defaultModel(): ModelPort {
  return {
    buildCloud(sim: Simulation, topology: object, tracing, propagation): CloudPort {
      const cloud = buildCloud(sim, topology as TopologyConfig, { tracing, propagation: propagation as Format[] });
      // The collector gets a host of its own, reached over the default LAN link.
      const collectorHost = new Host(sim, COLLECTOR_HOST, "collector");
      cloud.net.addHost(collectorHost);
      return {
        network: cloud.net,
        collectorHost,
        startRequest: (workflow) => cloud.startRequest(workflow),
      };
    },
    applyFaults(_sim, _cloud, faults): readonly FaultRecord[] {
      if (faults.length > 0) throw new RunConfigError("faults: this build has no fault injector (sim/faults)");
      return [];
    },
  };
}
