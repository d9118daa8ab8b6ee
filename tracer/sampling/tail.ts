// Tail sampling at the collector: a whole trace is judged after it is assembled. Policies are
// plain data (OTel Collector `tail_sampling` vocabulary); a trace is kept when any policy
// matches. Every policy is evaluated on every trace so its kept/dropped counts stay exact.
import type { Trace } from "../model/types.ts";
import { traceIdUniform } from "./randomness.ts";
import { ShapeModel, shapeKey, tracePathHashes } from "./structure.ts";
import { SamplingConfigError } from "./errors.ts";

export type TailPolicySpec =
  | { readonly kind: "always" }
  /** Earliest start to latest end (host-clock ns) at or above `thresholdNs` (and below the upper bound). */
  | { readonly kind: "latency"; readonly thresholdNs: number; readonly upperThresholdNs?: number }
  /** Any span or end event with status error, or an attribute `error: true`. */
  | { readonly kind: "error" }
  /** Any span or event whose name is listed (and, if given, whose service is listed). */
  | { readonly kind: "operation"; readonly names: readonly string[]; readonly services?: readonly string[] }
  /** Consistent by trace id: the same trace gets the same answer at every collector. */
  | { readonly kind: "probabilistic"; readonly ratio: number }
  | { readonly kind: "span-count"; readonly min: number; readonly max?: number }
  /**
   * Sifter-style diversity: always keep a never-seen shape; otherwise keep with probability
   * min(1, alpha * (loss + s) / (mean loss of the last `window` traces + s)), s = `smoothing`
   * bits, so a steady workload (every loss ~0) is sampled uniformly at alpha.
   */
  | {
      readonly kind: "rare-structure";
      readonly alpha?: number;
      readonly pathLength?: number;
      readonly window?: number;
      readonly keepNeverSeen?: boolean;
      readonly smoothing?: number;
    };

export type NamedTailPolicy = TailPolicySpec & { readonly name?: string };

export interface TailPolicyCounts {
  matched: number;
  notMatched: number;
}

export interface TailStats {
  traces: number;
  kept: number;
  dropped: number;
  /** Per policy (by name): traces it matched and did not match. */
  policies: Record<string, TailPolicyCounts>;
  /** Traces kept, attributed to the first policy that matched (in configuration order). */
  keptBy: Record<string, number>;
}

export interface TailSampler {
  decide(trace: Trace): boolean;
  readonly stats: Readonly<TailStats>;
}

type Predicate = (trace: Trace) => boolean;

/** Earliest start to latest end over every event and span, in host-clock ns. */
export function traceDuration(trace: Trace): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of trace.events) {
    if (e.timestamp < lo) lo = e.timestamp;
    if (e.timestamp > hi) hi = e.timestamp;
  }
  for (const s of trace.spans) {
    if (s.start < lo) lo = s.start;
    if (s.end > hi) hi = s.end;
  }
  return hi >= lo ? hi - lo : 0;
}

export function traceHasError(trace: Trace): boolean {
  for (const e of trace.events) {
    if (e.status?.code === "error" || e.attributes?.["error"] === true) return true;
  }
  for (const s of trace.spans) {
    if (s.status.code === "error" || s.attributes["error"] === true) return true;
  }
  return false;
}

function finite(path: string, v: unknown, min = 0): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min) throw new SamplingConfigError(path, `a number >= ${min}`, v);
  return v;
}

function stringList(path: string, v: unknown): readonly string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new SamplingConfigError(path, "an array of strings", v);
  return v as string[];
}

function compile(spec: TailPolicySpec, path: string): Predicate {
  switch (spec.kind) {
    case "always":
      return () => true;
    case "latency": {
      const lo = finite(`${path}.thresholdNs`, spec.thresholdNs);
      const hi = spec.upperThresholdNs === undefined ? Infinity : finite(`${path}.upperThresholdNs`, spec.upperThresholdNs, lo);
      return (t) => {
        const d = traceDuration(t);
        return d >= lo && d < hi;
      };
    }
    case "error":
      return traceHasError;
    case "operation": {
      const names = new Set(stringList(`${path}.names`, spec.names));
      const services = spec.services === undefined ? undefined : new Set(stringList(`${path}.services`, spec.services));
      const hit = (name: string, service: string) => names.has(name) && (services === undefined || services.has(service));
      return (t) => t.events.some((e) => hit(e.name, e.service)) || t.spans.some((s) => hit(s.name, s.service));
    }
    case "probabilistic": {
      const ratio = finite(`${path}.ratio`, spec.ratio);
      if (ratio > 1) throw new SamplingConfigError(`${path}.ratio`, "a number in [0, 1]", ratio);
      return (t) => traceIdUniform(t.traceId) < ratio;
    }
    case "span-count": {
      const min = finite(`${path}.min`, spec.min);
      const max = spec.max === undefined ? Infinity : finite(`${path}.max`, spec.max, min);
      return (t) => {
        const n = t.spans.length + t.events.filter((e) => e.kind === "start").length;
        return n >= min && n <= max;
      };
    }
    case "rare-structure":
      return rareStructure(spec, path);
    default:
      throw new SamplingConfigError(`${path}.kind`, "always, latency, error, operation, probabilistic, span-count or rare-structure", (spec as { kind: unknown }).kind);
  }
}

function rareStructure(spec: Extract<TailPolicySpec, { kind: "rare-structure" }>, path: string): Predicate {
  const alpha = finite(`${path}.alpha`, spec.alpha ?? 0.01);
  const model = new ShapeModel({
    pathLength: finite(`${path}.pathLength`, spec.pathLength ?? 3, 1),
    window: finite(`${path}.window`, spec.window ?? 1000, 1),
  });
  const keepNeverSeen = spec.keepNeverSeen ?? true;
  const smoothing = finite(`${path}.smoothing`, spec.smoothing ?? 0.05, Number.MIN_VALUE);
  const seen = new Set<number>();
  return (t) => {
    const paths = tracePathHashes(t, model.pathLength);
    const key = shapeKey(paths);
    const fresh = !seen.has(key);
    if (fresh) seen.add(key);
    const loss = model.loss(paths);
    const mean = model.meanLoss;
    model.observe(paths, loss);
    if (fresh && keepNeverSeen) return true;
    const p = Math.min(1, (alpha * (loss + smoothing)) / (mean + smoothing));
    return traceIdUniform(t.traceId) < p;
  };
}

export function createTailSampler(config: { readonly policies: readonly NamedTailPolicy[] }): TailSampler {
  if (typeof config !== "object" || config === null || !Array.isArray(config.policies)) {
    throw new SamplingConfigError("tail.policies", "an array of policies", config);
  }
  const names: string[] = [];
  const predicates: Predicate[] = [];
  config.policies.forEach((spec, i) => {
    const path = `tail.policies[${i}]`;
    if (typeof spec !== "object" || spec === null) throw new SamplingConfigError(path, "a policy object", spec);
    const name = spec.name ?? `${spec.kind}${config.policies.filter((p) => p.kind === spec.kind).length > 1 ? `-${i}` : ""}`;
    if (names.includes(name)) throw new SamplingConfigError(`${path}.name`, "a name no other policy has", name);
    names.push(name);
    predicates.push(compile(spec, path));
  });
  const stats: TailStats = { traces: 0, kept: 0, dropped: 0, policies: {}, keptBy: {} };
  for (const n of names) stats.policies[n] = { matched: 0, notMatched: 0 };
  return {
    stats,
    decide(trace: Trace): boolean {
      stats.traces++;
      let first: string | undefined;
      for (let i = 0; i < predicates.length; i++) {
        const name = names[i]!;
        if (predicates[i]!(trace)) {
          stats.policies[name]!.matched++;
          if (first === undefined) first = name;
        } else stats.policies[name]!.notMatched++;
      }
      if (first === undefined) {
        stats.dropped++;
        return false;
      }
      stats.kept++;
      stats.keptBy[first] = (stats.keptBy[first] ?? 0) + 1;
      return true;
    },
  };
}
