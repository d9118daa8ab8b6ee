// Valid fault-target names of a built cloud, for validation and "did you mean" suggestions.
import type { Cloud } from "./cloud.ts";
import { closest } from "./workflows.ts";

export interface ValidNames {
  /** Service names ("keystone", "nova-compute", ...). */
  readonly services: readonly string[];
  /** Instance names ("keystone-1", "nova-compute-3", ...). */
  readonly instances: readonly string[];
  /** Host names ("controller-1", "compute-2", "broker-1", "db-1", "client-1"). */
  readonly hosts: readonly string[];
  /** Links as "a<->b" per unordered host pair ("a->b" one-way forms are accepted too). */
  readonly links: readonly string[];
  /** Operations as "service.operation" ("keystone.validate_token"). */
  readonly operations: readonly string[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function validNames(cloud: Cloud): ValidNames {
  return {
    services: [...cloud.services()].filter((s) => cloud.instances(s).length > 0).sort(byName),
    instances: cloud.allInstances().map((i) => i.name).sort(byName),
    hosts: cloud.hosts().map((h) => h.name).sort(byName),
    links: cloud.net.linkNames(),
    operations: [...cloud.operations().keys()].sort(byName),
  };
}

export { closest as closestName };
