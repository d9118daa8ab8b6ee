// The tracer configuration: one zod schema for what a run uses (`config`, every field present:
// a preset is one) and the overrides a scenario file lays over a preset (`overrides`, every field
// optional). Types come from the schema; descriptions reach `tracebed schema`.
import { z } from "zod";
import { isQueryName, QUERY_NAME_EXPECTED, TUPLE_FIELDS } from "../pivot/query.ts";
import { collectionSchemas } from "./collection.ts";
import { samplerSchemas } from "./sampler.ts";
import { PLAIN_UNITS } from "./units.ts";
import type { Units } from "./units.ts";

export const PROPAGATION_FORMATS = ["w3c", "b3", "b3multi", "jaeger", "osprofiler", "itc"] as const;

function querySchema() {
  const tracepoint = z.strictObject({
    service: z.string().min(1).optional().describe("The service recording the span."),
    operation: z.string().optional().describe("A prefix of the span's name."),
    root: z.boolean().optional().describe("Only a span that starts its trace."),
  });
  return z
    .strictObject({
      name: z.string().refine(isQueryName, `expected ${QUERY_NAME_EXPECTED}`).describe("Names the results and the baggage member pt.<name>."),
      from: tracepoint.describe("Where tuples are measured: each such span adds its duration to its group."),
      join: tracepoint.describe("Where the grouping field is packed into baggage: the first such span on the request's path."),
      groupBy: z.enum(TUPLE_FIELDS).describe("The join tracepoint's field grouped by."),
    })
    .describe("A Pivot Tracing query: From q In <from> Join cl In First(<join>) On cl -> q GroupBy cl.<groupBy> Select COUNT, SUM(q.duration).");
}

export function tracerSchemas(units: Units = PLAIN_UNITS) {
  const { sampler } = samplerSchemas(units);
  const c = collectionSchemas(units);
  const tail = z
    .strictObject({
      latencyThreshold: units.duration.optional().describe("Keep traces lasting at least this long (OTel tail_sampling latency policy)."),
      errors: z.boolean().describe("Keep traces with an error (status_code policy)."),
      operations: z.array(z.string()).describe("Keep traces containing one of these operations."),
      rareShapes: z.boolean().describe("Keep traces whose structure is rare (diversity sampling, Sifter-style)."),
      decisionWait: units.positiveDuration.describe("Time after a trace's first record before it is decided (OTel decision_wait, 30 s)."),
      maxPendingTraces: z.number().int().positive().describe("Traces held undecided at most (OTel num_traces, 50000)."),
    })
    .describe("Tail sampling at the backend: traces are held until decided by these policies.");
  const queries = z
    .array(querySchema())
    .refine((qs) => new Set(qs.map((q) => q.name)).size === qs.length, "distinct query names")
    .describe("Pivot Tracing queries evaluated as the run goes.");
  const model = z.enum(["span", "dag"]).describe("dag: events with explicit parents (fork/join visible); span: span records only.");
  const metadata = z.enum(["ids", "itc"]).describe("itc: an Interval Tree Clock stamp travels with the context and on every event.");
  const propagation = z
    .enum(PROPAGATION_FORMATS)
    .describe('Header format of the context. With metadata "itc", W3C carries the stamp in tracestate and the other formats add the standalone itc-stamp header; "itc" means W3C ids with the stamp.');

  const config = z
    .strictObject({
      enabled: z.boolean().describe("false: no tracer at all (the untraced baseline)."),
      preset: z.string().min(1).describe("The design this configuration started from (tracer/presets)."),
      model,
      metadata,
      propagation,
      sampler,
      tail: tail.optional(),
      collection: c.collection,
      queries: queries.optional(),
    })
    .describe("A tracer design, resolved: every field present.");

  const overrides = z
    .strictObject({
      enabled: z.boolean().optional().describe("false: run untraced."),
      preset: z
        .string()
        .min(1)
        .optional()
        .describe("A tracer design from tracer/presets (dag-itc by default); the other fields override it."),
      model: model.optional(),
      metadata: metadata.optional(),
      propagation: propagation.optional(),
      sampler: sampler.optional().describe("Replaces the preset's sampler as a whole (a sampler is one choice, not a bag of fields)."),
      tail: tail.partial().optional().describe("Merged over the preset's tail policies (or the OTel tail_sampling defaults)."),
      collection: c.collection
        .extend({
          retry: c.retry.partial().optional().describe(c.retry.description!),
          relay: c.relay.partial().optional().describe(c.relay.description!),
          backend: c.backend.partial().optional().describe(c.backend.description!),
          assembly: c.assembly.partial().optional().describe(c.assembly.description!),
          retroactive: c.retroactive.partial().optional().describe(c.retroactive.description!),
        })
        .partial()
        .optional()
        .describe("Merged field by field over the preset's collection (a stage the preset lacks starts from that stage's reference defaults)."),
      queries: queries.optional().describe("Pivot Tracing queries; replaces the preset's."),
    })
    .describe("Which tracer design traces the run: a preset, with any field overridden.");

  return { sampler, tail, collection: c.collection, relay: c.relay, backend: c.backend, retroactive: c.retroactive, retry: c.retry, config, overrides };
}

/** The library's schemas (durations in ns, rates per second). */
export const TRACER_SCHEMAS = tracerSchemas();

export type TracerConfig = z.output<typeof TRACER_SCHEMAS.config>;
export type TracerOverrides = z.output<typeof TRACER_SCHEMAS.overrides>;
export type SamplerSpec = TracerConfig["sampler"];
export type RootSamplerSpec = Exclude<SamplerSpec, { readonly type: "parent-based" }>;
export type TailConfig = z.output<typeof TRACER_SCHEMAS.tail>;
export type CollectionConfig = TracerConfig["collection"];
export type RetryConfig = CollectionConfig["retry"];
export type RelayConfig = z.output<typeof TRACER_SCHEMAS.relay>;
export type BackendQueueConfig = z.output<typeof TRACER_SCHEMAS.backend>;
export type RetroactiveConfig = z.output<typeof TRACER_SCHEMAS.retroactive>;
export type AssemblyConfig = CollectionConfig["assembly"];
export type PropagationFormat = TracerConfig["propagation"];
