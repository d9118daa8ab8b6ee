// `tracebed diagnose`: compare two sets of traces and name the critical-path segments behind a
// response-time change — two trace files (e.g. two runs' `--traces` outputs, or files exported
// from Jaeger or an OTLP pipeline), or one file split in two at a time.
import { z } from "zod";
import { diagnoseCommand, DiagnoseUsageError } from "../../tracer/analysis/diagnose/command.ts";
import { DurationError, parseDuration } from "../kernel/index.ts";
import { parseArgv, UsageError, validateFlags } from "./args.ts";
import type { Command } from "./command.ts";
import { readTraceFile } from "./critical-path.ts";

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
  if (/^\d+$/.test(text)) return Number(text);
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
    const texts = files.map((file) => ({ file, text: readTraceFile("diagnose", file) }));
    try {
      io.stdout(
        diagnoseCommand(texts, {
          splitAt: opts["split-at"] === undefined ? undefined : splitTime(opts["split-at"]),
          test: opts.test,
          correction: opts.correction,
          alpha: opts.alpha,
          top: opts.top,
          json: opts.json === true,
        }),
      );
    } catch (e) {
      if (e instanceof DiagnoseUsageError) throw new UsageError(e.message);
      throw e;
    }
    return 0;
  },
};
