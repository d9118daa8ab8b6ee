// `npm run bench -- [suite ...] [--json[=FILE]] [--quick | --long]`: runs benchmark suites (all
// by default). Each suite lives in test/bench/<name>.ts and exports `suite: Suite`; the other
// modules there are helpers (and tests of them).
// With --json=FILE, one JSON object merging every suite's figures is written to FILE; with a bare
// --json it goes to stdout (npm prints its own "> tracebed bench" banner there too, so pipe
// `npm run -s bench -- ... --json`, or give a file). Tables go to stderr.
import { readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Suite, SuiteResult } from "./harness.ts";

const here = dirname(fileURLToPath(import.meta.url));
const modules = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts" && f !== "harness.ts")
  .map((f) => f.slice(0, -3))
  .sort();
const suites = new Map<string, Suite>();
for (const name of modules) {
  const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { suite?: Suite };
  if (mod.suite !== undefined) suites.set(name, mod.suite);
}
const available = [...suites.keys()];

const args = process.argv.slice(2);
const jsonArg = args.find((a) => a === "--json" || a.startsWith("--json="));
const json = jsonArg !== undefined;
const jsonFile = jsonArg?.startsWith("--json=") ? jsonArg.slice("--json=".length) : undefined;
if (jsonFile === "") {
  process.stderr.write("bench: --json= needs a file name, e.g. --json=bench.json\n");
  process.exit(2);
}
const quick = args.includes("--quick");
const long = args.includes("--long");
const wanted = args.filter((a) => !a.startsWith("--"));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown suite ${unknown.join(", ")}; available: ${available.join(", ")}\n`);
  process.exit(2);
}

const merged: SuiteResult = {};
for (const name of wanted.length > 0 ? wanted : available) {
  const result = suites.get(name)!.run({ quick, long });
  for (const [key, figures] of Object.entries(result)) merged[key] = { ...merged[key], ...figures };
}
if (jsonFile !== undefined) {
  writeFileSync(jsonFile, JSON.stringify(merged) + "\n");
  process.stderr.write(`bench: figures written to ${jsonFile}\n`);
} else if (json) process.stdout.write(JSON.stringify(merged) + "\n");
