// The catalog the command uses: the model's topology profiles and the names valid in a
// topology (services, hosts, workflows, operations), and the tracer presets.
import type { Catalog } from "../scenario/catalog.ts";
import { CONTRACT_WORKFLOWS } from "../scenario/catalog.ts";
import type { ValidNames } from "../scenario/semantic.ts";
import { BUILTIN_PRESETS } from "../scenario/tracer-config.ts";
import { DEFAULT_LATENCY } from "../openstack/latencies.ts";
import { defaultTopology, SERVICE_NAMES } from "../openstack/topology.ts";
import type { TopologyConfig } from "../openstack/topology.ts";

/** The host the collector runs on; the runner adds it to the network. */
export const COLLECTOR_HOST = "collector-1";

export function namesOf(t: TopologyConfig): ValidNames {
  const hosts: string[] = [];
  for (let i = 1; i <= t.hosts.controllers; i++) hosts.push(`controller-${i}`);
  for (let i = 1; i <= t.hosts.computes; i++) hosts.push(`compute-${i}`);
  hosts.push("broker-1", "db-1", "client-1", COLLECTOR_HOST);
  const operations: Record<string, string[]> = {};
  for (const [service, ops] of Object.entries(DEFAULT_LATENCY)) operations[service] = Object.keys(ops).sort();
  return {
    services: [...SERVICE_NAMES].sort(),
    hosts,
    workflows: [...CONTRACT_WORKFLOWS],
    operations,
  };
}

export function defaultCatalog(): Catalog {
  return {
    profiles: { small: defaultTopology() },
    names: (t) => namesOf(t as TopologyConfig),
    presets: BUILTIN_PRESETS,
  };
}
