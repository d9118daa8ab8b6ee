// Topology profiles bigger than "small": the small cloud's layout repeated `scale` times, so every
// host carries the load it carries in "small" when the workload is scaled by the same factor,
// plus nova cells v2 once there is more than one cell.
//
// Each group of three controllers runs what small's three run (keystone, nova-api, the super
// conductors, placement and neutron on the first two; glance and memcached on the first; cinder
// on the second; horizon on the third; the schedulers on the second and third), and each group of
// four computes is four more computes. With cells > 1 the computes are split among the cells in
// equal blocks, and each cell gets its own message queue, database (with `db.replicas` Galera
// replicas, as the API database has) and `cells.conductors` conductors (nova doc
// doc/source/admin/cells.rst, "Multiple cells": "the message bus must be split into pieces along
// the same lines as the cell database", and a super conductor for the API-level services).
// Following the same page's advice for multi-cell deployments, computes do not report instance
// changes to the schedulers ([filter_scheduler] track_instance_changes = False: they cannot reach
// them), and nothing else changes from nova's defaults.
import { defaultTopology } from "./topology.ts";
import type { ServiceConfig, TopologyConfig } from "./topology.ts";

export interface ScaleSpec {
  /** The profile's name. */
  readonly profile: string;
  /** Copies of the small cloud: 3 × scale controllers, 4 × scale computes. */
  readonly scale: number;
  readonly cells: number;
  /** Conductors per cell (multi-cell only): a choice, a few per cell as large deployments run. */
  readonly cellConductors: number;
  /** Galera replicas beside each database primary. */
  readonly dbReplicas: number;
}

/** "medium": 24 controllers, 32 computes, two cells. */
export const MEDIUM: ScaleSpec = { profile: "medium", scale: 8, cells: 2, cellConductors: 2, dbReplicas: 1 };
/** "large": 90 controllers, 120 computes, four cells of 30 computes, two DB replicas per cluster. */
export const LARGE: ScaleSpec = { profile: "large", scale: 30, cells: 4, cellConductors: 3, dbReplicas: 2 };

/** Hosts of every group's controller `k` (1..3), group by group. */
function controllersAt(scale: number, ks: readonly number[]): string[] {
  const out: string[] = [];
  for (let g = 0; g < scale; g++) for (const k of ks) out.push(`controller-${3 * g + k}`);
  return out;
}

function placed(small: ServiceConfig, scale: number, ks: readonly number[]): ServiceConfig {
  const hosts = controllersAt(scale, ks);
  return { ...small, replicas: hosts.length, hosts };
}

export function scaledTopology(spec: ScaleSpec): TopologyConfig {
  const small = defaultTopology();
  const s = spec.scale;
  if (!Number.isInteger(s) || s < 1) throw new Error(`scale must be a positive integer, got ${s}`);
  const services = small.services;
  const multiCell = spec.cells > 1;
  return {
    ...small,
    profile: spec.profile,
    hosts: { ...small.hosts, controllers: 3 * s, computes: 4 * s },
    services: {
      ...services,
      keystone: placed(services.keystone, s, [1, 2]),
      horizon: placed(services.horizon, s, [3]),
      "nova-api": placed(services["nova-api"], s, [1, 2]),
      "nova-conductor": placed(services["nova-conductor"], s, [1, 2]),
      "nova-scheduler": placed(services["nova-scheduler"], s, [2, 3]),
      "nova-compute": { ...services["nova-compute"], replicas: 4 * s },
      placement: placed(services.placement, s, [1, 2]),
      glance: placed(services.glance, s, [1]),
      neutron: placed(services.neutron, s, [1, 2]),
      cinder: placed(services.cinder, s, [2]),
      memcached: placed(services.memcached, s, [1]),
    },
    cells: { count: spec.cells, conductors: multiCell ? spec.cellConductors : 0 },
    // Users (and so their tokens in the caches) grow with the cloud like the load does.
    keystone: { ...small.keystone, users: small.keystone.users * s },
    compute: { ...small.compute, trackInstanceChanges: !multiCell },
    db: { ...small.db, replicas: spec.dbReplicas },
  };
}

export function mediumTopology(): TopologyConfig {
  return scaledTopology(MEDIUM);
}

export function largeTopology(): TopologyConfig {
  return scaledTopology(LARGE);
}
