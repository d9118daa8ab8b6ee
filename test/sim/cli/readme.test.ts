// The README's command lines stay true to the commands: every command it shows exists, every
// flag it uses is one the command's --help lists, and every --set path of its sweep examples is
// one `sweep --help` explains.
import test from "ava";
import { readFileSync } from "node:fs";
import { tracebedInProcess } from "./helpers.ts";

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const lines = [...README.matchAll(/^npx tracebed (\S+)(.*)$/gm)].map((m) => ({ command: m[1]!, rest: m[2]! }));

test("every `npx tracebed` line in the README names a command and flags its --help lists", async (t) => {
  t.true(lines.length >= 8, `${lines.length} command lines`);
  for (const { command, rest } of lines) {
    if (command === "--help") continue;
    const help = await tracebedInProcess([command, "--help"]);
    t.is(help.code, 0, `${command}: ${help.stderr}`);
    for (const [, flag] of rest.replace(/#.*$/, "").matchAll(/(--[a-z-]+)/g)) t.true(help.stdout.includes(`  ${flag!}`), `${command} ${flag}`);
  }
});

test("the README's sweep --set paths are the ones `sweep --help` explains", async (t) => {
  const help = (await tracebedInProcess(["sweep", "--help"])).stdout;
  const paths = lines.filter((l) => l.command === "sweep").flatMap((l) => [...l.rest.matchAll(/--set ([a-z.]+)=/g)].map((m) => m[1]!));
  t.true(paths.length >= 2);
  for (const p of paths) t.true(help.includes(p), p);
});
