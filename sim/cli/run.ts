// `tracebed run <scenario>`: runs a scenario and writes DIR/summary.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { describeEntry, firstDifference } from "../kernel/index.ts";
import { formatNs } from "../scenario/duration.ts";
import { loadScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/load.ts";
import { defaultCatalog } from "../run/catalog.ts";
import { defaultModel } from "../run/model.ts";
import { buildSummary, humanSummary } from "../run/result.ts";
import { ScenarioRun } from "../run/runner.ts";
import type { RunOptions } from "../run/runner.ts";
import { summaryBytes } from "../run/summary.ts";
import { expectPositionals, parseArgv, validateFlags } from "./args.ts";
import type { Command, Io } from "./command.ts";
import { progressBar } from "./progress.ts";

const flags = [
  { name: "seed", placeholder: "N", description: "seed to use instead of the scenario's" },
  { name: "out", placeholder: "DIR", description: "folder for summary.json (created if needed)" },
  { name: "json", boolean: true, description: "print the summary JSON on stdout instead of the human summary" },
  { name: "check-determinism", boolean: true, description: "run twice and report the first differing kernel event if the runs differ" },
] as const;

const options = z.strictObject({
  seed: z
    .string()
    .regex(/^-?\d+$|^[A-Za-z0-9._-]+$/, { message: "expected an integer or a word of letters, digits, '.', '_' or '-'" })
    .transform((s) => (/^-?\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s))
    .optional(),
  out: z.string().min(1).optional(),
  json: z.literal(true).optional(),
  "check-determinism": z.literal(true).optional(),
});

/** Events per slice between progress updates and lockstep comparisons. */
const SLICE = 200_000;

function runOnce(scenario: Scenario, runOptions: RunOptions, io: Io): ScenarioRun {
  const run = new ScenarioRun(scenario, defaultModel(), runOptions);
  const bar = progressBar(io.stderr, io.interactive, scenario.name);
  while (!run.advance(SLICE)) bar.update(run.progress, `${formatNs(run.sim.now)} / ${formatNs(scenario.duration)} simulated`);
  bar.done();
  return run;
}

/** Runs twice in lockstep, comparing event logs slice by slice (memory stays bounded). */
function checkDeterminism(scenario: Scenario, seed: string | number | undefined, io: Io): { run: ScenarioRun; report: string; ok: boolean } {
  const a = new ScenarioRun(scenario, defaultModel(), { seed, recordEventLog: true });
  const b = new ScenarioRun(scenario, defaultModel(), { seed, recordEventLog: true });
  const bar = progressBar(io.stderr, io.interactive, `${scenario.name} ×2`);
  const ea = a.sim.eventLog.entries;
  const eb = b.sim.eventLog.entries;
  while (true) {
    const doneA = a.advance(SLICE);
    const doneB = b.advance(SLICE);
    const n = Math.min(ea.length, eb.length);
    const diff = firstDifference(ea.slice(0, n), eb.slice(0, n)) ?? (doneA && doneB ? firstDifference(ea, eb) : null);
    if (diff !== null) {
      bar.done();
      return {
        run: a,
        ok: false,
        report: `not deterministic: the runs differ at kernel event #${diff.index}\n  run 1: ${describeEntry(diff.a)}\n  run 2: ${describeEntry(diff.b)}\n`,
      };
    }
    ea.splice(0, n);
    eb.splice(0, n);
    if (doneA && doneB) break;
    bar.update(a.progress, "checking determinism");
  }
  bar.done();
  const sa = summaryBytes(buildSummary(a));
  const sb = summaryBytes(buildSummary(b));
  if (sa !== sb) {
    const lines = sa.split("\n");
    const other = sb.split("\n");
    const i = lines.findIndex((l, k) => l !== other[k]);
    return { run: a, ok: false, report: `not deterministic: same event log, but summary.json differs at line ${i + 1}:\n  run 1: ${lines[i]}\n  run 2: ${other[i]}\n` };
  }
  return { run: a, ok: true, report: `deterministic: 2 runs, ${a.sim.eventLog.count} kernel events each, event-log hash ${a.sim.eventLog.hash()}, identical summary.json\n` };
}

export const runCommand: Command = {
  name: "run",
  summary: "Run a scenario and write its summary.json.",
  usage: "tracebed run <scenario> [--seed N] [--out DIR] [--json] [--check-determinism]",
  description:
    "Prints a human summary on stdout (or the summary JSON with --json); a progress bar is drawn on stderr for long runs.\n" +
    "The same scenario and seed always give byte-identical summary.json.",
  flags,
  run(argv, io) {
    const parsed = parseArgv("run", argv, flags);
    expectPositionals("run", parsed.positionals, ["scenario"], this.usage);
    const opts = validateFlags("run", options, parsed.flags);
    const scenario = loadScenario(parsed.positionals[0]!, defaultCatalog());
    let run: ScenarioRun;
    let exit = 0;
    if (opts["check-determinism"]) {
      const check = checkDeterminism(scenario, opts.seed, io);
      io.stderr(check.report);
      run = check.run;
      if (!check.ok) exit = 1;
    } else {
      run = runOnce(scenario, { seed: opts.seed }, io);
    }
    const summary = buildSummary(run);
    const bytes = summaryBytes(summary);
    if (opts.out !== undefined) {
      mkdirSync(opts.out, { recursive: true });
      writeFileSync(join(opts.out, "summary.json"), bytes);
    }
    io.stdout(opts.json ? bytes : humanSummary(summary));
    return exit;
  },
};
