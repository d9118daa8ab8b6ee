import test from "ava";
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
    "$schema", "description", "duration", "expect", "faults", "name", "report", "seed", "topology", "tracer", "warmup", "workload",
  ]);
  // Durations are written as strings or ns numbers, so the schema must accept both.
  t.deepEqual(schema.properties.duration!.type, ["string", "number"]);
  t.regex(schema.properties.duration!.description ?? "", /250ms/);
});

test("the JSON Schema lists every fault kind", (t) => {
  const text = JSON.stringify(scenarioJsonSchema());
  for (const kind of ["latency", "error", "crash", "restart", "freeze", "partition", "message-loss", "message-delay", "message-duplicate", "slow-dependency", "cache-outage", "limit", "clock-skew"]) {
    t.true(text.includes(`"const":"${kind}"`), kind);
  }
});
