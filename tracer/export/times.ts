// Times in JSON numbers (Jaeger's µs, a span list's µs or ns): a JSON number is a double, exact
// for integers up to 2^53 − 1 (9007199254740991, in µs the year 2255). Beyond that two different
// times read as one, and sums of them overflow to Infinity (1.7e308 + 1e2 is still 1.7e308, but
// the span critical path then compares equal times and walks nothing): such files are refused.
import type { z } from "zod";

export const MAX_EXACT_TIME = Number.MAX_SAFE_INTEGER;

export const EXACT_TIME_MESSAGE = `expected a time of at most ${MAX_EXACT_TIME} (2^53 − 1, beyond which JSON numbers are not exact)`;

/** A span's end (startTime + duration) must be exact too. */
export function endWithinExactTimes(span: { readonly startTime: number; readonly duration: number }, ctx: z.core.$RefinementCtx): void {
  if (span.startTime + span.duration > MAX_EXACT_TIME) {
    ctx.addIssue({ code: "custom", path: ["duration"], message: `startTime + duration is ${span.startTime + span.duration}; ${EXACT_TIME_MESSAGE}` });
  }
}
