// Sampling: head samplers (decided at the root), on-demand triggers, tail policies for the
// collector, and the structure model behind diversity sampling.
export { constSampler, ON_DEMAND_BYPASS, parentBased, probabilistic } from "./head.ts";
export type { ParentBasedOptions } from "./head.ts";
export { GuaranteedThroughput, PerOperation, perOperation, rateLimiting } from "./rate-limiting.ts";
export type { PerOperationOptions } from "./rate-limiting.ts";
export { TokenBucket } from "./rate-limiter.ts";
export { Adaptive, adaptive, bucketWeights, cappedProbability } from "./adaptive.ts";
export type { AdaptiveOptions, AdaptiveSnapshot } from "./adaptive.ts";
export {
  THRESHOLD_ATTRIBUTE,
  adjustedCount,
  adjustedCountOf,
  adjustedCountOfAttributes,
  consistentProbability,
  parentThreshold,
  parseOtelValue,
  probabilityToThreshold,
  thresholdToProbability,
} from "./threshold.ts";
export { isOnDemand, ON_DEMAND_OUTCOMES, onDemand, REPLAY_DEFAULTS, TRIGGER_REFUSALS } from "./on-demand.ts";
export type { OnDemandOptions, OnDemandOutcome, OnDemandSampler, ReplayOptions } from "./on-demand.ts";
export { ReplayCache } from "./replay-cache.ts";
export type { Admission } from "./replay-cache.ts";
export { createTailSampler, traceDuration, traceHasError } from "./tail.ts";
export type { NamedTailPolicy, TailPolicySpec, TailSampler, TailStats } from "./tail.ts";
export { ShapeModel, shapeKey, tracePathHashes, tracePaths } from "./structure.ts";
export { randomnessHex, traceIdUniform } from "./randomness.ts";
export { createSampler, samplerFactory, SAMPLER_TYPES } from "./config.ts";
export type { SamplerContext, SamplerSpec } from "./config.ts";
export { SamplingConfigError } from "./errors.ts";
