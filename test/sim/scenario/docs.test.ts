// The schema documents itself: its zod descriptions reach `tracebed schema`, every field outside
// the tracer and fault blocks (documented by their own modules) has one, and the parameter
// tables in scenarios/README.md are exactly what the schema generates.
import test from "ava";
import { readFileSync } from "node:fs";
import { DOCS_BEGIN, DOCS_END, scenarioDocs, spliceDocs } from "../../../sim/scenario/docs.ts";
import { scenarioJsonSchema } from "../../../sim/scenario/schema.ts";
import { tracebedInProcess } from "../cli/helpers.ts";

type Node = { description?: string; properties?: Record<string, Node>; items?: { oneOf?: Node[] } };

test("scenarios/README.md's parameter tables are up to date with the schema (run `npm run docs` if not)", (t) => {
  const readme = readFileSync(new URL("../../../scenarios/README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf(DOCS_BEGIN), readme.indexOf(DOCS_END) + DOCS_END.length);
  t.is(section, scenarioDocs());
  t.is(spliceDocs(readme, scenarioDocs()), readme);
});

test("descriptions reach `tracebed schema`, and every field outside tracer and faults has one", async (t) => {
  const printed = JSON.parse((await tracebedInProcess(["schema"])).stdout) as Node;
  t.deepEqual(printed, JSON.parse(JSON.stringify(scenarioJsonSchema())));
  const missing: string[] = [];
  const check = (node: Node, path: string) => {
    for (const [k, v] of Object.entries(node.properties ?? {})) if (typeof v.description !== "string" || v.description === "") missing.push(`${path}${k}`);
  };
  const props = printed.properties!;
  check({ properties: Object.fromEntries(Object.entries(props).filter(([k]) => k !== "faults" && k !== "tracer")) }, "");
  for (const name of ["topology", "expect", "report"]) check(props[name]!, `${name}.`);
  for (const v of props["workload"]!.items!.oneOf!) check(v, "workload[].");
  t.deepEqual(missing, []);
});

test("the generated tables show a field's type, default and description", (t) => {
  const docs = scenarioDocs();
  t.true(docs.includes("| `duration` | duration | required | How long the workload runs"));
  t.true(docs.includes("| `arrival` | `poisson` or `constant` | `poisson` | poisson: exponential gaps"));
  t.true(docs.includes("#### `kind: latency`"));
  t.true(docs.includes("| `keepTraces` | integer | `2000` |"));
});
