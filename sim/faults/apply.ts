// applyFaults: validates every fault against the cloud first (nothing is scheduled if one is
// wrong), then schedules each one's start and end on the simulation and returns the ground
// truth — what, where (as given, resolved, and as components) and when.
import type { Simulation } from "../kernel/index.ts";
import type { Cloud } from "../openstack/index.ts";
import { hitComponents } from "./components.ts";
import { inject } from "./kinds.ts";
import { checkParams, checkTiming } from "./params.ts";
import { resolveTarget } from "./resolve.ts";
import type { Resolved } from "./resolve.ts";
import type { FaultRecord, FaultSpec } from "./types.ts";

/** Validates a fault list against a cloud without scheduling anything; throws FaultSpecError. */
export function validateFaults(cloud: Cloud, faults: readonly FaultSpec[], pathPrefix = "faults"): Resolved[] {
  return faults.map((spec, i) => {
    const path = `${pathPrefix}[${i}]`;
    checkTiming(spec, path, cloud.sim.now);
    checkParams(spec, path);
    return resolveTarget(cloud, spec, path);
  });
}

function params(spec: FaultSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) if (k !== "kind" && k !== "at" && k !== "for" && k !== "target" && k !== "id") out[k] = v;
  return out;
}

/** The ground truth of one fault resolved to `r`. */
export function faultRecord(spec: FaultSpec, r: Resolved): FaultRecord {
  const operations: string[] = [];
  for (const o of r.operations) {
    const name = o.instance === null ? o.op.key : `${o.op.key}@${o.instance.name}`;
    if (!operations.includes(name)) operations.push(name);
  }
  const instances = [...r.instances, ...r.consumers].map((i) => i.name);
  const rec: FaultRecord = {
    kind: spec.kind,
    target: { ...spec.target },
    start: spec.at,
    end: spec.for === undefined ? null : spec.at + spec.for,
    params: params(spec),
    resolved: {
      instances: [...new Set(instances)],
      hosts: r.hosts.map((h) => h.name),
      links: r.link === null ? [] : r.link.links.map((l) => l.name),
      operations,
      queues: r.queues.map((q) => q.name),
    },
    components: hitComponents(spec.kind, r),
  };
  return spec.id === undefined ? rec : { id: spec.id, ...rec };
}

export function applyFaults(sim: Simulation, cloud: Cloud, faults: readonly FaultSpec[]): FaultRecord[] {
  if (sim !== cloud.sim) throw new Error("applyFaults: the cloud was built on another simulation");
  const resolved = validateFaults(cloud, faults);
  return faults.map((spec, i) => {
    const r = resolved[i]!;
    const stream = sim.rng.stream(`fault/${i}`);
    const path = `faults[${i}]`;
    sim.schedule(spec.at - sim.now, () => {
      const undo = inject(cloud, spec, r, stream, path);
      if (spec.for !== undefined) sim.schedule(spec.for, undo);
    });
    return faultRecord(spec, r);
  });
}
