// One parsed JSON document of any supported kind → its traces: OTLP/JSON when it has
// `resourceSpans`, a neutral span list when its spans carry `serviceName`, Jaeger UI JSON otherwise.

import type { ImportedTrace } from "./imported.ts";
import { importJaegerDocument } from "./import-jaeger.ts";
import { importOtlpDocument } from "./import-otlp.ts";
import { importSpanListDocument, isSpanList } from "./import-spans.ts";

/** `where` names the document in messages ("line 3" for JSON Lines, "" for a whole file). */
export function importDocument(doc: unknown, file: string, where: string): ImportedTrace[] {
  if (typeof doc === "object" && doc !== null && !Array.isArray(doc) && "resourceSpans" in doc) {
    return importOtlpDocument(doc, file, where);
  }
  if (isSpanList(doc)) return importSpanListDocument(doc, file, where);
  return importJaegerDocument(doc, file, where);
}
