// Reads a trace file of any supported kind: Jaeger UI JSON, OTLP/JSON, or a neutral span list —
// one JSON document or JSON Lines of them. The text goes through the same chunk reader that
// reads big files from disk (import-stream.ts), so both accept and refuse exactly the same input.

import { TraceFileError } from "./errors.ts";
import type { ImportedTrace } from "./imported.ts";
import { importTraceChunks } from "./import-stream.ts";
import { MAX_TRACE_FILE_CHARS } from "./json-text.ts";

export type { ImportedTrace, ImportFormat } from "./imported.ts";
export { importDocument } from "./import-document.ts";
export { importTraceChunks } from "./import-stream.ts";

/** Every trace in the file, in file order. Throws TraceFileError for anything malformed. */
export function importTraceText(text: string, file: string): ImportedTrace[] {
  if (text.length > MAX_TRACE_FILE_CHARS) {
    throw new TraceFileError(file, "whole file", `larger than ${MAX_TRACE_FILE_CHARS} characters`);
  }
  return [...importTraceChunks([Buffer.from(text, "utf8")], file)];
}
