// Reads a trace file of any supported kind: Jaeger UI JSON, OTLP/JSON, or a neutral span list —
// one JSON document or JSON Lines of them.

import { parseJsonDocuments } from "./json-text.ts";
import type { ImportedTrace } from "./imported.ts";
import { importJaegerDocument } from "./import-jaeger.ts";
import { importOtlpDocument } from "./import-otlp.ts";
import { importSpanListDocument, isSpanList } from "./import-spans.ts";

export type { ImportedTrace, ImportFormat } from "./imported.ts";

function importDocument(doc: unknown, file: string, where: string): ImportedTrace[] {
  if (typeof doc === "object" && doc !== null && !Array.isArray(doc) && "resourceSpans" in doc) {
    return importOtlpDocument(doc, file, where);
  }
  if (isSpanList(doc)) return importSpanListDocument(doc, file, where);
  return importJaegerDocument(doc, file, where);
}

/** Every trace in the file, in file order. Throws TraceFileError for anything malformed. */
export function importTraceText(text: string, file: string): ImportedTrace[] {
  const docs = parseJsonDocuments(text, file);
  return docs.flatMap((doc) => importDocument(doc.value, file, doc.line === undefined ? "" : `line ${doc.line}`));
}
