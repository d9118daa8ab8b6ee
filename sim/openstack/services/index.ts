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

/**
 * The services whose modelled code paths query the database (through their oslo.db pool):
 * nova-scheduler only for its servicegroup reports (its host state comes from Placement and the
 * computes' RPC updates in this model); nova-compute has no database access at all (it asks the
 * conductor).
 */
const DATABASE_CLIENTS: ReadonlySet<string> = new Set(["keystone", "nova-api", "nova-conductor", "nova-scheduler", "placement", "glance", "neutron", "cinder"]);

/** Declares the instance's routes and RPC servers (backends and the client have none). */
export function installService(_cloud: Cloud, inst: ServiceInstance): void {
  INSTALLERS[inst.service]?.(inst);
  inst.dropUnusedPools(DATABASE_CLIENTS.has(inst.service));
}

export { buildSemaphore } from "./nova-compute.ts";

/**
 * RPC topics callers address without a server, so several servers compete for their messages:
 * nova-api and nova-compute cast and call `conductor`, the conductor calls `scheduler`. Every
 * compute method is prepared with server=host (nova/compute/rpcapi.py), so nothing is sent to
 * the bare `compute` topic.
 */
export const SHARED_TOPICS: readonly string[] = ["conductor", "scheduler"];
