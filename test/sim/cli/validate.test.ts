import test from "ava";
import { tempFile, tracebed, tracebedInProcess } from "./helpers.ts";

const good = `name: tiny
duration: 10s
workload:
  - { name: cli, type: open, rate: 5/s, mix: { token-issue: 1 } }
`;

test("validate accepts a good file and exits 0", async (t) => {
  const file = tempFile("good.yaml", good);
  const r = await tracebedInProcess(["validate", file]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /: ok — "tiny", 10s/);
});

test("validate: an unknown service name is named with a suggestion, exit 2", async (t) => {
  const file = tempFile("bad.yaml", good + "faults:\n  - { kind: crash, at: 2s, target: { service: keystnoe } }\n");
  const r = await tracebed(["validate", file]);
  t.is(r.code, 2);
  t.is(r.stdout, "");
  t.true(r.stderr.startsWith(`${file}:6:47: faults[0].target.service: unknown service "keystnoe" (did you mean "keystone"?)`), r.stderr);
});

test("validate: malformed YAML gives line:column and exit 2", async (t) => {
  const file = tempFile("broken.yaml", "name: tiny\nduration: [10s\n");
  const r = await tracebed(["validate", file]);
  t.is(r.code, 2);
  t.regex(r.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:1: YAML syntax error: `));
});

test("validate: a missing file and a missing argument are usage errors", async (t) => {
  const missing = await tracebedInProcess(["validate", "/nonexistent/s.yaml"]);
  t.is(missing.code, 2);
  t.is(missing.stderr, "/nonexistent/s.yaml: no such file\n");
  const noArg = await tracebedInProcess(["validate"]);
  t.is(noArg.code, 2);
  t.is(noArg.stderr, "validate: missing <scenario>; usage: tracebed validate <scenario> [--json]\n");
});
