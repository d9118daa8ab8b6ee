// `tracebed run <scenario>`: runs a scenario and writes DIR/summary.json.
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
import { OtlpPushError } from "../../tracer/export/errors.ts";
import { otlpPushConfig, otlpTracesUrl, pushOtlpTraces } from "../../tracer/export/otlp-push.ts";
import type { OtlpPushConfig } from "../../tracer/export/otlp-push.ts";
import type { Trace } from "../../tracer/model/types.ts";
import { reportHtml } from "../report/index.ts";
import { expectPositionals, parseArgv, UsageError, validateFlags } from "./args.ts";
import type { Command, Io } from "./command.ts";
import { diagnosisNote } from "./diagnosis-note.ts";
import { checkOutputDir, writeOutputFiles } from "./output.ts";
import { progressBar } from "./progress.ts";
import { traceFileName, writeTraces } from "./trace-files.ts";
import type { TraceFormat } from "./trace-files.ts";

const flags = [
  { name: "seed", placeholder: "N", description: "seed to use instead of the scenario's" },
  { name: "out", placeholder: "DIR", description: "folder for summary.json and report.html (created if needed)" },
  { name: "json", boolean: true, description: "print the summary JSON on stdout instead of the human summary" },
  { name: "check-determinism", boolean: true, description: "run twice and report the first differing kernel event if the runs differ" },
  { name: "traces", placeholder: "LIST", description: "also write the kept traces to DIR/traces.<format>, for each of jaeger, otlp, chrome, dot (comma-separated; needs --out)" },
  { name: "all-traces", boolean: true, description: "export every trace the collector stored, not only the sample kept for the report (all held in memory)" },
  { name: "otlp", boolean: true, description: "also push the traces to a collector over OTLP/HTTP (endpoint from OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT, default http://localhost:4318)" },
  { name: "otlp-endpoint", placeholder: "URL", description: "push to this collector (a bare host:port gets /v1/traces; implies --otlp)" },
  { name: "otlp-headers", placeholder: "K=V,...", description: "extra request headers, e.g. authorization=Bearer%20x (added to OTEL_EXPORTER_OTLP_[TRACES_]HEADERS)" },
  { name: "otlp-compression", placeholder: "gzip|none", description: "request body compression (default gzip, or OTEL_EXPORTER_OTLP_[TRACES_]COMPRESSION)" },
  { name: "expect", boolean: true, description: "exit 1 when the scenario's expect block is not met (expected culprit not among the first three ranked components, or an SLO missed)" },
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
  traces: z
    .string()
    .regex(/^(jaeger|otlp|chrome|dot)(,(jaeger|otlp|chrome|dot))*$/, { message: "expected formats among jaeger, otlp, chrome, dot, separated by commas" })
    .transform((s) => [...new Set(s.split(",") as TraceFormat[])])
    .optional(),
  "all-traces": z.literal(true).optional(),
  otlp: z.literal(true).optional(),
  "otlp-endpoint": z.string().min(1).optional(),
  "otlp-headers": z.string().optional(),
  "otlp-compression": z.enum(["gzip", "none"]).optional(),
  expect: z.literal(true).optional(),
});

/** Events per slice between progress updates and lockstep comparisons. */
const SLICE = 50_000;

/** The push configuration, or undefined without --otlp / --otlp-endpoint; a bad setting is a usage error. */
function pushConfig(opts: z.output<typeof options>): OtlpPushConfig | undefined {
  if (opts.otlp === undefined && opts["otlp-endpoint"] === undefined) return undefined;
  try {
    if (opts["otlp-endpoint"] !== undefined) otlpTracesUrl(opts["otlp-endpoint"]);
  } catch (e) {
    if (e instanceof OtlpPushError) throw new UsageError(`run: --otlp-endpoint: ${e.problem}`);
    throw e;
  }
  try {
    return otlpPushConfig({ endpoint: opts["otlp-endpoint"], headers: opts["otlp-headers"], compression: opts["otlp-compression"] }, process.env);
  } catch (e) {
    if (e instanceof OtlpPushError) throw new UsageError(`run: --otlp: ${e.endpoint}: ${e.problem}`);
    throw e;
  }
}

function runOnce(scenario: Scenario, runOptions: RunOptions, io: Io): ScenarioRun {
  const run = new ScenarioRun(scenario, defaultModel(), runOptions);
  const bar = progressBar(io.stderr, io.interactive, scenario.name);
  const whole = (ns: number) => formatNs(Math.floor(ns / 1e9) * 1e9);
  while (!run.advance(SLICE)) bar.update(run.progress, `${whole(run.sim.now)} / ${whole(scenario.duration)} simulated`);
  bar.done();
  return run;
}

export const runCommand: Command = {
  usage: "tracebed run <scenario> [--seed N] [--out DIR] [--json] [--check-determinism] [--traces jaeger,otlp,chrome,dot] [--all-traces] [--otlp] [--otlp-endpoint URL] [--expect]",
  description:
    "Prints a human summary on stdout (or the summary JSON with --json); a progress bar is drawn on stderr for long runs.\n" +
    "The same scenario and seed always give byte-identical summary.json.\n" +
    "With --expect a scenario file is a regression test: the run exits 1 when its expect block is not met.",
  flags,
  async run(argv, io) {
    const parsed = parseArgv("run", argv, flags);
    expectPositionals("run", parsed.positionals, ["scenario"], this.usage);
    const opts = validateFlags("run", options, parsed.flags);
    if (opts.traces !== undefined && opts.out === undefined) throw new UsageError("run: --traces needs --out DIR (the folder the trace files go to)");
    const push = pushConfig(opts);
    if (opts["all-traces"] && opts.traces === undefined && push === undefined) throw new UsageError("run: --all-traces says which traces to export; add --traces LIST or --otlp");
    if (opts["all-traces"] && opts["check-determinism"]) throw new UsageError("run: --all-traces cannot be combined with --check-determinism (the check compares two runs; export from a plain run)");
    const scenario = loadScenario(parsed.positionals[0]!, defaultCatalog());
    const outFiles = ["summary.json", "report.html", ...(opts.traces ?? []).map(traceFileName)];
    if (opts.out !== undefined) checkOutputDir(`run: --out ${opts.out}`, opts.out, outFiles);
    const stored: Trace[] = [];
    const runOptions: RunOptions = opts["all-traces"] ? { seed: opts.seed, onTrace: (t) => void stored.push(t) } : { seed: opts.seed };
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
      run = runOnce(scenario, runOptions, io);
    }
    const traces = (): Trace[] => (opts["all-traces"] ? stored : run.keptTraces().map((k) => k.trace!));
    const exportOptions = { epoch: scenario.epoch };
    const summary = buildSummary(run);
    const bytes = summaryBytes(summary);
    if (opts.out !== undefined) {
      const files: [string, string][] = [
        ["summary.json", bytes],
        ["report.html", reportHtml(summary, run.keptTraces("ok"))],
        ...(opts.traces ?? []).map((format): [string, string] => [traceFileName(format), writeTraces(format, traces(), exportOptions)]),
      ];
      writeOutputFiles(`run: --out ${opts.out}`, opts.out, files);
    }
    io.stdout(opts.json ? bytes : humanSummary(summary));
    const note = diagnosisNote(run, summary);
    if (note !== undefined) (opts.json ? io.stderr : io.stdout)(note);
    if (push !== undefined) {
      const all = traces();
      try {
        const report = await pushOtlpTraces(push, all, exportOptions);
        const largest = Math.max(0, ...report.requests.map((r) => r.bytes));
        io.stderr(`pushed ${all.length} traces (${report.spans} spans) to ${push.url.href} in ${report.requests.length} request(s), the largest body ${largest} bytes before compression\n`);
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
