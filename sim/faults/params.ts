// Checks the kind-specific parameters of a fault spec (times, probabilities, distributions).
import { compileDuration, DistributionError } from "../kernel/index.ts";
import type { Sampler } from "../kernel/index.ts";
import { FaultSpecError } from "./errors.ts";
import { DEPENDENCIES, FAULT_KINDS, LIMIT_NAMES } from "./types.ts";
import type { FaultSpec, LatencyAdd } from "./types.ts";
import { closestName } from "../openstack/index.ts";

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

export function checkTiming(spec: FaultSpec, path: string, now: number): void {
  if (spec === null || typeof spec !== "object") throw new FaultSpecError(path, "not an object", "a fault spec object");
  if (!FAULT_KINDS.includes(spec.kind)) {
    throw new FaultSpecError(`${path}.kind`, `unknown fault kind ${JSON.stringify(spec.kind)}`, `one of ${FAULT_KINDS.join(", ")}`, typeof spec.kind === "string" ? closestName(spec.kind, FAULT_KINDS) : undefined);
  }
  if (!isInt(spec.at) || spec.at < 0) throw new FaultSpecError(`${path}.at`, `got ${String(spec.at)}`, "a non-negative integer number of ns");
  if (spec.at < now) throw new FaultSpecError(`${path}.at`, `${spec.at} ns is already in the past (now ${now} ns)`, "a time at or after now");
  if (spec.for !== undefined && (!isInt(spec.for) || spec.for <= 0)) throw new FaultSpecError(`${path}.for`, `got ${String(spec.for)}`, "a positive integer number of ns");
}

function probability(v: unknown, path: string): number {
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new FaultSpecError(path, `got ${String(v)}`, "a probability between 0 and 1");
  return v;
}

/** A sampler of added ns from a fixed number or a distribution spec. */
export function latencySampler(add: LatencyAdd, path: string): Sampler {
  if (typeof add === "number") {
    if (!isInt(add) || add < 0) throw new FaultSpecError(path, `got ${add}`, "a non-negative integer number of ns, or a distribution");
    return () => add;
  }
  try {
    return compileDuration(add, { path });
  } catch (e) {
    if (e instanceof DistributionError) throw new FaultSpecError(path, e.message, "a valid distribution spec");
    throw e;
  }
}

export function checkParams(spec: FaultSpec, path: string): void {
  switch (spec.kind) {
    case "latency": {
      if (spec.add === undefined && spec.growth === undefined) throw new FaultSpecError(path, "latency needs `add` or `growth`", "add (ns or distribution) and/or growth");
      if (spec.add !== undefined) latencySampler(spec.add, `${path}.add`);
      const g = spec.growth as Record<string, unknown> | undefined;
      if (g !== undefined) {
        if ("state" in g) {
          if (g.state !== "revocation-events") throw new FaultSpecError(`${path}.growth.state`, `got ${JSON.stringify(g.state)}`, `"revocation-events"`);
          if (typeof g.eventsPerSecond !== "number" || !(g.eventsPerSecond > 0)) throw new FaultSpecError(`${path}.growth.eventsPerSecond`, `got ${String(g.eventsPerSecond)}`, "a positive number");
        } else if (typeof g.nsPerSecond !== "number" || !(g.nsPerSecond > 0)) {
          throw new FaultSpecError(`${path}.growth.nsPerSecond`, `got ${String(g.nsPerSecond)}`, "a positive number of ns added per second");
        }
      }
      break;
    }
    case "error":
      probability(spec.probability, `${path}.probability`);
      break;
    case "message-loss":
    case "message-duplication":
      probability(spec.probability, `${path}.probability`);
      break;
    case "message-delay":
      latencySampler(spec.delay, `${path}.delay`);
      break;
    case "slow-dependency":
      if (!DEPENDENCIES.includes(spec.dependency)) throw new FaultSpecError(`${path}.dependency`, `got ${JSON.stringify(spec.dependency)}`, `one of ${DEPENDENCIES.join(", ")}`, typeof spec.dependency === "string" ? closestName(spec.dependency, DEPENDENCIES) : undefined);
      latencySampler(spec.add, `${path}.add`);
      break;
    case "limit":
      if (!LIMIT_NAMES.includes(spec.limit)) throw new FaultSpecError(`${path}.limit`, `got ${JSON.stringify(spec.limit)}`, `one of ${LIMIT_NAMES.join(", ")}`, typeof spec.limit === "string" ? closestName(spec.limit, LIMIT_NAMES) : undefined);
      if (!isInt(spec.value) || spec.value < 0) throw new FaultSpecError(`${path}.value`, `got ${String(spec.value)}`, "a non-negative integer");
      break;
    case "partition":
      if (spec.direction !== undefined && !["both", "out", "in"].includes(spec.direction)) throw new FaultSpecError(`${path}.direction`, `got ${JSON.stringify(spec.direction)}`, `"both", "out" or "in"`);
      break;
    case "clock-skew":
      if (spec.offsetNs === undefined && spec.driftPpm === undefined) throw new FaultSpecError(path, "clock-skew needs offsetNs and/or driftPpm", "offsetNs (ns) or driftPpm");
      if (spec.offsetNs !== undefined && !isInt(spec.offsetNs)) throw new FaultSpecError(`${path}.offsetNs`, `got ${String(spec.offsetNs)}`, "an integer number of ns");
      if (spec.driftPpm !== undefined && (typeof spec.driftPpm !== "number" || !Number.isFinite(spec.driftPpm))) throw new FaultSpecError(`${path}.driftPpm`, `got ${String(spec.driftPpm)}`, "a finite number (ppm)");
      break;
    default:
      break;
  }
}
