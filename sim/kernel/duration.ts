// Durations as text: "250ms", "1.5s", "2m", "300us", "10ns", "1h", and compounds like "1m30s".
// Virtual time is integer nanoseconds; parsing is exact for decimal units (no float drift).
import { DurationError } from "./errors.ts";

export const NS = 1;
export const US = 1_000;
export const MS = 1_000_000;
export const S = 1_000_000_000;
export const MIN = 60 * S;
export const H = 60 * MIN;

const UNITS: Readonly<Record<string, number>> = { ns: NS, us: US, "µs": US, ms: MS, s: S, m: MIN, h: H };
const EXPECTED =
  'expected a non-negative number with a unit (ns, us, ms, s, m, h), e.g. "250ms", "1.5s", "1m30s"';
const PART = /(\d+)(?:\.(\d+))?\s*(ns|us|µs|ms|s|m|h)/y;

/** Parses a duration string into integer virtual nanoseconds. Throws DurationError. */
export function parseDuration(text: string): number {
  if (typeof text !== "string") throw new DurationError(text, EXPECTED);
  const src = text.trim();
  if (src === "0") return 0;
  if (src.length === 0) throw new DurationError(text, EXPECTED);
  let total = 0;
  let pos = 0;
  while (pos < src.length) {
    PART.lastIndex = pos;
    const m = PART.exec(src);
    if (m === null) {
      const hint = /^-/.test(src) ? "durations cannot be negative" : /^\d+(\.\d+)?$/.test(src) ? "missing unit" : `unexpected text at position ${pos}`;
      throw new DurationError(text, `${hint}; ${EXPECTED}`);
    }
    const unit = UNITS[m[3]!]!;
    const whole = Number(m[1]!) * unit;
    let fraction = 0;
    if (m[2] !== undefined) {
      const exact = Number(`0.${m[2]}`) * unit;
      fraction = Math.round(exact);
      if (Math.abs(exact - fraction) > 1e-6) throw new DurationError(text, "finer than one nanosecond, the resolution of virtual time");
    }
    total += whole + fraction;
    pos = PART.lastIndex;
    while (src[pos] === " ") pos++;
  }
  if (!Number.isSafeInteger(total)) throw new DurationError(text, "too large to represent exactly in nanoseconds");
  return total;
}

/**
 * Formats integer nanoseconds as the shortest exact duration string: "250ms", "1.5s", "1m30s",
 * "2h". parseDuration(formatDuration(ns)) === ns for every non-negative safe integer.
 */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns < 0) return `-${formatDuration(-ns)}`;
  ns = Math.round(ns);
  if (ns === 0) return "0s";
  if (ns < MIN) return decimal(ns);
  const h = Math.floor(ns / H);
  const m = Math.floor((ns - h * H) / MIN);
  const rest = ns - h * H - m * MIN;
  return (h > 0 ? `${h}h` : "") + (m > 0 ? `${m}m` : "") + (rest > 0 ? decimal(rest) : "");
}

// ns < 60 s, as a decimal in the largest unit it reaches (exact: these units are powers of 10).
function decimal(ns: number): string {
  const [unit, name, digits] = ns >= S ? [S, "s", 9] : ns >= MS ? [MS, "ms", 6] : ns >= US ? [US, "us", 3] : [NS, "ns", 0];
  const whole = Math.floor(ns / unit);
  const frac = ns - whole * unit;
  if (frac === 0) return `${whole}${name}`;
  return `${whole}.${String(frac).padStart(digits, "0").replace(/0+$/, "")}${name}`;
}
