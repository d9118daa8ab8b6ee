// The tracer block: which tracer design traces the run. Every field is optional here; the
// resolved configuration is a preset (or the default DAG + ITC design) with these fields
// laid over it (see tracer-config.ts).
import { z } from "zod";
import { isQueryName, QUERY_NAME_EXPECTED, TUPLE_FIELDS } from "../../tracer/pivot/index.ts";
import { durationSchema, positiveDurationSchema, rateSchema } from "./duration.ts";

const rate01 = z.number().min(0).max(1);
const follow = { followParent: z.boolean().optional() };

// Mirrors tracer/sampling's SamplerSpec (createSampler), with durations and rates as written.
const rootSamplers = [
  z.strictObject({ type: z.literal("const"), decision: z.boolean(), ...follow }),
  z.strictObject({ type: z.literal("probabilistic"), rate: rate01, ...follow }),
  z.strictObject({ type: z.literal("ratelimiting"), tracesPerSecond: rateSchema, ...follow }),
  z.strictObject({
    type: z.literal("per-operation"),
    defaultRate: rate01.optional(),
    lowerBoundTracesPerSecond: rateSchema.optional(),
    operations: z.record(z.string(), rate01).optional(),
    maxOperations: z.number().int().positive().optional(),
    ...follow,
  }),
  z.strictObject({
    type: z.literal("adaptive"),
    targetTracesPerSecond: rateSchema.optional(),
    initialProbability: rate01.optional(),
    minProbability: rate01.optional(),
    minSamplesPerSecond: rateSchema.optional(),
    calculationIntervalNs: positiveDurationSchema.optional(),
    deltaTolerance: z.number().nonnegative().optional(),
    percentageIncreaseCap: z.number().positive().optional(),
    bucketsForCalculation: z.number().int().positive().optional(),
    ...follow,
  }),
  z.strictObject({ type: z.literal("consistent"), probability: rate01, precision: z.number().int().min(1).max(14).optional(), ...follow }),
  z.strictObject({ type: z.literal("on-demand"), hmacKeys: z.array(z.string().min(1)).min(1), retiredKeys: z.array(z.string().min(1)).optional(), ...follow }),
] as const;

const rootSamplerSchema = z.discriminatedUnion("type", [...rootSamplers]);

export const samplerSchema = z.discriminatedUnion("type", [
  ...rootSamplers,
  z.strictObject({ type: z.literal("parent-based"), root: rootSamplerSchema, ...follow }),
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
  /** The completion window counts from a trace's first record, or from its latest (a quiet period). */
  completionFrom: z.enum(["first", "last"]).optional(),
  bufferEvents: z.number().int().positive().optional(),
  costPerTracePoint: durationSchema.optional(),
  costPerKiB: durationSchema.optional(),
});

const tracepointSchema = z.strictObject({
  service: z.string().min(1).optional().meta({ description: "The service recording the span." }),
  operation: z.string().optional().meta({ description: "A prefix of the span's name." }),
  root: z.boolean().optional().meta({ description: "Only a span that starts its trace." }),
});

export const querySchema = z
  .strictObject({
    name: z.string().refine(isQueryName, `expected ${QUERY_NAME_EXPECTED}`),
    from: tracepointSchema.meta({ description: "Where tuples are measured: each such span adds its duration to its group." }),
    join: tracepointSchema.meta({ description: "Where the grouping field is packed into baggage: the first such span on the request's path." }),
    groupBy: z.enum(TUPLE_FIELDS),
  })
  .meta({ description: "A Pivot Tracing query: From q In <from> Join cl In First(<join>) On cl -> q GroupBy cl.<groupBy> Select COUNT, SUM(q.duration)." });

export const tracerSchema = z.strictObject({
  enabled: z.boolean().optional(),
  preset: z.string().min(1).optional().meta({ description: "A tracer design from tracer/presets (dag-itc, jaeger, zipkin, osprofiler, otel, dapper, canopy, blkin, pivot-tracing, xtrace); the other fields override it." }),
  model: z.enum(["span", "dag"]).optional().meta({ description: "dag: events with explicit parents (fork/join visible); span: span records only." }),
  metadata: z.enum(["ids", "itc"]).optional().meta({ description: "itc: an Interval Tree Clock stamp travels with the context and on every event." }),
  propagation: z
    .enum(["w3c", "b3", "b3multi", "jaeger", "osprofiler", "itc"])
    .optional()
    .meta({
      description:
        'Header format of the context. With metadata "itc", W3C carries the stamp in tracestate and the other formats add the standalone itc-stamp header; "itc" means W3C ids with the stamp.',
    }),
  sampler: samplerSchema.optional(),
  tail: tailSchema.optional(),
  collection: collectionSchema.optional(),
  queries: z
    .array(querySchema)
    .refine((qs) => new Set(qs.map((q) => q.name)).size === qs.length, "distinct query names")
    .optional()
    .meta({ description: "Pivot Tracing queries evaluated as the run goes; replaces the preset's." }),
});

export type TracerOverrides = z.output<typeof tracerSchema>;
export type SamplerSpec = z.output<typeof samplerSchema>;
export type TailSpec = z.output<typeof tailSchema>;
