// The faults block: a timeline of plain-data fault specs, mirroring sim/faults/types.ts.
// Each entry says what (kind), when (at, for) and where (target), plus the kind's parameters.
import { z } from "zod";
import { durationDistributionSchema } from "./distribution.ts";
import { durationSchema, positiveDurationSchema } from "./duration.ts";

export const targetSchema = z
  .strictObject({
    service: z.string().min(1).optional(),
    instance: z.number().int().nonnegative().optional(),
    host: z.string().min(1).optional(),
    link: z.strictObject({ from: z.string().min(1), to: z.string().min(1) }).optional(),
    operation: z.string().min(1).optional(),
  })
  .meta({ description: "Where the fault applies: a service (optionally one instance), a host, a link between hosts, an operation." });

const probability = z.number().min(0).max(1);

/** A signed duration (clock offsets may be negative): "-20ms", "+5ms", or ns. */
const signedDurationSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx): number => {
    if (typeof value === "number") return Math.round(value);
    const sign = value.trim().startsWith("-") ? -1 : 1;
    const parsed = durationSchema.safeParse(value.trim().replace(/^[-+]/, ""));
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: `expected a signed duration like "-20ms", got "${value}"` });
      return z.NEVER;
    }
    return sign * parsed.data;
  });

const common = {
  id: z.string().min(1).optional(),
  at: durationSchema,
  for: positiveDurationSchema.optional(),
  target: targetSchema.default({}),
};

export const faultSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("latency"),
    ...common,
    add: durationDistributionSchema,
    probability: probability.default(1),
    growth: z.strictObject({ by: durationSchema, every: positiveDurationSchema }).optional(),
  }),
  z.strictObject({ kind: z.literal("error"), ...common, probability: probability.default(1), status: z.number().int().default(500) }),
  z.strictObject({ kind: z.literal("crash"), ...common, restartAfter: positiveDurationSchema.optional() }),
  z.strictObject({ kind: z.literal("restart"), ...common }),
  z.strictObject({ kind: z.literal("freeze"), ...common }),
  z.strictObject({
    kind: z.literal("partition"),
    ...common,
    between: z.tuple([z.string().min(1), z.string().min(1)]).optional(),
    oneWay: z.boolean().default(false),
  }),
  z.strictObject({ kind: z.literal("message-loss"), ...common, probability }),
  z.strictObject({ kind: z.literal("message-delay"), ...common, add: durationDistributionSchema }),
  z.strictObject({ kind: z.literal("message-duplicate"), ...common, probability }),
  z.strictObject({ kind: z.literal("slow-dependency"), ...common, add: durationDistributionSchema }),
  z.strictObject({ kind: z.literal("cache-outage"), ...common }),
  z.strictObject({ kind: z.literal("limit"), ...common, setting: z.string().min(1), value: z.number().int().nonnegative() }),
  z.strictObject({ kind: z.literal("clock-skew"), ...common, offset: signedDurationSchema.default(0), drift: z.number().default(0) }),
]);

export const faultsSchema = z.array(faultSchema).default([]);

export type FaultSpec = z.output<typeof faultSchema>;
export type FaultKind = FaultSpec["kind"];
