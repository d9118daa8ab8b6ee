// The fast subset of `tracebed check` in npm test: the presets experiment (triggers and
// samplers of every preset, no cloud) must reproduce the committed results/ exactly, and a
// perturbed copy of them must fail with the cell named.
import test from "ava";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tracebedInProcess } from "../sim/cli/helpers.ts";
import { generate } from "../../sim/experiments/generate.ts";
import { writeResults } from "../../sim/experiments/write.ts";

const results = fileURLToPath(new URL("../../results/", import.meta.url));

test("tracebed check --only presets matches the committed results", async (t) => {
  const r = await tracebedInProcess(["check", "--only", "presets", "--jobs", "1"]);
  t.is(r.stderr, "");
  t.is(r.code, 0, r.stdout);
  t.regex(r.stdout, /^check: 2 files match .*results.* \(experiments: presets\)\n$/);
});

test("tracebed check names a perturbed cell and exits 1", async (t) => {
  // A fresh copy, so the test is about the perturbation alone.
  const dir = mkdtempSync(join(tmpdir(), "tracebed-check-"));
  writeResults(dir, await generate({ only: ["presets"], jobs: 1 }), false);
  const csv = join(dir, "presets.csv");
  writeFileSync(csv, readFileSync(csv, "utf8").replace(/^(otel,span,ids,w3c,)/m, "$1X"));
  const r = await tracebedInProcess(["check", "--only", "presets", "--jobs", "1", "--results", dir]);
  t.is(r.code, 1);
  t.true(r.stdout.startsWith(`check: 1 difference in 1 file against ${dir}:\n`), r.stdout);
  t.true(r.stdout.includes(`  presets, row "otel", column "Sampler": Xparent-based(always) → parent-based(always)\n`), r.stdout);
});

test("tracebed check rejects an unknown experiment with exit 2", async (t) => {
  const r = await tracebedInProcess(["check", "--only", "tabel2"]);
  t.is(r.code, 2);
  t.is(r.stderr, "unknown experiment \"tabel2\"; expected one of presets, table2, cost, fidelity, diagnosis, diagnosis-matrix, thesis, golden\n");
});

test("experiments give the same bytes on one thread and on two", async (t) => {
  const one = await generate({ only: ["presets"], jobs: 1 });
  const two = await generate({ only: ["presets"], jobs: 2 });
  t.deepEqual([...two.entries()], [...one.entries()]);
});
