// The zod schema of a scenario file. `scenarioSchema` parses what the user wrote (durations
// become ns, defaults are filled in); sim/scenario/load.ts adds the checks that need the
// model's names and the run's length.
import { z } from "zod";
import { durationDistributionSchema } from "./distribution.ts";
import { durationSchema, positiveDurationSchema, rateSchema } from "./duration.ts";
import { MAX_KEEP_TRACES } from "./bounds.ts";
import { DEFAULT_EPOCH, epochSchema } from "./epoch.ts";
import { faultsSchema } from "./fault-schema.ts";
import { tracerSchema } from "./tracer-schema.ts";
import { workloadSchema } from "./workload-schema.ts";

export const topologySchema = z
  .strictObject({
    profile: z.string().min(1).default("small").describe("A named cloud layout. small: 3 controllers, 4 computes, a broker, a database host and a client host. medium: small's layout 8 times over (24 controllers, 32 computes) in 2 nova cells, one database replica. large: 30 times over (90 controllers, 120 computes) in 4 cells, each with its own broker, database (2 replicas) and 3 conductors."),
    overrides: z.record(z.string(), z.unknown()).default({}).describe("Fields of the profile to change, e.g. services: { keystone: { replicas: 3 } } or keystone: { tokenCacheTtlNs: 60s }."),
  })
  .meta({ description: "A named topology profile plus overrides of its fields (only what changes)." });

const culpritSchema = z
  .strictObject({
    kind: z.enum(["service", "operation", "instance", "host", "link", "queue", "dependency", "clock"]).optional().describe("The kind of component, when it must match too."),
    service: z.string().min(1).optional().describe("The service (or the dependency: database, memcached, rabbitmq)."),
    operation: z.string().min(1).optional().describe("The operation of that service."),
    instance: z.string().min(1).optional().describe("A service instance, e.g. nova-compute-2."),
    host: z.string().min(1).optional().describe("A host, e.g. controller-2."),
    link: z.string().min(1).optional().describe('A network link, e.g. "controller-1<->broker-1".'),
    queue: z.string().min(1).optional().describe("A broker queue, e.g. conductor."),
  })
  .refine((c) => Object.keys(c).some((k) => k !== "kind"), { message: "expected at least one of service, operation, instance, host, link or queue" })
  .meta({
    description:
      'A component a correct diagnosis names among its first three (summary.json diagnosis.ranking): every field given must match, e.g. { service: keystone, operation: validate_token }, { instance: nova-compute-2 }, { link: "controller-1<->broker-1" }, { kind: clock, host: controller-2 }.',
  });

const sloSchema = z.strictObject({
  workflow: z.string().min(1).describe("The workflow the objective is about."),
  percentile: z.number().gt(0).lt(100).describe("The latency percentile, e.g. 99."),
  max: positiveDurationSchema.describe("The most that percentile may be."),
  period: z.enum(["all", "before", "during", "after"]).default("all").describe("The requests judged: all after the warm-up, or one period."),
});

export const expectSchema = z
  .strictObject({
    culprits: z.array(culpritSchema).default([]).describe("Ground truth for diagnosis: what a correct diagnosis names, best first: components as in summary.json diagnosis.ranking."),
    noCulprit: z.boolean().default(false).describe("A fault-free run: a correct diagnosis names nothing."),
    slo: z.array(sloSchema).default([]).describe("Latency objectives checked after the run ({workflow, percentile, max, period})."),
    eventLogHash: z.string().optional().describe("The golden kernel event-log hash for this scenario and seed (a regression check)."),
  })
  .describe("What the run should show: the diagnosis's ground truth and latency objectives.");

export const reportSchema = z
  .strictObject({
    periods: z.enum(["faults", "windows"]).default("faults").describe("Latency periods: faults (before / during / after the faults) or fixed windows."),
    window: positiveDurationSchema.default(60e9).describe("The window length with periods: windows. Default 60s."),
    keepTraces: z.number().int().nonnegative().max(MAX_KEEP_TRACES).default(2000).describe("Traces kept per period, outcome (ok, error, timeout) and workflow (reservoir-sampled, deterministically; each weighted by the requests it stands for) for the report and the diagnosis. A trace the backend assembled before its request ended (a request that waited longer than the assembly window) is held until the request ends, and records that arrive after it join it."),
  })
  .describe("How results are reported: latency periods and the traces kept for diagnosis.");

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe("The JSON Schema this file follows (for editors)."),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, { message: "expected a lowercase name of letters, digits, '.', '_' or '-'" })
      .describe("The scenario's name: lowercase letters, digits, '.', '_' or '-'. With the seed, it also seeds trace ids."),
    description: z.string().default("").describe("What happens in the scenario, in a sentence or two."),
    seed: z.union([z.number().int(), z.string().min(1)]).default(1).describe("The root of every random stream: an integer or a word (`tracebed run --seed` overrides it)."),
    epoch: epochSchema.default(DEFAULT_EPOCH),
    duration: positiveDurationSchema.describe("How long the workload runs, in virtual time (requests still running then are let finish)."),
    warmup: durationSchema.default(0).describe("Requests started before this are reported apart, in period warmup. Default 0."),
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

/** How a value of each tagged type is written, for fields whose own description replaced the type's. */
const TYPE_HINTS: Readonly<Record<string, string | undefined>> = {
  duration: durationSchema.description,
  rate: rateSchema.description,
  "duration or distribution": durationDistributionSchema.description,
};

/** Appends the type's hint to a field's own description (so an editor shows how to write the value). */
function withTypeHints(node: unknown): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) return node.forEach(withTypeHints);
  const n = node as Record<string, unknown>;
  const hint = typeof n["x-tracebed-type"] === "string" ? TYPE_HINTS[n["x-tracebed-type"]] : undefined;
  if (hint !== undefined && typeof n["description"] === "string" && n["description"] !== hint) n["description"] = `${n["description"]} ${hint}`;
  for (const v of Object.values(n)) withTypeHints(v);
}

/** The JSON Schema of a scenario file (what editors use to complete and check files). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  withTypeHints(schema);
  return schema;
}
