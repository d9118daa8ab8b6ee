// The workload block: open-loop generators (Poisson or constant arrivals at a rate that may
// change over time) and closed-loop users with think time, each with a weighted workflow mix.
import { z } from "zod";
import { durationDistributionSchema } from "./distribution.ts";
import { durationSchema, rateSchema } from "./duration.ts";

const mixSchema = z
  .record(z.string(), z.number().positive())
  .refine((m) => Object.keys(m).length > 0, { message: "expected at least one workflow with a weight" })
  .meta({ description: "Workflow name → relative weight, e.g. {horizon-instances: 3, server-list: 1}." });

const window = {
  /** When the generator starts, relative to the run's start (default 0). */
  start: durationSchema.default(0),
  /** When it stops issuing new requests (default: the end of the run). */
  stop: durationSchema.optional(),
  tokenReuse: z.boolean().default(false).meta({
    description:
      "CLI commands reuse tokens from a fixed pool (topology keystone.users), as a script that keeps one keystoneauth session or passes --os-token does. By default each `openstack` command authenticates first (POST /v3/auth/tokens), as the real CLI does, so every service it reaches validates the new token with Keystone. Browser workflows always use their Horizon session's token.",
  }),
};

export const openGeneratorSchema = z.strictObject({
  name: z.string().min(1),
  type: z.literal("open"),
  arrival: z.enum(["poisson", "constant"]).default("poisson"),
  rate: rateSchema,
  changes: z.array(z.strictObject({ at: durationSchema, rate: rateSchema })).default([]),
  mix: mixSchema,
  ...window,
});

export const closedGeneratorSchema = z.strictObject({
  name: z.string().min(1),
  type: z.literal("closed"),
  users: z.number().int().nonnegative(),
  think: durationDistributionSchema,
  changes: z.array(z.strictObject({ at: durationSchema, users: z.number().int().nonnegative() })).default([]),
  mix: mixSchema,
  ...window,
});

export const generatorSchema = z.discriminatedUnion("type", [openGeneratorSchema, closedGeneratorSchema]);

export const workloadSchema = z.array(generatorSchema).min(1, { message: "expected at least one workload generator" });

export type OpenGenerator = z.output<typeof openGeneratorSchema>;
export type ClosedGenerator = z.output<typeof closedGeneratorSchema>;
export type Generator = z.output<typeof generatorSchema>;
