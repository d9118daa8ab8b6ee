import test from "ava";
import { FAULT_KINDS } from "../../../sim/faults/index.ts";
import { scenarioJsonSchema } from "../../../sim/scenario/schema.ts";

test("the JSON Schema describes a scenario file's inputs", (t) => {
  const schema = scenarioJsonSchema() as {
    $schema: string;
    type: string;
    required: string[];
    additionalProperties: boolean;
    properties: Record<string, { type?: unknown; description?: string }>;
  };
  t.is(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  t.is(schema.type, "object");
  t.false(schema.additionalProperties);
  t.deepEqual([...schema.required].sort(), ["duration", "name", "workload"]);
  t.deepEqual(Object.keys(schema.properties).sort(), [
    "$schema", "description", "duration", "epoch", "expect", "faults", "name", "report", "seed", "topology", "tracer", "warmup", "workload",
  ]);
  // Durations are written as strings or ns numbers, so the schema must accept both.
  t.deepEqual(schema.properties.duration!.type, ["string", "number"]);
  t.regex(schema.properties.duration!.description ?? "", /250ms/);
});

test("the fault kinds are exactly the model's", (t) => {
  const schema = scenarioJsonSchema() as { properties: { faults: { items: { oneOf: { properties: { kind: { const: string } } }[] } } } };
  const kinds = schema.properties.faults.items.oneOf.map((o) => o.properties.kind.const);
  t.deepEqual([...kinds].sort(), [...FAULT_KINDS].sort());
});
