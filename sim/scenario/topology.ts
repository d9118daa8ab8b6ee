// A topology = a named profile with a scenario's overrides laid over it (immer), where every
// override must name a field the profile has and keep its type.
import { produce } from "immer";
import { parseDurationText } from "./duration.ts";
import type { ScenarioIssue } from "./errors.ts";
import type { PathSegment } from "./path.ts";
import { describeValue } from "./path.ts";
import { didYouMean } from "./suggest.ts";

type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Checks `overrides` against `profile` and returns the merged topology. Numbers in the profile
 * accept duration strings ("250ms") since the model keeps times in ns. Lists are replaced whole.
 */
export function applyOverrides<T extends object>(
  profile: T,
  overrides: Plain,
  at: readonly PathSegment[],
  issues: ScenarioIssue[],
): T {
  return produce(profile, (draft) => {
    merge(draft as Plain, profile as Plain, overrides, [...at], issues);
  });
}

/** Duration strings anywhere inside a value become ns ("40ms" → 40000000, "-5s" → -5e9); other strings stay. */
function durationsToNs(value: unknown): unknown {
  if (typeof value === "string") {
    // A signed duration ("-20ms", a clock's offset) keeps its sign.
    const m = /^\s*([-+]?)\s*([\d.].*)$/.exec(value);
    if (m === null) return value;
    const parsed = parseDurationText(m[2]!);
    return parsed.ok ? (m[1] === "-" ? -parsed.ns : parsed.ns) : value;
  }
  if (Array.isArray(value)) return value.map(durationsToNs);
  if (isPlain(value)) {
    const out: Plain = {};
    for (const k of Object.keys(value)) out[k] = durationsToNs(value[k]);
    return out;
  }
  return value;
}

function merge(draft: Plain, base: Plain, over: Plain, path: PathSegment[], issues: ScenarioIssue[]): void {
  // An empty mapping in the profile is an open table (per-link specs, per-operation latencies,
  // per-host clocks): it takes new keys, which the model checks when it builds the cloud.
  const open = Object.keys(base).length === 0;
  for (const key of Object.keys(over).sort()) {
    const value = over[key];
    const here = [...path, key];
    if (open && !(key in base)) {
      draft[key] = durationsToNs(value);
      continue;
    }
    if (!(key in base)) {
      const known = Object.keys(base).sort();
      issues.push({ path: here, atKey: true, message: `unknown topology field "${key}"${didYouMean(key, known)}; expected one of ${known.join(", ")}` });
      continue;
    }
    const current = base[key];
    if (isPlain(current)) {
      if (!isPlain(value)) {
        issues.push({ path: here, message: `expected a mapping, got ${describeValue(value)}` });
        continue;
      }
      merge(draft[key] as Plain, current, value, here, issues);
    } else if (typeof current === "number") {
      if (typeof value === "number" && Number.isFinite(value)) {
        if (value < 0) issues.push({ path: here, message: `expected a value at least 0, got ${describeValue(value)}` });
        else draft[key] = value;
      } else if (typeof value === "string" && key.endsWith("Ns")) {
        // Fields in ns (timeoutNs, tokenCacheTtlNs, …) take durations as written in scenarios.
        const parsed = parseDurationText(value);
        if (parsed.ok) draft[key] = parsed.ns;
        else issues.push({ path: here, message: parsed.reason });
      } else {
        issues.push({ path: here, message: `expected ${key.endsWith("Ns") ? "a duration or a number of ns" : "a number"}, got ${describeValue(value)}` });
      }
    } else if (Array.isArray(current)) {
      if (Array.isArray(value)) draft[key] = value;
      else issues.push({ path: here, message: `expected a list, got ${describeValue(value)}` });
    } else if (typeof current === typeof value || current === undefined || current === null) {
      draft[key] = value;
    } else {
      issues.push({ path: here, message: `expected ${typeof current === "boolean" ? "true or false" : `a ${typeof current}`}, got ${describeValue(value)}` });
    }
  }
}
