// The faults block: a timeline of plain-data fault specs, mirroring sim/faults/types.ts
// (FaultSpec) field for field, with durations written as "250ms" and the like. Each entry
// says what (kind), when (at, for) and where (target), plus the kind's parameters.
import { z } from "zod";
import { durationDistributionSchema } from "./distribution.ts";
import { durationSchema, positiveDurationSchema, rateSchema } from "./duration.ts";

export const targetSchema = z
  .strictObject({
    service: z.string().min(1).optional(),
    instance: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    link: z.string().min(1).optional(),
    operation: z.string().min(1).optional(),
  })
  .meta({
    description:
      'Where the fault applies: a service ("keystone"), an instance ("keystone-1"), a host ("controller-1"), a link ("a<->b" both ways, "a->b" one way), an operation ("keystone.validate_token", or "validate_token" with service).',
  });

const probability = z.number().min(0).max(1);

/** A signed duration (clock offsets may be negative): "-20ms", "+5ms", or ns. */
const signedDurationSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx): number => {
    if (typeof value === "number") return Math.round(value);
    const text = value.trim();
    const sign = text.startsWith("-") ? -1 : 1;
    const parsed = durationSchema.safeParse(text.replace(/^[-+]/, ""));
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: `expected a signed duration like "-20ms", got "${value}"` });
      return z.NEVER;
    }
    return sign * parsed.data;
  });

/** Growth of an added latency: linear in time ("2ms" more per second), or Keystone's revocation events. */
const growthSchema = z.union([
  z.strictObject({ nsPerSecond: durationSchema }),
  z.strictObject({ state: z.literal("revocation-events"), eventsPerSecond: rateSchema }),
]);

const common = {
  id: z.string().min(1).optional(),
  at: durationSchema,
  for: positiveDurationSchema.optional(),
  target: targetSchema,
};

export const faultSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("latency"), ...common, add: durationDistributionSchema.optional(), growth: growthSchema.optional() }),
  z.strictObject({ kind: z.literal("error"), ...common, probability, message: z.string().optional() }),
  z.strictObject({ kind: z.literal("crash"), ...common }),
  z.strictObject({ kind: z.literal("freeze"), ...common }),
  z.strictObject({ kind: z.literal("partition"), ...common, direction: z.enum(["both", "out", "in"]).optional() }),
  z.strictObject({ kind: z.literal("message-loss"), ...common, probability }),
  z.strictObject({ kind: z.literal("message-delay"), ...common, delay: durationDistributionSchema }),
  z.strictObject({ kind: z.literal("message-duplication"), ...common, probability }),
  z.strictObject({ kind: z.literal("slow-dependency"), ...common, dependency: z.enum(["db", "cache", "broker"]), add: durationDistributionSchema }),
  z.strictObject({ kind: z.literal("cache-outage"), ...common }),
  z.strictObject({
    kind: z.literal("limit"),
    ...common,
    limit: z.enum(["workers", "db-pool", "max-concurrent-builds", "executor", "db-threads"]),
    value: z.number().int().nonnegative(),
  }),
  z.strictObject({ kind: z.literal("clock-skew"), ...common, offsetNs: signedDurationSchema.optional(), driftPpm: z.number().optional() }),
]);

export const faultsSchema = z.array(faultSchema).default([]);

export type FaultSpec = z.output<typeof faultSchema>;
export type FaultKind = FaultSpec["kind"];
