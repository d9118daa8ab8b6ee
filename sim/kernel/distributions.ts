// Distributions as plain-data specs (what scenario files hold), compiled once into samplers that
// draw from a named stream. Parameters are validated at compile time with typed errors.
import { DistributionError } from "./errors.ts";
import type { Stream } from "./rng.ts";

export type DistributionSpec =
  | { kind: "constant"; value: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "exponential"; mean: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "lognormal"; mu: number; sigma: number }
  | { kind: "lognormal"; median: number; p99: number }
  | { kind: "pareto"; scale: number; shape: number }
  | { kind: "choice"; options: readonly { value: number; weight: number }[] }
  | { kind: "empirical"; values: readonly number[] };

/** Anything with next() in [0, 1): a Stream, or the tracer's RandomSource. */
export type Uniform = Pick<Stream, "next">;
export type Sampler = (stream: Uniform) => number;

/** z of the 99th percentile of the standard normal: sigma = ln(p99 / median) / Z99. */
export const Z99 = 2.3263478740408408;

export interface CompileOptions {
  /** Path of the spec inside its file, for error messages. Default "distribution". */
  path?: string;
  /** Truncate at 0 (normal redraws until non-negative; others are non-negative by construction or checked). */
  nonNegative?: boolean;
}

export function compileDistribution(spec: DistributionSpec, options: CompileOptions = {}): Sampler {
  const path = options.path ?? "distribution";
  const nonNegative = options.nonNegative ?? false;
  if (spec === null || typeof spec !== "object") throw new DistributionError(spec, path, "an object with a `kind`");
  const s = spec as Record<string, unknown>;
  const num = (key: string, check: (v: number) => boolean = () => true, what = "a finite number"): number => {
    const v = s[key];
    if (typeof v !== "number" || !Number.isFinite(v) || !check(v)) throw new DistributionError(spec, `${path}.${key}`, `${key} must be ${what}`);
    return v;
  };
  const nonNeg = (key: string) => (nonNegative ? num(key, (v) => v >= 0, "a finite number >= 0 (durations cannot be negative)") : num(key));
  switch (s.kind) {
    case "constant": {
      const value = nonNeg("value");
      return () => value;
    }
    case "uniform": {
      const min = nonNeg("min");
      const max = num("max", (v) => v >= min, `a finite number >= min (${min})`);
      const width = max - min;
      return (r) => min + width * r.next();
    }
    case "exponential": {
      const mean = num("mean", (v) => v > 0, "a finite number > 0");
      return (r) => -mean * Math.log(1 - r.next());
    }
    case "normal": {
      const mean = num("mean");
      const sd = num("sd", (v) => v >= 0, "a finite number >= 0");
      if (!nonNegative) return (r) => mean + sd * gaussian(r);
      if (mean < 0 && sd === 0) throw new DistributionError(spec, `${path}.mean`, "mean must be >= 0 when sd is 0 (durations cannot be negative)");
      // Truncated at 0 by redrawing; the cap keeps a far-negative mean from looping for long.
      return (r) => {
        for (let i = 0; i < 1000; i++) {
          const x = mean + sd * gaussian(r);
          if (x >= 0) return x;
        }
        return 0;
      };
    }
    case "lognormal": {
      if ("median" in s || "p99" in s) {
        const median = num("median", (v) => v > 0, "a finite number > 0");
        const p99 = num("p99", (v) => v >= median, `a finite number >= median (${median})`);
        const mu = Math.log(median);
        const sigma = Math.log(p99 / median) / Z99;
        return (r) => Math.exp(mu + sigma * gaussian(r));
      }
      const mu = num("mu");
      const sigma = num("sigma", (v) => v >= 0, "a finite number >= 0");
      return (r) => Math.exp(mu + sigma * gaussian(r));
    }
    case "pareto": {
      const scale = num("scale", (v) => v > 0, "a finite number > 0");
      const shape = num("shape", (v) => v > 0, "a finite number > 0");
      const inv = -1 / shape;
      return (r) => scale * Math.pow(1 - r.next(), inv);
    }
    case "choice": {
      const options = s.options;
      if (!Array.isArray(options) || options.length === 0) throw new DistributionError(spec, `${path}.options`, "options must be a non-empty array of {value, weight}");
      const values: number[] = [];
      const cumulative: number[] = [];
      let total = 0;
      options.forEach((o: unknown, i: number) => {
        const opt = o as Record<string, unknown>;
        const at = `${path}.options[${i}]`;
        if (opt === null || typeof opt !== "object") throw new DistributionError(spec, at, "an object {value, weight}");
        if (typeof opt.value !== "number" || !Number.isFinite(opt.value) || (nonNegative && opt.value < 0)) {
          throw new DistributionError(spec, `${at}.value`, nonNegative ? "value must be a finite number >= 0" : "value must be a finite number");
        }
        if (typeof opt.weight !== "number" || !Number.isFinite(opt.weight) || opt.weight < 0) {
          throw new DistributionError(spec, `${at}.weight`, "weight must be a finite number >= 0");
        }
        total += opt.weight;
        values.push(opt.value);
        cumulative.push(total);
      });
      if (!(total > 0)) throw new DistributionError(spec, `${path}.options`, "at least one weight must be > 0");
      return (r) => {
        const u = r.next() * total;
        for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return values[i]!;
        return values[values.length - 1]!;
      };
    }
    case "empirical": {
      const raw = s.values;
      if (!Array.isArray(raw) || raw.length === 0) throw new DistributionError(spec, `${path}.values`, "values must be a non-empty array of numbers");
      raw.forEach((v: unknown, i: number) => {
        if (typeof v !== "number" || !Number.isFinite(v) || (nonNegative && v < 0)) {
          throw new DistributionError(spec, `${path}.values[${i}]`, nonNegative ? "a finite number >= 0" : "a finite number");
        }
      });
      const values = (raw as number[]).slice();
      return (r) => values[Math.floor(r.next() * values.length)]!;
    }
    default:
      throw new DistributionError(spec, `${path}.kind`, "kind must be one of constant, uniform, exponential, normal, lognormal, pareto, choice, empirical");
  }
}

/** A sampler of durations: whole nanoseconds, never negative (normal truncated at 0). */
export function compileDuration(spec: DistributionSpec, options: Omit<CompileOptions, "nonNegative"> = {}): Sampler {
  const sample = compileDistribution(spec, { ...options, nonNegative: true });
  return (r) => {
    const x = Math.round(sample(r));
    return x > 0 ? x : 0;
  };
}

/** Draws one duration in whole ns (>= 0) from a spec or a compiled sampler. Precompile on hot paths. */
export function drawDuration(dist: DistributionSpec | Sampler, stream: Uniform): number {
  const sample = typeof dist === "function" ? dist : compileDistribution(dist, { nonNegative: true });
  const x = Math.round(sample(stream));
  return x > 0 ? x : 0;
}

// Box-Muller with both uniforms drawn per call: stateless, so a sampler never carries hidden state.
function gaussian(r: Uniform): number {
  const u1 = 1 - r.next(); // (0, 1]
  const u2 = r.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
