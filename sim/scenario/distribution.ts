// Distributions of durations as a scenario writes them, turned into the kernel's plain-data
// DistributionSpec with every duration in ns. A bare duration ("2s") is a constant.
import { z } from "zod";
import { compileDuration, DistributionError } from "../kernel/index.ts";
import { durationSchema } from "./duration.ts";

const positive = z.number().positive();

const distributionObject = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("constant"), value: durationSchema }),
  z.strictObject({ kind: z.literal("uniform"), min: durationSchema, max: durationSchema }),
  z.strictObject({ kind: z.literal("exponential"), mean: durationSchema }),
  z.strictObject({ kind: z.literal("normal"), mean: durationSchema, sd: durationSchema }),
  z.strictObject({ kind: z.literal("lognormal"), median: durationSchema, p99: durationSchema }),
  z.strictObject({ kind: z.literal("pareto"), scale: durationSchema, shape: positive }),
  z.strictObject({
    kind: z.literal("choice"),
    options: z.array(z.strictObject({ value: durationSchema, weight: positive })).min(1),
  }),
  z.strictObject({ kind: z.literal("empirical"), values: z.array(durationSchema).min(1) }),
]);

/** The kernel's DistributionSpec shapes this schema produces (durations in ns). */
export type DurationDistribution = z.output<typeof distributionObject>;

export const durationDistributionSchema = z
  .union([durationSchema, distributionObject])
  .transform((v): DurationDistribution => (typeof v === "number" ? { kind: "constant", value: v } : v))
  .superRefine((d, ctx) => {
    if (d.kind === "uniform" && d.max < d.min) {
      ctx.addIssue({ code: "custom", message: "uniform: max must be at least min" });
    }
    if (d.kind === "lognormal" && d.p99 < d.median) {
      ctx.addIssue({ code: "custom", message: "lognormal: p99 must be at least the median" });
      return;
    }
    // What the kernel will compile must compile (an exponential mean of 1e-300 ns rounds to 0).
    try {
      compileDuration(d);
    } catch (e) {
      if (!(e instanceof DistributionError)) throw e;
      const at = /^distribution\.([A-Za-z]+)/.exec(e.path)?.[1];
      ctx.addIssue({ code: "custom", ...(at === undefined ? {} : { path: [at] }), message: e.message.replace(/^invalid distribution at [^:]*: /, "") });
    }
  })
  .meta({
    description: 'A duration ("2s", a constant) or a distribution: {kind: exponential, mean: 5s}, {kind: lognormal, median: 40ms, p99: 300ms}, …',
    "x-tracebed-type": "duration or distribution",
  });

/** Mean of a duration distribution, in ns (for sizing and for messages). */
export function distributionMean(d: DurationDistribution): number {
  switch (d.kind) {
    case "constant":
      return d.value;
    case "uniform":
      return (d.min + d.max) / 2;
    case "exponential":
    case "normal":
      return d.mean;
    case "lognormal": {
      const sigma = Math.log(Math.max(d.p99, d.median) / Math.max(d.median, 1)) / 2.3263478740408408;
      return d.median * Math.exp((sigma * sigma) / 2);
    }
    case "pareto":
      return d.shape > 1 ? (d.scale * d.shape) / (d.shape - 1) : Infinity;
    case "choice": {
      const total = d.options.reduce((s, o) => s + o.weight, 0);
      return d.options.reduce((s, o) => s + o.value * o.weight, 0) / total;
    }
    case "empirical":
      return d.values.reduce((s, v) => s + v, 0) / d.values.length;
  }
}
