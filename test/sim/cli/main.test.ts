import test from "ava";
import { readFileSync } from "node:fs";
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

test("an internal failure exits 1 with the stack; a user error from any module exits 2", async (t) => {
  const { main } = await import("../../../sim/cli/main.ts");
  let stderr = "";
  const io = { stdout: () => undefined, stderr: (s: string) => void (stderr += s), interactive: false };
  const boom = { name: "boom", summary: "fails", load: async () => ({ usage: "tracebed boom", flags: [], run: () => { throw new TypeError("cannot read x of undefined"); } }) };
  t.is(await main(["boom"], io, [boom]), 1);
  t.regex(stderr, /^tracebed boom: internal error: TypeError: cannot read x of undefined\n {4}at /);
  stderr = "";
  const userFacing = Object.assign(new Error("trace.json: line 3: expected a span"), { userFacing: true });
  const bad = { name: "bad", summary: "fails", load: async () => ({ usage: "tracebed bad", flags: [], run: () => { throw userFacing; } }) };
  t.is(await main(["bad"], io, [bad]), 2);
  t.is(stderr, "trace.json: line 3: expected a span\n");
});

test("the program's help lists every command without loading any; a command's help loads only that one", async (t) => {
  const { main } = await import("../../../sim/cli/main.ts");
  const loaded: string[] = [];
  const entry = (name: string) => ({
    name,
    summary: `the ${name} command`,
    load: async () => {
      loaded.push(name);
      return { usage: `tracebed ${name}`, flags: [], run: () => 0 };
    },
  });
  let stdout = "";
  const io = { stdout: (s: string) => void (stdout += s), stderr: () => undefined, interactive: false };
  t.is(await main(["--help"], io, [entry("alpha"), entry("beta")]), 0);
  t.regex(stdout, /alpha {2}the alpha command\n {2}beta {3}the beta command/);
  t.deepEqual(loaded, []);
  t.is(await main(["beta", "--help"], io, [entry("alpha"), entry("beta")]), 0);
  t.deepEqual(loaded, ["beta"]);
});

test("--version prints the package's version", async (t) => {
  const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  for (const flag of ["--version", "-v"]) {
    const r = await tracebedInProcess([flag]);
    t.is(r.code, 0);
    t.is(r.stdout, `tracebed ${version}\n`);
  }
});
