// OSProfiler's on-demand tracing: a request is traced only when it carries an X-Trace-Info
// payload whose X-Trace-HMAC verifies under one of the accepted keys. Anything else is served
// untraced and counted by reason; nothing is ever thrown into the service. Verification is
// the tracer core's OSProfiler codec (constant-time comparison, bounded decoding); this
// sampler adds the decision and the reasons, including "retired-key": a replayed header
// signed with a key that rotation has since retired.
import { getHeader } from "../context/carrier.ts";
import { osprofilerCodec, TRACE_INFO } from "../context/osprofiler.ts";
import { newPropagationStats } from "../context/types.ts";
import type { Sampler, SamplingParams, SamplingResult } from "../model/sampler.ts";
import { SamplingConfigError } from "./errors.ts";

export type OnDemandOutcome = "traced" | "no-header" | "missing-hmac" | "bad-hmac" | "retired-key" | "malformed";

export const ON_DEMAND_OUTCOMES: readonly OnDemandOutcome[] = ["traced", "no-header", "missing-hmac", "bad-hmac", "retired-key", "malformed"];

export interface OnDemandOptions {
  /** Keys that verify a trigger (OSProfiler's `hmac_keys`, rotation: any of them). */
  readonly hmacKeys: readonly string[];
  /** Keys no longer accepted, recognised only to count replays of old triggers. */
  readonly retiredKeys?: readonly string[];
}

export interface OnDemandSampler extends Sampler {
  /** Root decisions by outcome. */
  readonly stats: Readonly<Record<OnDemandOutcome, number>>;
}

const YES: SamplingResult = Object.freeze({ decision: true, attributes: Object.freeze({ "sampler.type": "on-demand" }) });
const NO: SamplingResult = Object.freeze({ decision: false });
const FOLLOW_YES: SamplingResult = Object.freeze({ decision: true });

function keys(path: string, v: unknown): readonly string[] {
  if (!Array.isArray(v) || v.some((k) => typeof k !== "string" || k === "")) throw new SamplingConfigError(path, "an array of non-empty strings", v);
  return v as string[];
}

export function onDemand(options: OnDemandOptions): OnDemandSampler {
  const accepted = keys("onDemand.hmacKeys", options?.hmacKeys);
  if (accepted.length === 0) throw new SamplingConfigError("onDemand.hmacKeys", "at least one key (without a key nothing can be triggered)");
  const retired = keys("onDemand.retiredKeys", options.retiredKeys ?? []);
  const stats = Object.fromEntries(ON_DEMAND_OUTCOMES.map((o) => [o, 0])) as Record<OnDemandOutcome, number>;
  const tracestateMemo = new Map<string, unknown>();
  const verify = (headers: Readonly<Record<string, string>>, hmacKeys: readonly string[]) => {
    const scratch = newPropagationStats();
    // Built as a variable so extra codec options (a memo the w3c codec owns) stay compatible.
    const codecOptions = { stats: scratch, stamps: undefined, hmacKeys, tracestateMemo };
    const ctx = osprofilerCodec.extract(headers, codecOptions);
    return { ctx, reasons: scratch.osprofiler };
  };
  const outcome = (params: SamplingParams): OnDemandOutcome => {
    const headers = params.headers;
    if (headers === undefined || getHeader(headers, TRACE_INFO) === undefined) return "no-header";
    const { ctx, reasons } = verify(headers, accepted);
    if (ctx !== undefined) return "traced";
    if (reasons["missing-hmac"]) return "missing-hmac";
    if (reasons["bad-hmac"]) {
      return retired.length > 0 && verify(headers, retired).ctx !== undefined ? "retired-key" : "bad-hmac";
    }
    return "malformed";
  };
  return {
    stats,
    shouldSample(params: SamplingParams): SamplingResult {
      // Within a process the trigger's decision carries on to child spans.
      if (params.parent !== undefined && !params.parent.remote) return params.parent.sampled ? FOLLOW_YES : NO;
      const o = outcome(params);
      stats[o]++;
      return o === "traced" ? YES : NO;
    },
  };
}
