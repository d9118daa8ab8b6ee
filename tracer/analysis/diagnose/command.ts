// `tracebed diagnose`, as a pure function from trace files' text to the text to print: two
// files (before, after), or one file split at a time (`--split-at`). The CLI reads the files
// and maps errors to exit codes; malformed files throw the importer's TraceFileError.
import { importTraceText } from "../../export/import.ts";
import type { Trace } from "../../model/types.ts";
import { diagnose, diagnoseSplit } from "./diagnose.ts";
import { renderDiagnosis } from "./render.ts";
import type { DiagnoseOptions, Diagnosis } from "./types.ts";

export class DiagnoseUsageError extends Error {
  override readonly name = "DiagnoseUsageError";
}

export interface TraceFileText {
  readonly file: string;
  readonly text: string;
}

export interface DiagnoseCommandOptions extends DiagnoseOptions {
  /** With one file: traces whose root starts before this (ns, the file's clock) are "before". */
  readonly splitAt?: number;
  readonly json?: boolean;
}

export function diagnoseFiles(files: readonly TraceFileText[], options: DiagnoseCommandOptions = {}): Diagnosis {
  const load = (f: TraceFileText): Trace[] => importTraceText(f.text, f.file).map((t) => t.trace);
  if (files.length === 2) {
    if (options.splitAt !== undefined) throw new DiagnoseUsageError("diagnose: --split-at splits one file; with two files, the first is before and the second after");
    return diagnose(load(files[0]!), load(files[1]!), options);
  }
  if (files.length === 1) {
    if (options.splitAt === undefined) throw new DiagnoseUsageError("diagnose: one trace file needs --split-at <time> to know which traces are before and which after");
    if (!Number.isFinite(options.splitAt)) throw new DiagnoseUsageError(`diagnose: --split-at must be a time in ns, got ${String(options.splitAt)}`);
    return diagnoseSplit(load(files[0]!), options.splitAt, options);
  }
  throw new DiagnoseUsageError(`diagnose: expected one or two trace files, got ${files.length}`);
}

/** The command's output: the diagnosis as JSON (one line, plain data) or as text. */
export function diagnoseCommand(files: readonly TraceFileText[], options: DiagnoseCommandOptions = {}): string {
  const d = diagnoseFiles(files, options);
  return options.json === true ? `${JSON.stringify(d)}\n` : renderDiagnosis(d);
}
