// Durations and rates as a scenario file writes them: "250ms", "1.5s", "2m", "1m30s", or a
// number of nanoseconds. Scenario values become integer virtual ns.
import { z } from "zod";
import { DurationError, formatDuration, parseDuration } from "../kernel/index.ts";

export type ParsedDuration = { ok: true; ns: number } | { ok: false; reason: string };

/** Parses "250ms", "1.5s", "1m30s" with the kernel's exact parser; never throws. */
export function parseDurationText(text: string): ParsedDuration {
  if (text.trim().startsWith("-")) return { ok: false, reason: `a duration cannot be negative, got "${text}"` };
  try {
    return { ok: true, ns: parseDuration(text) };
  } catch (e) {
    if (!(e instanceof DurationError)) throw e;
    const detail = e.message.replace(/^invalid duration "(?:[^"\\]|\\.)*": /, "");
    if (/^(missing unit|unexpected text)/.test(detail)) {
      return { ok: false, reason: `expected a duration like "250ms", "1.5s", "2m" or "1m30s", got "${text}"` };
    }
    return { ok: false, reason: `${detail}, got "${text}"` };
  }
}

/** A non-negative duration: a string with units, or integer ns. */
export const durationSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx): number => {
    if (typeof value === "number") {
      if (!Number.isFinite(value) || value < 0) {
        ctx.addIssue({ code: "custom", message: `a duration cannot be negative, got ${value}` });
        return z.NEVER;
      }
      return Math.round(value);
    }
    const parsed = parseDurationText(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.reason });
      return z.NEVER;
    }
    return parsed.ns;
  })
  // x-tracebed-type names the type for the generated docs (a field's own description replaces this one).
  .meta({ description: 'A duration: "250ms", "1.5s", "2m", "1m30s", "300us", or integer nanoseconds.', "x-tracebed-type": "duration" });

/** A strictly positive duration. */
export const positiveDurationSchema = durationSchema.refine((ns) => ns > 0, {
  message: "expected a duration greater than zero",
});

const RATE_UNIT_PER_S: Readonly<Record<string, number>> = { s: 1, sec: 1, m: 1 / 60, min: 1 / 60, h: 1 / 3600 };

/** Requests per second: a number, or "5/s", "300/min", "2/h". */
export const rateSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx): number => {
    let rate: number;
    if (typeof value === "number") rate = value;
    else {
      const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(s|sec|min|m|h)\s*$/.exec(value);
      if (m === null) {
        ctx.addIssue({ code: "custom", message: `expected a rate like "5/s", "300/min" or a number per second, got "${value}"` });
        return z.NEVER;
      }
      rate = Number(m[1]) * RATE_UNIT_PER_S[m[2]!]!;
    }
    if (!Number.isFinite(rate) || rate < 0) {
      ctx.addIssue({ code: "custom", message: `a rate cannot be negative, got ${String(value)}` });
      return z.NEVER;
    }
    return rate;
  })
  .meta({ description: 'Requests per second: a number, or "5/s", "300/min", "2/h".', "x-tracebed-type": "rate" });

/** "1.5s"-style text for ns, used in messages and the human summary. */
export function formatNs(ns: number): string {
  return formatDuration(ns);
}
