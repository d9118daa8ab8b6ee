// The propagation formats the tracer speaks, and the counters of what extraction rejected.

/** A plain header map. Names are matched case-insensitively on extraction; inject writes lowercase. */
export type Carrier = Record<string, string>;

/**
 * - `w3c`: traceparent + tracestate (+ the ITC stamp and last event id as the `tb` member) + baggage
 * - `itc`: the standalone `itc-stamp` header (base64url stamp), combined with an id format
 * - `jaeger`: uber-trace-id + uberctx-* baggage
 * - `b3`: the single `b3` header; `b3multi`: X-B3-* headers
 * - `osprofiler`: X-Trace-Info + X-Trace-HMAC
 */
export type Format = "w3c" | "itc" | "jaeger" | "b3" | "b3multi" | "osprofiler";

export const FORMATS: readonly Format[] = ["w3c", "itc", "jaeger", "b3", "b3multi", "osprofiler"];

/** Rejections per format and reason, e.g. `stats.w3c["traceparent:bad-trace-id"]`. */
export type PropagationStats = Record<Format, Record<string, number>>;

export function newPropagationStats(): PropagationStats {
  return { w3c: {}, itc: {}, jaeger: {}, b3: {}, b3multi: {}, osprofiler: {} };
}

export function count(stats: PropagationStats, format: Format, reason: string, n = 1): void {
  const bucket = stats[format];
  bucket[reason] = (bucket[reason] ?? 0) + n;
}
