// Which install function wires which service.
import type { ServiceInstance } from "../instance.ts";
import type { Cloud } from "../cloud.ts";
import { installCinder } from "./cinder.ts";
import { installGlance } from "./glance.ts";
import { installHorizon } from "./horizon.ts";
import { installKeystone } from "./keystone.ts";
import { installNeutron } from "./neutron.ts";
import { installNovaApi } from "./nova-api.ts";
import { installCompute } from "./nova-compute.ts";
import { installConductor } from "./nova-conductor.ts";
import { installScheduler } from "./nova-scheduler.ts";
import { installPlacement } from "./placement.ts";

const INSTALLERS: Readonly<Record<string, (inst: ServiceInstance) => void>> = {
  keystone: installKeystone,
  horizon: installHorizon,
  "nova-api": installNovaApi,
  "nova-conductor": installConductor,
  "nova-scheduler": installScheduler,
  "nova-compute": installCompute,
  placement: installPlacement,
  glance: installGlance,
  neutron: installNeutron,
  cinder: installCinder,
};

/** Declares the instance's routes and RPC servers (backends and the client have none). */
export function installService(_cloud: Cloud, inst: ServiceInstance): void {
  INSTALLERS[inst.service]?.(inst);
}

export { buildSemaphore } from "./nova-compute.ts";
