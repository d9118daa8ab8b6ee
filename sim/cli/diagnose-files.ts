// What `tracebed diagnose` prints, as a pure function of trace files' text: two files (before,
// after), or one file split at a time (`--split-at`). Malformed files throw the importer's
// TraceFileError; misuse throws UsageError (both exit 2).
import { diagnose, diagnoseSplit, renderDiagnosis } from "../../tracer/analysis/diagnose/index.ts";
import type { DiagnoseOptions, Diagnosis } from "../../tracer/analysis/diagnose/index.ts";
import { importTraceText } from "../../tracer/export/import.ts";
import type { Trace } from "../../tracer/model/types.ts";
import { EPOCH_ATTRIBUTE, parseEpoch } from "../../tracer/export/epoch.ts";
import { UsageError } from "./args.ts";

export interface TraceFileText {
  readonly file: string;
  readonly text: string;
}

/** Where `--split-at` splits: an instant (ns since the Unix epoch), or an offset from the run's epoch. */
export type SplitPoint = { readonly kind: "instant"; readonly ns: bigint } | { readonly kind: "offset"; readonly ns: number; readonly text: string };

export interface DiagnoseOutputOptions extends DiagnoseOptions {
  /** With one file: traces whose root starts before this are "before". */
  readonly splitAt?: SplitPoint;
  readonly json?: boolean;
}

/** The split as ns on the traces' clock; an offset needs the epoch the traces carry. */
function splitNs(traces: readonly Trace[], file: string, split: SplitPoint): number {
  if (split.kind === "instant") return Number(split.ns);
  for (const t of traces) {
    for (const s of t.spans) {
      const epoch = s.attributes[EPOCH_ATTRIBUTE];
      const ns = typeof epoch === "string" ? parseEpoch(epoch) : undefined;
      if (ns !== undefined) return Number(ns) + split.ns;
    }
  }
  throw new UsageError(
    `diagnose: --split-at ${split.text} counts from a run's epoch, but ${file} has no ${EPOCH_ATTRIBUTE} attribute (it was not written by \`tracebed run\`); give a UTC time such as "2026-01-01T00:01:30Z"`,
  );
}

export function diagnoseFiles(files: readonly TraceFileText[], options: DiagnoseOutputOptions = {}): Diagnosis {
  const load = (f: TraceFileText): Trace[] => importTraceText(f.text, f.file).map((t) => t.trace);
  if (files.length === 2) {
    if (options.splitAt !== undefined) throw new UsageError("diagnose: --split-at splits one file; with two files, the first is before and the second after");
    return diagnose(load(files[0]!), load(files[1]!), options);
  }
  if (files.length === 1) {
    if (options.splitAt === undefined) throw new UsageError("diagnose: one trace file needs --split-at <time> to know which traces are before and which after");
    const traces = load(files[0]!);
    return diagnoseSplit(traces, splitNs(traces, files[0]!.file, options.splitAt), options);
  }
  throw new UsageError(`diagnose: expected one or two trace files, got ${files.length}`);
}

/** The command's output: the diagnosis as JSON (one line, plain data) or as text. */
export function diagnoseOutput(files: readonly TraceFileText[], options: DiagnoseOutputOptions = {}): string {
  const d = diagnoseFiles(files, options);
  return options.json === true ? `${JSON.stringify(d)}\n` : renderDiagnosis(d);
}
