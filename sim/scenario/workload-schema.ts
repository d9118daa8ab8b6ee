// The workload block: open-loop generators (Poisson or constant arrivals at a rate that may
// change over time) and closed-loop users with think time, each with a weighted workflow mix.
import { z } from "zod";
import { durationDistributionSchema } from "./distribution.ts";
import { formatCount, MAX_USERS } from "./bounds.ts";
import { durationSchema, rateSchema } from "./duration.ts";

const mixSchema = z
  .record(z.string(), z.number().positive())
  .refine((m) => Object.keys(m).length > 0, { message: "expected at least one workflow with a weight" })
  .meta({ description: "Workflow name → relative weight, e.g. {horizon-instances: 3, server-list: 1}." });

const window = {
  start: durationSchema.default(0).describe("When the generator starts, from the start of the run. Default 0."),
  stop: durationSchema.optional().describe("When it stops issuing new requests. Default: the end of the run."),
  tokenReuse: z.boolean().default(false).meta({
    description:
      "CLI commands reuse tokens from a fixed pool (topology keystone.users), as a script that keeps one keystoneauth session or passes --os-token does. By default each `openstack` command authenticates first (POST /v3/auth/tokens), as the real CLI does, so every service it reaches validates the new token with Keystone. Browser workflows always use their Horizon session's token.",
  }),
};

/** A user count: a whole number up to MAX_USERS (each user is a live process; sim/scenario/bounds.ts). */
const usersSchema = z
  .number()
  .int()
  .nonnegative()
  .superRefine((n, ctx) => {
    if (n > MAX_USERS) ctx.addIssue({ code: "custom", message: `expected at most ${formatCount(MAX_USERS)} users (each is a live process with a request in flight, about 16 KB: more exceed Node's default heap), got ${formatCount(n)}` });
  });

const generatorName = z.string().min(1).describe("The generator's name (it labels the generator in reports).");

export const openGeneratorSchema = z.strictObject({
  name: generatorName,
  type: z.literal("open").describe("Open loop: requests arrive at a rate, whether or not earlier ones finished."),
  arrival: z.enum(["poisson", "constant"]).default("poisson").describe("poisson: exponential gaps between requests; constant: equal gaps."),
  rate: rateSchema.describe('Requests per second: a number, or "5/s", "300/min", "2/h".'),
  changes: z.array(z.strictObject({ at: durationSchema, rate: rateSchema })).default([]).describe("Rate changes, each [{at, rate}] in force from its time on."),
  mix: mixSchema,
  ...window,
});

export const closedGeneratorSchema = z.strictObject({
  name: generatorName,
  type: z.literal("closed").describe("Closed loop: users each issue a request, wait for it, think, and issue the next."),
  users: usersSchema.describe("How many users."),
  think: durationDistributionSchema.describe("A user's think time between requests: a duration or a distribution ({kind: exponential, mean: 3s}, …)."),
  changes: z.array(z.strictObject({ at: durationSchema, users: usersSchema })).default([]).describe("User-count changes, each [{at, users}] in force from its time on."),
  mix: mixSchema,
  ...window,
});

export const generatorSchema = z.discriminatedUnion("type", [openGeneratorSchema, closedGeneratorSchema]);

export const workloadSchema = z
  .array(generatorSchema)
  .min(1, { message: "expected at least one workload generator" })
  .describe("The requests: one or more generators, open loop (a rate) or closed loop (users), each with a workflow mix.");

export type OpenGenerator = z.output<typeof openGeneratorSchema>;
export type ClosedGenerator = z.output<typeof closedGeneratorSchema>;
export type Generator = z.output<typeof generatorSchema>;
