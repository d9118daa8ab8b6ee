// Durations and rates as a scenario file writes them: "250ms", "1.5s", "2m", "1m30s", or a
// number of nanoseconds. Scenario values become integer virtual ns.
import { z } from "zod";
import { DurationError, formatDuration, parseDuration } from "../kernel/index.ts";
import { DURATION_BOUND, MAX_DURATION_NS, MAX_RATE, RATE_BOUND } from "./bounds.ts";

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

/** The message for a duration past MAX_DURATION_NS (sim/scenario/bounds.ts). */
export function durationTooLong(value: string | number): string {
  return `expected a duration ${DURATION_BOUND}, got ${typeof value === "number" ? String(value) : JSON.stringify(value)}`;
}

/** A non-negative duration: a string with units, or integer ns; at most MAX_DURATION_NS. */
export const durationSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx): number => {
    let ns: number;
    if (typeof value === "number") {
      if (Number.isNaN(value) || value < 0) {
        ctx.addIssue({ code: "custom", message: `a duration cannot be negative, got ${value}` });
        return z.NEVER;
      }
      ns = Math.round(value);
    } else {
      const parsed = parseDurationText(value);
      if (!parsed.ok) {
        // The kernel's parser refuses what is past 2^53 ns; say which bound applies here.
        ctx.addIssue({ code: "custom", message: /too large/.test(parsed.reason) ? durationTooLong(value) : parsed.reason });
        return z.NEVER;
      }
      ns = parsed.ns;
    }
    if (!(ns <= MAX_DURATION_NS)) {
      ctx.addIssue({ code: "custom", message: durationTooLong(value) });
      return z.NEVER;
    }
    return ns;
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
    if (Number.isNaN(rate) || rate < 0) {
      ctx.addIssue({ code: "custom", message: `a rate cannot be negative, got ${String(value)}` });
      return z.NEVER;
    }
    if (!(rate <= MAX_RATE)) {
      ctx.addIssue({ code: "custom", message: `expected a rate ${RATE_BOUND}, got ${typeof value === "number" ? String(value) : JSON.stringify(value)}` });
      return z.NEVER;
    }
    return rate;
  })
  .meta({ description: 'Requests per second: a number, or "5/s", "300/min", "2/h".', "x-tracebed-type": "rate" });

/** "1.5s"-style text for ns, used in messages and the human summary. */
export function formatNs(ns: number): string {
  return formatDuration(ns);
}
