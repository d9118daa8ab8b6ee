import test from "ava";
import { tracebed, tracebedInProcess } from "./helpers.ts";

test("schema prints a JSON Schema on stdout", async (t) => {
  const r = await tracebed(["schema"]);
  t.is(r.code, 0, r.stderr);
  const schema = JSON.parse(r.stdout) as { $schema: string; properties: Record<string, unknown> };
  t.is(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  t.truthy(schema.properties.workload);
});

test("--help works for the program and every command; unknown commands and flags exit 2", async (t) => {
  const top = await tracebedInProcess(["--help"]);
  t.is(top.code, 0);
  t.regex(top.stdout, /^usage: tracebed <command> \[options\]/);
  for (const name of ["validate", "schema"]) {
    const r = await tracebedInProcess([name, "--help"]);
    t.is(r.code, 0, name);
    t.regex(r.stdout, new RegExp(`^usage: tracebed ${name}`));
  }
  const unknown = await tracebedInProcess(["valdate"]);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /^tracebed: unknown command "valdate" \(did you mean "validate"\?\)/);
  const flag = await tracebedInProcess(["validate", "x.yaml", "--jsno"]);
  t.is(flag.code, 2);
  t.is(flag.stderr, 'validate: unknown option --jsno (did you mean "--json"?); see `tracebed validate --help`\n');
});
