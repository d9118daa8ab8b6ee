// A fixed catalog for scenario tests, independent of the model's evolving names.
import type { Catalog } from "../../../sim/scenario/catalog.ts";
import { BUILTIN_PRESETS } from "../../../sim/scenario/tracer-config.ts";

export const testCatalog: Catalog = {
  profiles: { small: { computes: 2, keystone: { workers: 4, cacheTtlNs: 300e9 }, hosts: ["controller-1"] } },
  names: (t) => ({
    services: ["horizon", "keystone", "memcached", "nova-api"],
    hosts: ["controller-1", ...Array.from({ length: (t as { computes: number }).computes }, (_, i) => `compute-${i + 1}`)],
    workflows: ["horizon-instances", "server-list", "token-issue"],
    operations: { keystone: ["issue-token", "validate-token"], "nova-api": ["list-servers"] },
  }),
  presets: BUILTIN_PRESETS,
};

export const minimal = `
name: tiny
duration: 10s
workload:
  - { name: cli, type: open, rate: 5/s, mix: { token-issue: 1 } }
`;
