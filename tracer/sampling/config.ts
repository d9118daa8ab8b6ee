// Samplers from plain data (what scenario files hold). Jaeger-style samplers decide only for
// new traces and follow the caller otherwise (wrapped in parent-based) unless `followParent`
// is false; the OTel consistent sampler follows the parent with threshold checking; the
// on-demand sampler always verifies its trigger itself.
import type { Sampler } from "../model/sampler.ts";
import type { Clock } from "../model/types.ts";
import { adaptive } from "./adaptive.ts";
import type { AdaptiveOptions } from "./adaptive.ts";
import { SamplingConfigError } from "./errors.ts";
import { constSampler, ON_DEMAND_BYPASS, parentBased, probabilistic } from "./head.ts";
import { onDemand } from "./on-demand.ts";
import { perOperation, rateLimiting } from "./rate-limiting.ts";
import { consistentProbability, parentThreshold } from "./threshold.ts";

export type SamplerSpec = (
  | { readonly type: "const"; readonly decision: boolean }
  | { readonly type: "probabilistic"; readonly rate: number }
  | { readonly type: "ratelimiting"; readonly tracesPerSecond: number }
  | {
      readonly type: "per-operation";
      readonly defaultRate?: number;
      readonly lowerBoundTracesPerSecond?: number;
      readonly operations?: Readonly<Record<string, number>>;
      readonly maxOperations?: number;
    }
  | ({ readonly type: "adaptive" } & Omit<AdaptiveOptions, "clock">)
  | { readonly type: "consistent"; readonly probability: number; readonly precision?: number }
  | {
      readonly type: "on-demand";
      readonly hmacKeys: readonly string[];
      readonly retiredKeys?: readonly string[];
      /** Nonce and expiry in every trigger, a replayed one refused (off by default: OSProfiler's wire format). */
      readonly replayProtection?: { readonly ttl?: number; readonly cacheSize?: number };
    }
  | { readonly type: "parent-based"; readonly root: SamplerSpec }
) & { readonly followParent?: boolean };

export const SAMPLER_TYPES = ["const", "probabilistic", "ratelimiting", "per-operation", "adaptive", "consistent", "on-demand", "parent-based"] as const;

export interface SamplerContext {
  /** The host clock rate-limiting and adaptive samplers read. */
  readonly clock: Clock;
}

export function createSampler(spec: SamplerSpec, context: SamplerContext, path = "sampler"): Sampler {
  if (typeof spec !== "object" || spec === null) throw new SamplingConfigError(path, "a sampler object", spec);
  const follow = spec.followParent ?? true;
  const wrap = (s: Sampler) => (follow ? parentBased({ root: s }) : s);
  switch (spec.type) {
    case "const":
      return wrap(constSampler(spec.decision));
    case "probabilistic":
      return wrap(probabilistic({ rate: spec.rate }));
    case "ratelimiting":
      return wrap(rateLimiting({ tracesPerSecond: spec.tracesPerSecond, clock: context.clock }));
    case "per-operation":
      return wrap(perOperation({ ...spec, clock: context.clock }));
    case "adaptive": {
      const { type: _t, followParent: _f, ...rest } = spec;
      return wrap(adaptive({ ...rest, clock: context.clock }));
    }
    case "consistent": {
      const root = consistentProbability({ probability: spec.probability, precision: spec.precision });
      return follow ? parentThreshold(root) : root;
    }
    case "on-demand": {
      if (spec.followParent === true) throw new SamplingConfigError(`${path}.followParent`, `false or absent (${ON_DEMAND_BYPASS})`, true);
      const r = spec.replayProtection;
      return onDemand({ hmacKeys: spec.hmacKeys, retiredKeys: spec.retiredKeys, replay: r === undefined ? undefined : { clock: context.clock, ttlNs: r.ttl, cacheSize: r.cacheSize } });
    }
    case "parent-based":
      if (spec.root?.type === "on-demand") throw new SamplingConfigError(`${path}.root.type`, `a sampler other than on-demand (${ON_DEMAND_BYPASS})`, "on-demand");
      return parentBased({ root: createSampler({ ...spec.root, followParent: false } as SamplerSpec, context, `${path}.root`) });
    default:
      throw new SamplingConfigError(`${path}.type`, `one of ${SAMPLER_TYPES.join(", ")}`, (spec as { type: unknown }).type);
  }
}

/**
 * Samplers for a whole run from one spec: `(service, clock)` gives each tracer its sampler.
 * Adaptive samplers are shared per service (jaeger computes a service's probabilities from all
 * its instances' traffic); every other kind is per tracer, as in a real process.
 */
export function samplerFactory(spec: SamplerSpec): (service: string, clock: Clock) => Sampler {
  const shared = new Map<string, Sampler>();
  const adaptiveInside = (s: SamplerSpec): boolean => s.type === "adaptive" || (s.type === "parent-based" && adaptiveInside(s.root));
  return (service, clock) => {
    if (!adaptiveInside(spec)) return createSampler(spec, { clock });
    let s = shared.get(service);
    if (s === undefined) {
      s = createSampler(spec, { clock });
      shared.set(service, s);
    }
    return s;
  };
}
