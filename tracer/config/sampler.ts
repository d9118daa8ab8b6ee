// The sampler of a tracer configuration: tracer/sampling's plain-data spec as a zod schema. One
// refinement (refineSampler) checks a whole sampler spec after its shape is known: the single
// place where rules that span several fields go (e.g. refusing a parent-based sampler that
// wraps the on-demand one, which would let any caller's sampled flag bypass the trigger).
import { z } from "zod";
import type { Units } from "./units.ts";

const rate01 = z.number().min(0).max(1);
const follow = {
  followParent: z
    .boolean()
    .optional()
    .describe("Jaeger-style samplers decide only for new traces and follow the caller's decision otherwise (parent-based), unless this is false."),
};

function rootSamplers(units: Units) {
  return [
    z.strictObject({ type: z.literal("const"), decision: z.boolean().describe("true: every trace (always on); false: none."), ...follow }).describe("A constant decision (Jaeger const, OpenTelemetry AlwaysOn/AlwaysOff)."),
    z.strictObject({ type: z.literal("probabilistic"), rate: rate01.describe("Probability a new trace is sampled."), ...follow }).describe("Random with a fixed probability (Jaeger probabilistic)."),
    z.strictObject({ type: z.literal("ratelimiting"), tracesPerSecond: units.rate.describe("Traces per second (leaky bucket)."), ...follow }).describe("At most so many traces per second (Jaeger ratelimiting)."),
    z
      .strictObject({
        type: z.literal("per-operation"),
        defaultRate: rate01.optional().describe("Probability for operations without their own; Jaeger's default 0.001."),
        lowerBoundTracesPerSecond: units.rate.optional().describe("Traces per second every operation gets at least."),
        operations: z.record(z.string(), rate01).optional().describe("Probability per operation name."),
        maxOperations: z.number().int().positive().optional().describe("Past this many operations, new ones share the default sampler."),
        ...follow,
      })
      .describe("Jaeger's per-operation guaranteed-throughput probabilistic sampler."),
    z
      .strictObject({
        type: z.literal("adaptive"),
        targetTracesPerSecond: units.rate.optional().describe("Traces per second per operation the collector aims for (Jaeger 1)."),
        initialProbability: rate01.optional().describe("Probability before the first calculation (Jaeger 0.001)."),
        minProbability: rate01.optional().describe("Floor of the computed probability (Jaeger 1e-5)."),
        minSamplesPerSecond: units.rate.optional().describe("Lower-bound traces per second per operation (Jaeger 1/60)."),
        calculationIntervalNs: units.positiveDuration.optional().describe("How often probabilities are recomputed (Jaeger 1 min)."),
        deltaTolerance: z.number().nonnegative().optional().describe("Relative error tolerated before a probability changes (Jaeger 0.3)."),
        percentageIncreaseCap: z.number().positive().optional().describe("Largest relative increase per calculation (Jaeger 0.5)."),
        bucketsForCalculation: z.number().int().positive().optional().describe("Throughput buckets averaged per calculation (Jaeger 1)."),
        ...follow,
      })
      .describe("Jaeger's adaptive sampling: per-operation probabilities recomputed to meet a target rate."),
    z
      .strictObject({
        type: z.literal("consistent"),
        probability: rate01.describe("Sampling probability; the threshold travels as ot=th in tracestate."),
        precision: z.number().int().min(1).max(14).optional().describe("Hex digits of the threshold written."),
        ...follow,
      })
      .describe("OpenTelemetry's consistent probability sampler (trace id randomness, ot=th threshold)."),
    z
      .strictObject({
        type: z.literal("on-demand"),
        hmacKeys: z.array(z.string().min(1)).min(1).describe("OSProfiler's hmac_keys: the first signs, any verifies (rotation)."),
        retiredKeys: z.array(z.string().min(1)).optional().describe("Keys no longer accepted, recognised only to count replays."),
        ...follow,
      })
      .describe("OSProfiler's on-demand trigger: a request is traced only with an X-Trace-Info payload whose X-Trace-HMAC verifies."),
  ] as const;
}

/**
 * Checks a sampler spec as a whole, after its shape is known. Rules that involve more than one
 * field belong here, so one place decides what configurations are refused. (The refusal of an
 * on-demand bypass — a parent-based sampler wrapping the on-demand one, so a caller's sampled
 * flag alone would start a trace — is wired in here once tracer/sampling has it.)
 */
export function refineSampler(spec: { readonly type: string; readonly root?: { readonly type: string } }, ctx: z.RefinementCtx): void {
  void spec;
  void ctx;
}

export function samplerSchemas(units: Units) {
  const roots = rootSamplers(units);
  const root = z.discriminatedUnion("type", [...roots]);
  const sampler = z
    .discriminatedUnion("type", [
      ...roots,
      z
        .strictObject({ type: z.literal("parent-based"), root: root.describe("Decides for new traces."), ...follow })
        .describe("OpenTelemetry ParentBased: follows the parent's decision, and asks `root` for new traces."),
    ])
    .superRefine(refineSampler)
    .describe("The head sampler: decides at a trace's root whether it is recorded; the decision travels with the context.");
  return { root, sampler };
}
