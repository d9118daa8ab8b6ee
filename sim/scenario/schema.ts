// The zod schema of a scenario file. `scenarioSchema` parses what the user wrote (durations
// become ns, defaults are filled in); sim/scenario/load.ts adds the checks that need the
// model's names and the run's length.
import { z } from "zod";
import { durationSchema, positiveDurationSchema } from "./duration.ts";
import { DEFAULT_EPOCH, epochSchema } from "./epoch.ts";
import { faultsSchema } from "./fault-schema.ts";
import { tracerSchema } from "./tracer-schema.ts";
import { workloadSchema } from "./workload-schema.ts";

export const topologySchema = z
  .strictObject({
    profile: z.string().min(1).default("small"),
    overrides: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ description: "A named topology profile plus overrides of its fields (only what changes)." });

const culpritSchema = z.strictObject({
  service: z.string().min(1),
  operation: z.string().min(1).optional(),
});

const sloSchema = z.strictObject({
  workflow: z.string().min(1),
  percentile: z.number().gt(0).lt(100),
  max: positiveDurationSchema,
  period: z.enum(["all", "before", "during", "after"]).default("all"),
});

export const expectSchema = z.strictObject({
  /** Ground truth for diagnosis: what a correct diagnosis names, best first. */
  culprits: z.array(culpritSchema).default([]),
  /** A fault-free run: a correct diagnosis names nothing. */
  noCulprit: z.boolean().default(false),
  slo: z.array(sloSchema).default([]),
  /** Golden kernel event-log hash for this scenario and seed (regression). */
  eventLogHash: z.string().optional(),
});

export const reportSchema = z.strictObject({
  /** Latency periods: before / during / after the faults, or fixed windows. */
  periods: z.enum(["faults", "windows"]).default("faults"),
  window: positiveDurationSchema.default(60e9),
  /** Traces kept (reservoir-sampled, deterministic) per period for diagnosis. */
  keepTraces: z.number().int().nonnegative().default(2000),
});

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, { message: "expected a lowercase name of letters, digits, '.', '_' or '-'" }),
    description: z.string().default(""),
    seed: z.union([z.number().int(), z.string().min(1)]).default(1),
    epoch: epochSchema.default(DEFAULT_EPOCH),
    duration: positiveDurationSchema,
    warmup: durationSchema.default(0),
    topology: topologySchema.default({ profile: "small", overrides: {} }),
    workload: workloadSchema,
    faults: faultsSchema,
    tracer: tracerSchema.default({}),
    expect: expectSchema.default({ culprits: [], noCulprit: false, slo: [] }),
    report: reportSchema.default({ periods: "faults", window: 60e9, keepTraces: 2000 }),
  })
  .meta({ title: "tracebed scenario", description: "A tracebed scenario: topology, workload, faults, tracer and expectations." });

/** A scenario as parsed: durations in ns, defaults applied, tracer overrides not yet resolved. */
export type ScenarioInput = z.output<typeof scenarioSchema>;

/** The JSON Schema of a scenario file (what editors use to complete and check files). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
