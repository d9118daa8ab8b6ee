// OpenTelemetry consistent probability sampling (specification/trace/tracestate-probability-
// sampling.md): a 56-bit rejection threshold T = (1 - p)·2^56, kept iff the randomness R (the
// trace id's last 7 bytes, or an explicit `rv`) is >= T. Sampled contexts carry
// `tracestate: ot=th:<T in hex, trailing zeros removed>`, so every later stage knows the exact
// probability the span was kept with, hence its exact adjusted count 2^56 / (2^56 - T).
// Thresholds and randomness are compared as 14-digit lowercase hex strings, which order the
// same way as the 56-bit integers.
import type { TraceState } from "../model/context.ts";
import type { Sampler, SamplingParams, SamplingResult } from "../model/sampler.ts";
import { SamplingConfigError } from "./errors.ts";

const MIN_PROBABILITY = 2 ** -56;

/** Span attribute carrying the `th` a span was sampled with (our records have no tracestate field). */
export const THRESHOLD_ATTRIBUTE = "sampler.threshold";
const TWO_56 = 1n << 56n;
const HEX14 = /^[0-9a-f]{14}$/;
const TH = /^[0-9a-f]{1,14}$/;

/** [mantissa in [0.5, 1), exponent] with x = m · 2^e (Python's math.frexp), for x > 0. */
function frexp(x: number): [number, number] {
  let e = Math.floor(Math.log2(x)) + 1;
  let m = x / 2 ** e;
  if (m >= 1) {
    m /= 2;
    e++;
  } else if (m < 0.5) {
    m *= 2;
    e--;
  }
  return [m, e];
}

/**
 * The spec's ProbabilityToThresholdWithPrecision: `precision` significant hex digits (more for
 * tiny probabilities, so their leading f's do not eat the precision), rounded, trailing
 * zeros removed; "0" for probability 1. OTel SDKs default to precision 4.
 */
export function probabilityToThreshold(probability: number, precision = 4): string {
  if (typeof probability !== "number" || !(probability >= MIN_PROBABILITY && probability <= 1)) {
    throw new SamplingConfigError("consistent.probability", "a probability in [2^-56, 1]", probability);
  }
  if (!Number.isInteger(precision) || precision < 1 || precision > 14) {
    throw new SamplingConfigError("consistent.precision", "an integer in [1, 14]", precision);
  }
  if (probability === 1) return "0";
  const [, exp] = frexp(probability);
  const digitsWanted = Math.max(1, Math.min(12, precision + Math.floor(exp / -4)));
  // 1 + rejection probability lies in [1, 2): its 52 mantissa bits are 13 hex digits.
  const rejection = 2 - probability + 0.5 * 2 ** (-4 * digitsWanted);
  const digits = rejection >= 2 ? "fffffffffffff" : ((rejection - 1) * 2 ** 52).toString(16).padStart(13, "0");
  const th = digits.slice(0, digitsWanted).replace(/0+$/, "");
  return th === "" ? "0" : th;
}

/** The threshold as its 14-digit form (trailing zeros restored). */
export function thresholdHex14(th: string): string {
  return th.padEnd(14, "0");
}

export function isValidThreshold(th: string): boolean {
  return TH.test(th);
}

/** Sampling probability a `th` value stands for: (2^56 - T) / 2^56. */
export function thresholdToProbability(th: string): number {
  const t = BigInt("0x" + thresholdHex14(th));
  return Number(TWO_56 - t) / Number(TWO_56);
}

/** Adjusted count (how many spans this one represents): 2^56 / (2^56 - T). */
export function adjustedCount(th: string): number {
  const t = BigInt("0x" + thresholdHex14(th));
  return Number(TWO_56) / Number(TWO_56 - t);
}

export interface OtelTraceState {
  readonly th?: string;
  readonly rv?: string;
  /** Other `ot` sub-keys, kept in order. */
  readonly rest: readonly (readonly [string, string])[];
}

/** Parses the `ot` member value (`th:fd70a;rv:...;k:v`); invalid th / rv values are ignored. */
export function parseOtelValue(value: string | undefined): OtelTraceState {
  const rest: [string, string][] = [];
  let th: string | undefined;
  let rv: string | undefined;
  if (value !== undefined && value.length <= 256) {
    for (const part of value.split(";")) {
      const colon = part.indexOf(":");
      if (colon <= 0) continue;
      const k = part.slice(0, colon);
      const v = part.slice(colon + 1);
      if (k === "th") th = TH.test(v) ? v : undefined;
      else if (k === "rv") rv = HEX14.test(v) ? v : undefined;
      else rest.push([k, v]);
    }
  }
  return { th, rv, rest };
}

export function formatOtelValue(ot: OtelTraceState): string {
  const parts: string[] = [];
  if (ot.th !== undefined) parts.push(`th:${ot.th}`);
  if (ot.rv !== undefined) parts.push(`rv:${ot.rv}`);
  for (const [k, v] of ot.rest) parts.push(`${k}:${v}`);
  return parts.join(";");
}

export function otMember(state: TraceState | undefined): string | undefined {
  if (state === undefined) return undefined;
  for (const [k, v] of state) if (k === "ot") return v;
  return undefined;
}

/** Writes (or removes, when empty) the `ot` member, leftmost as W3C asks of the modifier. */
export function withOtMember(state: TraceState, ot: OtelTraceState): TraceState {
  const value = formatOtelValue(ot);
  const others = state.filter((m) => m[0] !== "ot");
  return value === "" ? others : [["ot", value] as const, ...others];
}

/** The 56-bit randomness: explicit `rv`, else the trace id's last 14 hex digits. */
export function randomnessOf(traceId: string, ot: OtelTraceState): string {
  return ot.rv ?? traceId.slice(-14).toLowerCase();
}

/** Root/independent consistent sampler (OTel's ConsistentProbabilityBased / TraceIdRatioBased successor). */
export function consistentProbability(options: { readonly probability: number; readonly precision?: number }): Sampler {
  const th = probabilityToThreshold(options?.probability, options?.precision ?? 4);
  const t14 = thresholdHex14(th);
  // The threshold rides on the span itself, so stored data has its exact adjusted count.
  const attributes = Object.freeze({ "sampler.type": "consistent", [THRESHOLD_ATTRIBUTE]: th });
  return {
    shouldSample(params: SamplingParams): SamplingResult {
      const state = params.parent?.traceState ?? [];
      const ot = parseOtelValue(otMember(state));
      const keep = randomnessOf(params.traceId, ot) >= t14;
      // A sampled span records the threshold it was kept with; an unsampled context carries none.
      return { decision: keep, attributes: keep ? attributes : undefined, traceState: withOtMember(state, { ...ot, th: keep ? th : undefined }) };
    },
  };
}

/**
 * OTel parent-based with threshold checking: follows the parent's decision and propagates its
 * threshold, but erases a threshold that is inconsistent with the randomness (R < T yet
 * sampled) or carried by an unsampled parent, as the spec requires.
 */
export function parentThreshold(root: Sampler): Sampler {
  return {
    shouldSample(params: SamplingParams): SamplingResult {
      const parent = params.parent;
      if (parent === undefined) return root.shouldSample(params);
      const state = parent.traceState;
      const ot = parseOtelValue(otMember(state));
      if (ot.th === undefined) return { decision: parent.sampled };
      const consistent = parent.sampled && randomnessOf(params.traceId, ot) >= thresholdHex14(ot.th);
      if (!consistent) return { decision: parent.sampled, traceState: withOtMember(state, { ...ot, th: undefined }) };
      return { decision: true, traceState: state, attributes: thresholdAttributes(ot.th) };
    },
  };
}

const attributeCache = new Map<string, Readonly<Record<string, string>>>();
function thresholdAttributes(th: string): Readonly<Record<string, string>> {
  let a = attributeCache.get(th);
  if (a === undefined) {
    a = Object.freeze({ [THRESHOLD_ATTRIBUTE]: th });
    if (attributeCache.size < 1024) attributeCache.set(th, a);
  }
  return a;
}

/** The adjusted count of a recorded span from its `sampler.threshold` attribute. */
export function adjustedCountOfAttributes(attributes: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const th = attributes?.[THRESHOLD_ATTRIBUTE];
  return typeof th === "string" && TH.test(th) ? adjustedCount(th) : undefined;
}

/** The adjusted count of a recorded span from its tracestate, or undefined if it has no threshold. */
export function adjustedCountOf(state: TraceState | string | undefined): number | undefined {
  let value: string | undefined;
  if (typeof state === "string") {
    for (const member of state.split(",")) {
      const eq = member.indexOf("=");
      if (member.slice(0, eq).trim() === "ot") value = member.slice(eq + 1).trim();
    }
  } else value = otMember(state);
  const th = parseOtelValue(value).th;
  return th === undefined ? undefined : adjustedCount(th);
}
