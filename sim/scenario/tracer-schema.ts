// The tracer block: which tracer design traces the run. Every field is optional here; the
// resolved configuration is a preset (or the default DAG + ITC design) with these fields
// laid over it (see tracer-config.ts).
import { z } from "zod";
import { durationSchema, positiveDurationSchema, rateSchema } from "./duration.ts";

const rate01 = z.number().min(0).max(1);

const headSamplers = [
  z.strictObject({ kind: z.literal("always") }),
  z.strictObject({ kind: z.literal("never") }),
  z.strictObject({ kind: z.literal("probabilistic"), rate: rate01 }),
  z.strictObject({ kind: z.literal("rate-limiting"), perSecond: rateSchema }),
  z.strictObject({
    kind: z.literal("per-operation"),
    defaultRate: rate01,
    lowerBoundPerSecond: rateSchema.default(0),
    operations: z.record(z.string(), rate01).default({}),
  }),
  z.strictObject({
    kind: z.literal("adaptive"),
    targetPerSecond: rateSchema,
    interval: positiveDurationSchema.default(60e9),
    initialRate: rate01.default(0.001),
  }),
  z.strictObject({ kind: z.literal("threshold"), rate: rate01 }),
  z.strictObject({
    kind: z.literal("on-demand"),
    keys: z.array(z.string().min(1)).min(1).default(["SECRET_KEY"]),
    triggerRate: rate01.default(1),
  }),
] as const;

const rootSamplerSchema = z.discriminatedUnion("kind", [...headSamplers]);

export const samplerSchema = z.discriminatedUnion("kind", [
  ...headSamplers,
  z.strictObject({ kind: z.literal("parent-based"), root: rootSamplerSchema }),
]);

export const tailSchema = z.strictObject({
  latencyThreshold: durationSchema.optional(),
  errors: z.boolean().default(true),
  operations: z.array(z.string()).default([]),
  rareShapes: z.boolean().default(false),
  decisionWait: positiveDurationSchema.default(5e9),
  maxPendingTraces: z.number().int().positive().default(10_000),
});

export const collectionSchema = z.strictObject({
  mode: z.enum(["async", "sync", "retroactive", "off"]).optional(),
  queueSize: z.number().int().positive().optional(),
  batchSize: z.number().int().positive().optional(),
  flushInterval: positiveDurationSchema.optional(),
  overflow: z.enum(["drop-newest", "drop-oldest"]).optional(),
  transport: z.enum(["reliable", "lossy"]).optional(),
  completionWindow: positiveDurationSchema.optional(),
  bufferEvents: z.number().int().positive().optional(),
  costPerTracePoint: durationSchema.optional(),
  costPerKiB: durationSchema.optional(),
});

export const tracerSchema = z.strictObject({
  enabled: z.boolean().optional(),
  preset: z.string().min(1).optional(),
  model: z.enum(["span", "dag"]).optional(),
  metadata: z.enum(["ids", "itc"]).optional(),
  propagation: z.enum(["w3c", "b3", "b3-single", "jaeger", "osprofiler", "itc"]).optional(),
  sampler: samplerSchema.optional(),
  tail: tailSchema.optional(),
  collection: collectionSchema.optional(),
});

export type TracerOverrides = z.output<typeof tracerSchema>;
export type SamplerSpec = z.output<typeof samplerSchema>;
export type TailSpec = z.output<typeof tailSchema>;
