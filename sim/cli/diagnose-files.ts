// What `tracebed diagnose` prints, as a pure function of trace files' text: two files (before,
// after), or one file split at a time (`--split-at`). Malformed files throw the importer's
// TraceFileError; misuse throws UsageError (both exit 2).
import { diagnose, diagnoseProfiles, diagnoseSplit, newCatalogs, profileWindow, renderDiagnosis } from "../../tracer/analysis/diagnose/index.ts";
import type { Catalogs, DiagnoseOptions, Diagnosis, ProfiledWindow, TraceProfile } from "../../tracer/analysis/diagnose/index.ts";
import { importTraceText } from "../../tracer/export/import.ts";
import type { Trace } from "../../tracer/model/types.ts";
import { EPOCH_ATTRIBUTE, parseEpoch } from "../../tracer/export/epoch.ts";
import { UsageError } from "./args.ts";
import { readTraces, warningPrinter } from "./trace-file.ts";

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

/** The run's epoch (ns since the Unix epoch) a trace carries on its root spans, if any. */
function epochOf(trace: Trace): bigint | undefined {
  for (const s of trace.spans) {
    const epoch = s.attributes[EPOCH_ATTRIBUTE];
    const ns = typeof epoch === "string" ? parseEpoch(epoch) : undefined;
    if (ns !== undefined) return ns;
  }
  return undefined;
}

/** The split as ns on the traces' clock; an offset needs the epoch the traces carry. */
function splitNs(epoch: bigint | undefined, file: string, split: SplitPoint): number {
  if (split.kind === "instant") return Number(split.ns);
  if (epoch !== undefined) return Number(epoch) + split.ns;
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
    let epoch: bigint | undefined;
    for (const t of traces) epoch ??= epochOf(t);
    return diagnoseSplit(traces, splitNs(epoch, files[0]!.file, options.splitAt), options);
  }
  throw new UsageError(`diagnose: expected one or two trace files, got ${files.length}`);
}

/** The command's output: the diagnosis as JSON (one line, plain data) or as text. */
export function diagnoseOutput(files: readonly TraceFileText[], options: DiagnoseOutputOptions = {}): string {
  const d = diagnoseFiles(files, options);
  return options.json === true ? `${JSON.stringify(d)}\n` : renderDiagnosis(d);
}

const MAX_PROBLEMS = 5;

/**
 * The diagnosis of trace files read from disk, each profiled trace by trace as it is read (a
 * trace's profile is all the diagnosis keeps of it), so memory grows with the number of traces,
 * not with the size of the files. Import warnings go to `warn`.
 */
export function diagnoseTraceFiles(files: readonly string[], splitAt: SplitPoint | undefined, options: DiagnoseOptions, warn: (text: string) => void): Diagnosis {
  const catalogs: Catalogs = newCatalogs();
  let epoch: bigint | undefined;
  const profileFile = (file: string): ProfiledWindow => {
    const profiles: TraceProfile[] = [];
    const problems: string[] = [];
    let skipped = 0;
    const warnings = warningPrinter(warn);
    for (const t of readTraces("diagnose", file)) {
      warnings.note(t);
      epoch ??= epochOf(t.trace);
      const w = profileWindow([t.trace], catalogs, options);
      for (const p of w.profiles) profiles.push(p);
      skipped += w.skipped;
      for (const p of w.problems) if (problems.length < MAX_PROBLEMS) problems.push(p);
    }
    warnings.done();
    return { profiles, skipped, problems };
  };
  const windows = files.map(profileFile);
  if (splitAt === undefined) return diagnoseProfiles(windows[0]!, windows[1]!, catalogs, options);
  const at = splitNs(epoch, files[0]!, splitAt);
  const all = windows[0]!;
  const before: TraceProfile[] = [];
  const after: TraceProfile[] = [];
  for (const p of all.profiles) (p.start < at ? before : after).push(p);
  return diagnoseProfiles({ profiles: before, skipped: all.skipped, problems: all.problems }, { profiles: after, skipped: 0, problems: [] }, catalogs, options);
}
