// `tracebed diagnose` on a run's own exported traces: span-only Jaeger files, one file split
// at the fault's start, and the user errors that exit 2.
import test from "ava";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tracebed } from "./helpers.ts";

const scenario = fileURLToPath(new URL("../../report/fixtures/slow-validation.yaml", import.meta.url));

test("diagnose names Keystone's token validation in a run's Jaeger export, split at the fault start", async (t) => {
  const out = mkdtempSync(join(tmpdir(), "tracebed-diagnose-"));
  const run = await tracebed(["run", scenario, "--out", out, "--traces", "jaeger"]);
  t.is(run.code, 0, run.stderr);
  const traces = join(out, "traces.jaeger.json");

  // Split a second before the outage: a CLI command (which authenticates first) started just
  // before it may already meet the dead cache.
  const json = await tracebed(["diagnose", traces, "--split-at", "13s", "--json"]);
  t.is(json.code, 0, json.stderr);
  const d = JSON.parse(json.stdout) as { culprits: { service: string; operation: string; share: number }[] };
  t.true(d.culprits.length > 0);
  t.like(d.culprits[0], { service: "keystone", operation: "validate_token" });

  const text = await tracebed(["diagnose", traces, "--split-at", "13s"]);
  t.is(text.code, 0);
  t.regex(text.stdout, /1\. \[keystone\] validate_token/);

  const noSplit = await tracebed(["diagnose", traces]);
  t.is(noSplit.code, 2);
  t.regex(noSplit.stderr, /one trace file needs --split-at/);

  const badSplit = await tracebed(["diagnose", traces, "--split-at", "soon"]);
  t.is(badSplit.code, 2);
  t.regex(badSplit.stderr, /--split-at: expected a time such as "90s"/);
});

test("diagnose names memcached as the error origin when the cache fails fast, in a run's Jaeger export", async (t) => {
  const out = mkdtempSync(join(tmpdir(), "tracebed-diagnose-"));
  const cacheOutage = fileURLToPath(new URL("./fixtures/cache-outage.yaml", import.meta.url));
  const run = await tracebed(["run", cacheOutage, "--out", out, "--traces", "jaeger"]);
  t.is(run.code, 0, run.stderr);
  const traces = join(out, "traces.jaeger.json");
  // Split a second before the outage: a CLI command (which authenticates first) started just
  // before it may already meet the dead cache.
  const json = await tracebed(["diagnose", traces, "--split-at", "13s", "--json"]);
  t.is(json.code, 0, json.stderr);
  const d = JSON.parse(json.stdout) as { errors: { service: string; operation: string; rateBefore: number; rateAfter: number }[] };
  t.like(d.errors[0], { service: "memcached", operation: "cache.get", rateBefore: 0 });
  t.true(d.errors[0]!.rateAfter > 0.5, `rate after ${d.errors[0]!.rateAfter}`);
  const text = await tracebed(["diagnose", traces, "--split-at", "13s"]);
  t.regex(text.stdout, /Error origins that became more common[^\n]*\n1\. \[memcached\] cache\.get: 0% → \d+% of traces/);
});

test("diagnose refuses a missing file and a wrong number of files with exit code 2", async (t) => {
  const missing = await tracebed(["diagnose", "/nonexistent/a.json", "/nonexistent/b.json"]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /no such file/);
  const none = await tracebed(["diagnose"]);
  t.is(none.code, 2);
  t.regex(none.stderr, /expected one or two trace files, got 0/);
});
