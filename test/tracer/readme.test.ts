// tracer/README.md's examples are programs: each ```ts block followed by "prints" and a ```text
// block is run as a user would run it (its "tracebed/tracer" and "tracebed" imports pointed at
// this checkout) and must print exactly that text.
import test from "ava";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const README = readFileSync(join(REPO, "tracer/README.md"), "utf8");

const examples = [...README.matchAll(/```ts\n((?:(?!```)[\s\S])*)```\n\nprints\n\n```text\n((?:(?!```)[\s\S])*)```/g)].map((m, i) => ({ index: i + 1, code: m[1]!, output: m[2]! }));

function run(code: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tracebed-readme-"));
  const file = join(dir, "example.ts");
  writeFileSync(file, code.replaceAll('"tracebed/tracer"', JSON.stringify(join(REPO, "tracer/index.ts"))).replaceAll('"tracebed"', JSON.stringify(join(REPO, "sim/index.ts"))));
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", file], { cwd: REPO }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

test("the README has its six examples, each with the output it prints", (t) => {
  t.is(examples.length, 6);
});

for (const ex of examples) {
  const title = /^## (.*)$/gm;
  const heading = [...README.slice(0, README.indexOf(ex.code)).matchAll(title)].at(-1)?.[1] ?? "";
  test(`README example ${ex.index} (${heading}) runs and prints what the README says`, async (t) => {
    const r = await run(ex.code);
    t.is(r.code, 0, r.stderr);
    t.is(r.stdout, ex.output);
  });
}
