// `tracebed diagnose`: compare two sets of traces and name the critical-path segments behind a
// response-time change — two trace files (e.g. two runs' `--traces` outputs, or files exported
// from Jaeger or an OTLP pipeline), or one file split in two at a time.
import { z } from "zod";
import { parseEpoch } from "../../tracer/export/epoch.ts";
import { parseDurationText } from "../scenario/duration.ts";
import { parseArgv, UsageError, validateFlags } from "./args.ts";
import type { Command } from "./command.ts";
import { diagnoseTraceFiles } from "./diagnose-files.ts";
import { renderDiagnosis } from "../../tracer/analysis/diagnose/index.ts";
import { checkTraceFile } from "./trace-file.ts";
import type { SplitPoint } from "./diagnose-files.ts";

const flags = [
  {
    name: "split-at",
    placeholder: "TIME",
    description: 'with one file: traces whose root starts before TIME are "before"; TIME is a duration from the run\'s epoch ("90s", "1m30s") or a UTC time ("2026-01-01T00:01:30Z")',
  },
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

/** "90s" → an offset from the run's epoch; "2026-01-01T00:01:30Z" → an instant; a bare number is refused (no unit). */
export function parseSplitAt(text: string): SplitPoint {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    throw new UsageError(`diagnose: --split-at: "${text}" has no unit; write a duration such as "${t}s" (from the run's epoch) or a UTC time such as "2026-01-01T00:00:${t.padStart(2, "0").slice(0, 2)}Z"`);
  }
  const instant = parseEpoch(t);
  if (instant !== undefined) return { kind: "instant", ns: instant };
  const d = parseDurationText(t);
  if (d.ok) return { kind: "offset", ns: d.ns, text: t };
  throw new UsageError(`diagnose: --split-at: expected a time such as "90s" (from the run's epoch) or "2026-01-01T00:01:30Z", got "${text}"`);
}

export const diagnoseCommand: Command = {
  usage: "tracebed diagnose <before file> <after file> | <file> --split-at TIME [--json]",
  description:
    "Traces are grouped by workflow and structure; response times and critical-path segments are\n" +
    "compared with a rank test and multiple-testing correction, structural changes are reported, and\n" +
    "culprits are ranked by their share of the end-to-end change. Error origins (failed spans with no\n" +
    "failed child, charged to a client span's peer.service) that became more common are listed too.\n" +
    "Files: Jaeger UI JSON or OTLP/JSON (e.g. from `tracebed run --traces jaeger`). A duration in\n" +
    "--split-at counts from the epoch `tracebed run` anchors its exports to (the tracebed.epoch\n" +
    "attribute of root spans); for files from elsewhere give a UTC time. Split, the traces before are\n" +
    "those that started before it, as they stood then (what a request still running at the split did\n" +
    "after it is left out: it met whatever changed), and the traces after those that started at or\n" +
    "after it.",
  flags,
  run(argv, io) {
    const parsed = parseArgv("diagnose", argv, flags);
    const files = parsed.positionals;
    if (files.length === 0 || files.length > 2) {
      throw new UsageError(`diagnose: expected one or two trace files, got ${files.length}; usage: ${this.usage}`);
    }
    const opts = validateFlags("diagnose", options, parsed.flags);
    const splitAt = opts["split-at"] === undefined ? undefined : parseSplitAt(opts["split-at"]);
    if (files.length === 2 && splitAt !== undefined) throw new UsageError("diagnose: --split-at splits one file; with two files, the first is before and the second after");
    if (files.length === 1 && splitAt === undefined) throw new UsageError("diagnose: one trace file needs --split-at <time> to know which traces are before and which after");
    for (const file of files) checkTraceFile("diagnose", file);
    const d = diagnoseTraceFiles(files, splitAt, { test: opts.test, correction: opts.correction, alpha: opts.alpha, top: opts.top }, io.stderr);
    io.stdout(opts.json === true ? `${JSON.stringify(d)}\n` : renderDiagnosis(d));
    return 0;
  },
};
