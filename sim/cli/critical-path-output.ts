// What `tracebed critical-path <trace file> [--semantics jaeger|crisp] [--json]` prints, a trace
// at a time. Times are in the input's own units (µs for Jaeger files, ns for OTLP), exactly: epoch
// ns beyond 2^53 are added back from the trace's base with bigint arithmetic rather than rounded.

import { importTraceText } from "../../tracer/export/import.ts";
import type { ImportedTrace } from "../../tracer/export/import.ts";
import { opKey, spanCriticalPath } from "../../tracer/analysis/span-critical-path/index.ts";
import type { Semantics, SpanCriticalPath } from "../../tracer/analysis/span-critical-path/index.ts";

export interface CriticalPathOutputOptions {
  /** Default "jaeger". */
  readonly semantics?: Semantics;
  readonly json?: boolean;
}

export interface TraceCriticalPath {
  readonly traceID: string;
  readonly unit: "us" | "ns";
  readonly sections: readonly { readonly spanID: string; readonly start: bigint; readonly end: bigint }[];
  readonly exclusive: Readonly<Record<string, number>>;
  readonly result: SpanCriticalPath;
  readonly imported: ImportedTrace;
}

export function criticalPathOfImported(imported: ImportedTrace, semantics: Semantics): TraceCriticalPath {
  const result = spanCriticalPath(imported.spans, semantics);
  const at = (t: number): bigint => imported.base + BigInt(t);
  return {
    traceID: imported.traceId,
    unit: imported.unit,
    sections: result.sections.map((s) => ({ spanID: s.spanID, start: at(s.start), end: at(s.end) })),
    exclusive: result.exclusive,
    result,
    imported,
  };
}

function renderJsonTrace(p: TraceCriticalPath): string {
  const sections = p.sections
    .map((s) => `{"spanID": ${JSON.stringify(s.spanID)}, "start": ${s.start}, "end": ${s.end}}`)
    .join(",\n        ");
  const exclusive = Object.entries(p.exclusive)
    .map(([k, v]) => `${JSON.stringify(k)}: ${v}`)
    .join(",\n        ");
  return [
    "    {",
    `      "traceID": ${JSON.stringify(p.traceID)},`,
    sections === "" ? `      "sections": [],` : `      "sections": [\n        ${sections}\n      ],`,
    exclusive === "" ? `      "exclusive": {}` : `      "exclusive": {\n        ${exclusive}\n      }`,
    "    }",
  ].join("\n");
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + " ".repeat(width - s.length);
}

/** The widest of `rows[i][column]` (a loop: a spread of a huge trace's rows overflows the stack). */
function widest(rows: readonly (readonly (string | number)[])[], column: number): number {
  let w = 0;
  for (const r of rows) w = Math.max(w, String(r[column]).length);
  return w;
}

function renderTextTrace(p: TraceCriticalPath, semantics: Semantics): string {
  const out: string[] = [];
  const unit = p.unit === "us" ? "µs" : "ns";
  const byId = new Map(p.imported.spans.map((s) => [s.spanID, s]));
  out.push(`trace ${p.traceID}: critical path (${semantics} semantics), times in ${unit}`);
  out.push("  sections, in walk order:");
  const rows = p.sections.map((s) => {
    const span = byId.get(s.spanID);
    return [s.spanID, span === undefined ? "" : opKey(span), `${s.start}`, `${s.end}`, `${s.end - s.start}`];
  });
  const widths = [0, 1, 2, 3].map((i) => widest(rows, i));
  for (const r of rows) {
    out.push(`    ${pad(r[0]!, widths[0]!)}  ${pad(r[1]!, widths[1]!)}  ${pad(r[2]!, widths[2]!)} → ${pad(r[3]!, widths[3]!)}  ${r[4]} ${unit}`);
  }
  if (rows.length === 0) out.push("    (none)");
  out.push(`  exclusive critical-path time per operation (${unit}):`);
  const entries = Object.entries(p.exclusive).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const w = widest(entries, 0);
  for (const [k, v] of entries) out.push(`    ${pad(k, w)}  ${v}`);
  if (entries.length === 0) out.push("    (none)");
  return out.join("\n") + "\n";
}

/**
 * The `critical-path` command's output, a trace at a time (so a big file's output is written as
 * it is read). Throws TraceFileError for a bad file.
 */
export function* criticalPathChunks(traces: Iterable<ImportedTrace>, options: CriticalPathOutputOptions = {}): Generator<string> {
  const semantics = options.semantics ?? "jaeger";
  const json = options.json === true;
  let n = 0;
  for (const t of traces) {
    const p = criticalPathOfImported(t, semantics);
    if (json) yield `${n === 0 ? `{\n  "traces": [\n` : ",\n"}${renderJsonTrace(p)}`;
    else yield `${n === 0 ? "" : "\n"}${renderTextTrace(p, semantics)}`;
    n++;
  }
  if (json) yield n === 0 ? `{"traces": []}\n` : "\n  ]\n}\n";
  else if (n === 0) yield "no traces in the file\n";
}

/**
 * The `critical-path` command's output for one trace file's text. Throws TraceFileError for a bad
 * file (naming the file and the line:column or JSON path).
 */
export function criticalPathOutput(fileText: string, fileName: string, options: CriticalPathOutputOptions = {}): string {
  return [...criticalPathChunks(importTraceText(fileText, fileName), options)].join("");
}
