// The sampler contract: one decision per new span, made from what the trace point knows.
// Implementations live in tracer/sampling/; the two constant samplers here serve tests.
import type { Attributes, SpanKind } from "./types.ts";
import type { SpanContext, TraceState } from "./context.ts";

/**
 * What a sampler sees, one object per call. A local parent is the live parent span itself
 * (it changes as the span goes on): copy what you keep of it.
 */
export interface SamplingParams {
  readonly traceId: string;
  readonly name: string;
  readonly kind: SpanKind;
  /** The parent context; absent for a root span. `parent.remote` tells a remote parent. */
  readonly parent?: SpanContext;
  readonly attributes: Attributes;
  /** The carrier the parent was extracted from, when the span starts from extracted headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SamplingResult {
  readonly decision: boolean;
  /** Attributes the sampler adds to the span (e.g. the sampling probability). */
  readonly attributes?: Attributes;
  /** Replaces the context's tracestate (e.g. OTel's `ot=th:` threshold). */
  readonly traceState?: TraceState;
}

export interface Sampler {
  shouldSample(params: SamplingParams): SamplingResult;
}

const YES: SamplingResult = Object.freeze({ decision: true });
const NO: SamplingResult = Object.freeze({ decision: false });

export const alwaysOn: Sampler = { shouldSample: () => YES };
export const alwaysOff: Sampler = { shouldSample: () => NO };
