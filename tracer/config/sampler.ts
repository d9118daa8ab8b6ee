// The sampler of a tracer configuration: tracer/sampling's plain-data spec as a zod schema. One
// refinement (refineSampler) checks a whole sampler spec after its shape is known: the single
// place where rules that span several fields go (e.g. refusing a parent-based sampler that
// wraps the on-demand one, which would let any caller's sampled flag bypass the trigger).
import { z } from "zod";
import { ON_DEMAND_BYPASS } from "../sampling/head.ts";
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
        replayProtection: z
          .strictObject({
            ttl: units.positiveDuration.optional().describe("How long a signed trigger stays valid (default 60s, oslo.messaging's rpc_response_timeout); an expiry more than twice this far ahead is refused too."),
            cacheSize: z.number().int().positive().optional().describe("Nonces each service remembers (default 10000: 166 triggers per second over 60 s); when every one is still valid, new triggers are refused (replay-cache-full) rather than any being forgotten."),
          })
          .optional()
          .describe("Beyond OSProfiler: every trigger carries a nonce and an expiry inside its signed payload, and a service accepts each nonce once (a replayed trigger is refused). Off by default: upstream OSProfiler refuses a payload with these fields."),
        ...follow,
      })
      .describe("OSProfiler's on-demand trigger: a request is traced only with an X-Trace-Info payload whose X-Trace-HMAC verifies."),
  ] as const;
}

/**
 * Checks a sampler spec as a whole, after its shape is known. Rules that involve more than one
 * field belong here, so one place decides what configurations are refused: an on-demand sampler
 * that would follow its caller's decision (wrapped in parent-based, or followParent: true), so
 * an unsigned sampled flag alone would start a trace.
 */
export function refineSampler(spec: { readonly type: string; readonly followParent?: boolean; readonly root?: { readonly type: string } }, ctx: z.RefinementCtx): void {
  if (spec.type === "parent-based" && spec.root?.type === "on-demand") {
    ctx.addIssue({ code: "custom", path: ["root", "type"], message: `a parent-based sampler cannot wrap the on-demand one: ${ON_DEMAND_BYPASS}` });
  }
  if (spec.type === "on-demand" && spec.followParent === true) {
    ctx.addIssue({ code: "custom", path: ["followParent"], message: `the on-demand sampler cannot follow its caller: ${ON_DEMAND_BYPASS}` });
  }
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
