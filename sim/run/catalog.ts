// The catalog the command uses: the model's topology profiles, the names valid in a topology
// (from a cloud built for the purpose) and the model's checks of faults, and the tracer presets.
import { Simulation } from "../kernel/index.ts";
import type { Catalog } from "../scenario/catalog.ts";
import type { ScenarioIssue } from "../scenario/errors.ts";
import type { FaultSpec } from "../scenario/fault-schema.ts";
import type { PathSegment } from "../scenario/path.ts";
import type { ValidNames } from "../scenario/semantic.ts";
import { PRESET_CONFIGS } from "../../tracer/presets/index.ts";
import { FaultSpecError, validateFaults } from "../faults/index.ts";
import { buildCloud, defaultTopology, largeTopology, mediumTopology, TopologyError, validNames, WORKFLOWS } from "../openstack/index.ts";
import type { Cloud, TopologyConfig } from "../openstack/index.ts";
import { addCollectorHost } from "./model.ts";
import { topologyLimits } from "./topology-limits.ts";

export { COLLECTOR_HOST } from "./model.ts";

/** "faults[2].target.service" → ["faults", 2, "target", "service"]. */
export function parsePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** A cloud per topology object, built once for names and checks (never run). */
const clouds = new WeakMap<object, Cloud | TopologyError>();

function cloudFor(topology: object): Cloud | TopologyError {
  let c = clouds.get(topology);
  if (c === undefined) {
    try {
      const sim = new Simulation({ seed: "catalog" });
      c = buildCloud(sim, topology as TopologyConfig);
      addCollectorHost(sim, c);
    } catch (e) {
      if (!(e instanceof TopologyError)) throw e;
      c = e;
    }
    clouds.set(topology, c);
  }
  return c;
}

export function namesOf(topology: object): ValidNames {
  const cloud = cloudFor(topology);
  if (cloud instanceof TopologyError) return { services: [], hosts: [], workflows: [...WORKFLOWS], operations: {} };
  const n = validNames(cloud);
  const operations: Record<string, string[]> = {};
  for (const key of n.operations) {
    const dot = key.indexOf(".");
    (operations[key.slice(0, dot)] ??= []).push(key.slice(dot + 1));
  }
  return {
    services: n.services,
    instances: n.instances,
    hosts: n.hosts,
    workflows: [...WORKFLOWS],
    operations,
  };
}

function check(topology: object, faults: readonly FaultSpec[]): ScenarioIssue[] {
  const cloud = cloudFor(topology);
  if (cloud instanceof TopologyError) {
    return [{ path: ["topology", "overrides", ...parsePath(cloud.path)], message: cloud.message.replace(/^topology\.\S+: /, "") }];
  }
  try {
    validateFaults(cloud, faults);
  } catch (e) {
    if (!(e instanceof FaultSpecError)) throw e;
    return [{ path: parsePath(e.path), message: e.message.slice(e.path.length + 2) }];
  }
  return [];
}

export function defaultCatalog(): Catalog {
  return {
    profiles: { small: defaultTopology(), medium: mediumTopology(), large: largeTopology() },
    limits: (topology, epochNs) => topologyLimits(topology as TopologyConfig, epochNs),
    names: namesOf,
    check,
    presets: PRESET_CONFIGS,
  };
}
