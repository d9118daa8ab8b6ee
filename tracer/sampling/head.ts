// Head samplers decided at the root from what the trace point knows: constant, probabilistic
// by trace id (every service draws the same number for the same trace, so independent
// decisions agree and traces are whole), and parent-based (OTel's ParentBased: follow the
// caller's decision, use `root` only for new traces).
import type { Sampler, SamplingParams, SamplingResult } from "../model/sampler.ts";
import { SamplingConfigError } from "./errors.ts";
import { isOnDemand } from "./on-demand.ts";
import { traceIdUniform } from "./randomness.ts";

/** Why the on-demand sampler may not follow a caller's decision (shared with tracer/config's schema). */
export const ON_DEMAND_BYPASS =
  "following the caller's sampled flag would trace any request that says it is sampled, an unsigned traceparent …-01 included, bypassing the signed trigger; the on-demand sampler already carries its decision to child spans";

const YES: SamplingResult = Object.freeze({ decision: true });
const NO: SamplingResult = Object.freeze({ decision: false });

export function constSampler(decision: boolean): Sampler {
  if (typeof decision !== "boolean") throw new SamplingConfigError("const.decision", "true or false", decision);
  const result = Object.freeze({ decision, attributes: Object.freeze({ "sampler.type": "const", "sampler.param": decision }) });
  return { shouldSample: () => (decision ? result : NO) };
}

export function checkRate(path: string, rate: unknown): number {
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) throw new SamplingConfigError(path, "a probability in [0, 1]", rate);
  return rate;
}

/** Jaeger's probabilistic sampler, with the draw taken from the trace id instead of Math.random. */
export function probabilistic(options: { readonly rate: number }): Sampler {
  const rate = checkRate("probabilistic.rate", options?.rate);
  const yes = Object.freeze({ decision: true, attributes: Object.freeze({ "sampler.type": "probabilistic", "sampler.param": rate }) });
  return { shouldSample: (p) => (traceIdUniform(p.traceId) < rate ? yes : NO) };
}

export interface ParentBasedOptions {
  readonly root: Sampler;
  readonly remoteParentSampled?: Sampler;
  readonly remoteParentNotSampled?: Sampler;
  readonly localParentSampled?: Sampler;
  readonly localParentNotSampled?: Sampler;
}

const on: Sampler = { shouldSample: () => YES };
const off: Sampler = { shouldSample: () => NO };

function checkSampler(path: string, s: unknown): Sampler | undefined {
  if (s === undefined) return undefined;
  if (typeof (s as Sampler | null)?.shouldSample !== "function") throw new SamplingConfigError(path, "a Sampler", s);
  return s as Sampler;
}

/** OTel ParentBased: the defaults follow the parent's sampled flag. */
export function parentBased(options: ParentBasedOptions): Sampler {
  const root = checkSampler("parentBased.root", options?.root);
  if (root === undefined) throw new SamplingConfigError("parentBased.root", "a Sampler");
  // Following the caller's sampled flag would let any unsigned `traceparent …-01` past the trigger.
  if (isOnDemand(root)) throw new SamplingConfigError("parentBased.root", `a sampler other than on-demand (${ON_DEMAND_BYPASS})`);
  const remoteYes = checkSampler("parentBased.remoteParentSampled", options.remoteParentSampled) ?? on;
  const remoteNo = checkSampler("parentBased.remoteParentNotSampled", options.remoteParentNotSampled) ?? off;
  const localYes = checkSampler("parentBased.localParentSampled", options.localParentSampled) ?? on;
  const localNo = checkSampler("parentBased.localParentNotSampled", options.localParentNotSampled) ?? off;
  return {
    shouldSample(params: SamplingParams): SamplingResult {
      const parent = params.parent;
      if (parent === undefined) return root.shouldSample(params);
      const s = parent.remote ? (parent.sampled ? remoteYes : remoteNo) : parent.sampled ? localYes : localNo;
      return s.shouldSample(params);
    },
  };
}
