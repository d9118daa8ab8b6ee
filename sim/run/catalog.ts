// The catalog the command uses: the model's topology profiles and names, the tracer presets.
import type { Catalog } from "../scenario/catalog.ts";
import { CONTRACT_WORKFLOWS } from "../scenario/catalog.ts";
import { BUILTIN_PRESETS } from "../scenario/tracer-config.ts";

// Provisional until sim/openstack exports defaultTopology() and validNames(): the names the
// integration contract fixes, so scenario files can be checked before the model lands.
const SERVICES = [
  "cinder-api", "glance-api", "horizon", "keystone", "memcached", "mysql", "neutron-server",
  "nova-api", "nova-compute", "nova-conductor", "nova-scheduler", "placement-api", "rabbitmq",
];

export function defaultCatalog(): Catalog {
  return {
    profiles: { small: {} },
    names: () => ({ services: SERVICES, hosts: [], workflows: [...CONTRACT_WORKFLOWS], operations: [] }),
    presets: BUILTIN_PRESETS,
  };
}
