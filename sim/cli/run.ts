// `tracebed run <scenario>`: runs a scenario and writes DIR/summary.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { formatNs } from "../scenario/duration.ts";
import { loadScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/load.ts";
import { defaultCatalog } from "../run/catalog.ts";
import { checkDeterminism } from "../run/determinism.ts";
import { defaultModel } from "../run/model.ts";
import { buildSummary, humanSummary, rankingName } from "../run/result.ts";
import type { Summary } from "../run/result.ts";
import { expectedLabel } from "../run/diagnosis.ts";
import { ScenarioRun } from "../run/runner.ts";
import type { RunOptions } from "../run/runner.ts";
import { summaryBytes } from "../run/summary.ts";
import { exportOtlp, OtlpPushError, otlpTracesUrl, pushOtlp, toChromeJson, toJaegerJson, toOtlpJson } from "../../tracer/export/index.ts";
import { reportHtml } from "../report/index.ts";
import { expectPositionals, parseArgv, UsageError, validateFlags } from "./args.ts";
import type { Command, Io } from "./command.ts";
import { progressBar } from "./progress.ts";

const flags = [
  { name: "seed", placeholder: "N", description: "seed to use instead of the scenario's" },
  { name: "out", placeholder: "DIR", description: "folder for summary.json and report.html (created if needed)" },
  { name: "json", boolean: true, description: "print the summary JSON on stdout instead of the human summary" },
  { name: "check-determinism", boolean: true, description: "run twice and report the first differing kernel event if the runs differ" },
  { name: "traces", placeholder: "jaeger|otlp|chrome", description: "also write the kept traces to DIR/traces.<format>.json (needs --out)" },
  { name: "otlp-endpoint", placeholder: "URL", description: "also push the kept traces as OTLP/HTTP JSON to a collector (e.g. http://localhost:4318)" },
  { name: "expect", boolean: true, description: "exit 1 when the scenario's expect block is not met (expected culprit not among the first three ranked components, or an SLO missed)" },
] as const;

const TRACE_WRITERS = { jaeger: toJaegerJson, otlp: toOtlpJson, chrome: toChromeJson } as const;

const options = z.strictObject({
  seed: z
    .string()
    .regex(/^-?\d+$|^[A-Za-z0-9._-]+$/, { message: "expected an integer or a word of letters, digits, '.', '_' or '-'" })
    .transform((s) => (/^-?\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s))
    .optional(),
  out: z.string().min(1).optional(),
  json: z.literal(true).optional(),
  "check-determinism": z.literal(true).optional(),
  traces: z.enum(["jaeger", "otlp", "chrome"]).optional(),
  "otlp-endpoint": z.string().min(1).optional(),
  expect: z.literal(true).optional(),
});

/** Events per slice between progress updates and lockstep comparisons. */
const SLICE = 50_000;

function runOnce(scenario: Scenario, runOptions: RunOptions, io: Io): ScenarioRun {
  const run = new ScenarioRun(scenario, defaultModel(), runOptions);
  const bar = progressBar(io.stderr, io.interactive, scenario.name);
  const whole = (ns: number) => formatNs(Math.floor(ns / 1e9) * 1e9);
  while (!run.advance(SLICE)) bar.update(run.progress, `${whole(run.sim.now)} / ${whole(scenario.duration)} simulated`);
  bar.done();
  return run;
}

export const runCommand: Command = {
  name: "run",
  summary: "Run a scenario and write its summary.json.",
  usage: "tracebed run <scenario> [--seed N] [--out DIR] [--json] [--check-determinism] [--traces jaeger|otlp|chrome] [--otlp-endpoint URL] [--expect]",
  description:
    "Prints a human summary on stdout (or the summary JSON with --json); a progress bar is drawn on stderr for long runs.\n" +
    "The same scenario and seed always give byte-identical summary.json.\n" +
    "With --expect a scenario file is a regression test: the run exits 1 when its expect block is not met.",
  flags,
  async run(argv, io) {
    const parsed = parseArgv("run", argv, flags);
    expectPositionals("run", parsed.positionals, ["scenario"], this.usage);
    const opts = validateFlags("run", options, parsed.flags);
    if (opts.traces !== undefined && opts.out === undefined) throw new UsageError("run: --traces needs --out DIR (the folder the trace file goes to)");
    const endpoint = opts["otlp-endpoint"];
    if (endpoint !== undefined) {
      try {
        otlpTracesUrl(endpoint);
      } catch (e) {
        if (e instanceof OtlpPushError) throw new UsageError(`run: --otlp-endpoint: ${e.message}`);
        throw e;
      }
    }
    const scenario = loadScenario(parsed.positionals[0]!, defaultCatalog());
    let run: ScenarioRun;
    let exit = 0;
    if (opts["check-determinism"]) {
      const bar = progressBar(io.stderr, io.interactive, `${scenario.name} ×2`);
      const check = checkDeterminism(scenario, opts.seed, defaultModel, SLICE, (f) => bar.update(f, "checking determinism"));
      bar.done();
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
      writeFileSync(join(opts.out, "report.html"), reportHtml(summary, run.keptTraces("ok")));
      if (opts.traces !== undefined) {
        const traces = run.keptTraces().map((k) => k.trace!);
        writeFileSync(join(opts.out, `traces.${opts.traces}.json`), TRACE_WRITERS[opts.traces](traces));
      }
    }
    io.stdout(opts.json ? bytes : humanSummary(summary));
    if (endpoint !== undefined) {
      const traces = run.keptTraces().map((k) => k.trace!);
      try {
        await pushOtlp(endpoint, exportOtlp(traces));
        io.stderr(`pushed ${traces.length} traces to ${otlpTracesUrl(endpoint).href}\n`);
      } catch (e) {
        if (!(e instanceof OtlpPushError)) throw e;
        io.stderr(`run: the OTLP push failed: ${e.message}\n`);
        return 1;
      }
    }
    if (opts.expect) {
      const unmet = unmetExpectations(summary);
      if (unmet.length > 0) {
        for (const line of unmet) io.stderr(`expect: ${line}\n`);
        return 1;
      }
      if (summary.expect.culprits.length === 0 && !summary.expect.noCulprit && summary.expect.slo.length === 0) io.stderr("expect: the scenario states no expectations\n");
    }
    return exit;
  },
};

/** What the scenario expected and the run did not give, one line each. */
export function unmetExpectations(summary: Summary): string[] {
  const out: string[] = [];
  const d = summary.diagnosis;
  const e = summary.expect;
  if (e.noCulprit || e.culprits.length > 0) {
    const want = e.noCulprit ? "no culprit" : expectedLabel(e.culprits[0]!);
    const got = d === undefined || d.ranking.length === 0 ? "nothing" : d.ranking.slice(0, 3).map(rankingName).join("; ");
    if (d === undefined) out.push(`diagnosis expected ${want}, but the run kept no traces to compare`);
    else if (d.expected === false) out.push(`diagnosis expected ${want} among the first three components, named ${got}`);
  }
  for (const o of e.slo) {
    if (o.met === false) out.push(`SLO ${o.workflow} p${o.percentile} <= ${o.maxMs} ms (${o.period}) missed: ${o.actualMs} ms`);
    else if (o.met === null) out.push(`SLO ${o.workflow} p${o.percentile} (${o.period}): no data`);
  }
  return out;
}
