// `tracebed diagnose`: compare two sets of traces and name the critical-path segments behind a
// response-time change — two trace files (e.g. two runs' `--traces` outputs, or files exported
// from Jaeger or an OTLP pipeline), or one file split in two at a time.
import { z } from "zod";
import { diagnoseProfiles, newCatalogs, profileWindow, renderDiagnosis } from "../../tracer/analysis/diagnose/index.ts";
import type { Catalogs, DiagnoseOptions, Diagnosis, ProfiledWindow, TraceProfile } from "../../tracer/analysis/diagnose/index.ts";
import { DurationError, parseDuration } from "../kernel/index.ts";
import { parseArgv, UsageError, validateFlags } from "./args.ts";
import type { Command, Io } from "./command.ts";
import { checkTraceFile, readTraces, warningPrinter } from "./trace-file.ts";

const flags = [
  { name: "split-at", placeholder: "TIME", description: 'with one file: traces whose root starts before TIME ("90s", or ns on the file\'s clock) are "before"' },
  { name: "test", placeholder: "mann-whitney|ks", description: "the rank test per group and segment (default mann-whitney)" },
  { name: "correction", placeholder: "bh|holm", description: "multiple-testing correction (default bh, Benjamini–Hochberg)" },
  { name: "alpha", placeholder: "P", description: "significance level for adjusted p-values (default 0.01)" },
  { name: "top", placeholder: "N", description: "report at most N culprits (default 10)" },
  { name: "json", boolean: true, description: "print the diagnosis as JSON (culprits best first)" },
] as const;

const options = z.strictObject({
  "split-at": z.string().optional(),
  test: z.enum(["mann-whitney", "ks"]).optional(),
  correction: z.enum(["bh", "holm"]).optional(),
  alpha: z.coerce.number().gt(0).lt(1).optional(),
  top: z.coerce.number().int().positive().optional(),
  json: z.literal(true).optional(),
});

function splitTime(text: string): number {
  if (/^\d+$/.test(text)) {
    const ns = Number(text);
    // Host-clock ns are exact up to 2^53; beyond that two times a few ns apart are one number.
    if (!Number.isSafeInteger(ns)) throw new UsageError(`diagnose: --split-at: expected a time of at most ${Number.MAX_SAFE_INTEGER} ns, got ${text}`);
    return ns;
  }
  try {
    return parseDuration(text);
  } catch (e) {
    if (e instanceof DurationError) throw new UsageError(`diagnose: --split-at: expected a time such as "90s" or an integer of ns, got "${text}"`);
    throw e;
  }
}

export const diagnoseCommandEntry: Command = {
  name: "diagnose",
  summary: "Compare two sets of traces and rank the culprits of a response-time change.",
  usage: "tracebed diagnose <before file> <after file> | <file> --split-at TIME [--json]",
  description:
    "Traces are grouped by workflow and structure; response times and critical-path segments are\n" +
    "compared with a rank test and multiple-testing correction, structural changes are reported, and\n" +
    "culprits are ranked by their share of the end-to-end change. Error origins (failed spans with no\n" +
    "failed child, charged to a client span's peer.service) that became more common are listed too.\n" +
    "Files: Jaeger UI JSON or OTLP/JSON (e.g. from `tracebed run --traces jaeger`).",
  flags,
  run(argv, io) {
    const parsed = parseArgv("diagnose", argv, flags);
    const files = parsed.positionals;
    if (files.length === 0 || files.length > 2) {
      throw new UsageError(`diagnose: expected one or two trace files, got ${files.length}; usage: ${this.usage}`);
    }
    const opts = validateFlags("diagnose", options, parsed.flags);
    const splitAt = opts["split-at"] === undefined ? undefined : splitTime(opts["split-at"]);
    if (files.length === 2 && splitAt !== undefined) throw new UsageError("diagnose: --split-at splits one file; with two files, the first is before and the second after");
    if (files.length === 1 && splitAt === undefined) throw new UsageError("diagnose: one trace file needs --split-at <time> to know which traces are before and which after");
    for (const file of files) checkTraceFile("diagnose", file);
    const d = diagnoseTraceFiles(files, splitAt, { test: opts.test, correction: opts.correction, alpha: opts.alpha, top: opts.top }, io);
    io.stdout(opts.json === true ? `${JSON.stringify(d)}\n` : renderDiagnosis(d));
    return 0;
  },
};

/**
 * Profiles each file's traces as they are read (a trace's profile is all diagnosis keeps of it),
 * so the memory a diagnosis needs grows with the number of traces, not the size of the file.
 */
function diagnoseTraceFiles(files: readonly string[], splitAt: number | undefined, options: DiagnoseOptions, io: Io): Diagnosis {
  const catalogs: Catalogs = newCatalogs();
  const windows = files.map((file) => profileFile(file, catalogs, options, io));
  if (splitAt === undefined) return diagnoseProfiles(windows[0]!, windows[1]!, catalogs, options);
  const all = windows[0]!;
  const before: TraceProfile[] = [];
  const after: TraceProfile[] = [];
  for (const p of all.profiles) (p.start < splitAt ? before : after).push(p);
  return diagnoseProfiles({ profiles: before, skipped: all.skipped, problems: all.problems }, { profiles: after, skipped: 0, problems: [] }, catalogs, options);
}

const MAX_PROBLEMS = 5;

function profileFile(file: string, catalogs: Catalogs, options: DiagnoseOptions, io: Io): ProfiledWindow {
  const profiles: TraceProfile[] = [];
  const problems: string[] = [];
  let skipped = 0;
  const warnings = warningPrinter(io.stderr);
  for (const t of readTraces("diagnose", file)) {
    warnings.note(t);
    const w = profileWindow([t.trace], catalogs, options);
    for (const p of w.profiles) profiles.push(p);
    skipped += w.skipped;
    for (const p of w.problems) if (problems.length < MAX_PROBLEMS) problems.push(p);
  }
  warnings.done();
  return { profiles, skipped, problems };
}
