// Reads a trace file from byte chunks in bounded memory: a Jaeger file's `data` array (or a
// top-level array of traces) is read trace by trace, an OTLP file's `resourceSpans` element by
// element, JSON Lines line by line. Memory holds one chunk and one trace's text and objects, not
// the whole file as a string and an object tree (a 400 MB Jaeger file took 4.2 GB that way).
// Other shapes (a single trace object, a span list) are read whole, as importTraceText does.
// Errors are the same TraceFileErrors as importTraceText's: line:column for syntax, a JSON path
// for structure. (One difference: the first document of a JSON Lines file is not prefixed with
// "line 1" in messages, since it is read before anything says more documents follow.)

import { TraceFileError } from "./errors.ts";
import type { ImportedTrace } from "./imported.ts";
import { importDocument } from "./import-document.ts";
import { jaegerTraceSchema, jaegerTraceToImported } from "./import-jaeger.ts";
import { OtlpTraceCollector, resourceSpansSchema } from "./import-otlp.ts";
import { BYTES, JsonChunkScanner } from "./json-stream.ts";
import { validate } from "./validate.ts";

const JAEGER_TRACE = "a Jaeger trace ({traceID, spans, processes})";
const RESOURCE_SPANS = "an OTLP resourceSpans element ({resource, scopeSpans})";

/** Every trace in the file, in file order, read as the chunks arrive. Throws TraceFileError. */
export function* importTraceChunks(chunks: Iterable<Uint8Array>, file: string): Generator<ImportedTrace> {
  const s = new JsonChunkScanner(chunks, file);
  if (s.atEnd()) throw new TraceFileError(file, "line 1, column 1", "the file is empty; expected JSON");
  const start = s.position;
  yield* firstDocument(s, file);
  let endLine = s.position.line;
  if (s.atEnd()) return;
  // Something follows the first document: JSON Lines, one whole document per line.
  if (endLine !== start.line) s.fail(`unexpected ${JSON.stringify(s.nextChar())}`);
  while (!s.atEnd()) {
    const at = s.position;
    if (at.line === endLine) s.fail(`unexpected ${JSON.stringify(s.nextChar())}`);
    const value = s.valueText();
    endLine = s.position.line;
    if (endLine !== at.line) s.fail("unexpected end of input", { line: at.line, column: at.column + lineLength(value.text) });
    yield* importDocument(s.parse(value), file, `line ${at.line}`);
  }
}

function lineLength(text: string): number {
  const nl = text.indexOf("\n");
  return nl < 0 ? text.length : nl;
}

function* firstDocument(s: JsonChunkScanner, file: string): Generator<ImportedTrace> {
  s.skipWhitespace();
  const b = s.peek();
  if (b === BYTES.LBRACKET) {
    // Jaeger: an array of traces.
    if (!s.openArray()) return;
    let i = 0;
    do yield jaegerElement(s, file, [i++]);
    while (s.more("]"));
    return;
  }
  if (b !== BYTES.LBRACE) {
    yield* importDocument(s.value(), file, "");
    return;
  }
  const rest: Record<string, unknown> = {};
  let otlp: OtlpTraceCollector | undefined;
  let streamed = false;
  if (s.openObject()) {
    do {
      const key = s.key();
      s.skipWhitespace();
      const array = s.peek() === BYTES.LBRACKET;
      if (!streamed && array && key === "data") {
        streamed = true;
        if (s.openArray()) {
          let i = 0;
          do yield jaegerElement(s, file, ["data", i++]);
          while (s.more("]"));
        }
      } else if (!streamed && array && key === "resourceSpans") {
        streamed = true;
        otlp = new OtlpTraceCollector(file);
        if (s.openArray()) {
          let i = 0;
          do {
            const rs = validate(resourceSpansSchema, s.value(), file, "", RESOURCE_SPANS, ["resourceSpans", i]);
            otlp.add(rs, `$.resourceSpans[${i}]`);
            i++;
          } while (s.more("]"));
        }
      } else rest[key] = s.value();
    } while (s.more("}"));
  }
  if (otlp !== undefined) yield* otlp.traces();
  else if (!streamed) yield* importDocument(rest, file, "");
}

function jaegerElement(s: JsonChunkScanner, file: string, base: readonly (string | number)[]): ImportedTrace {
  const trace = validate(jaegerTraceSchema, s.value(), file, "", JAEGER_TRACE, base);
  const at = base.length === 1 ? `$[${base[0]}]` : `$.data[${base[1]}]`;
  return jaegerTraceToImported(trace, file, at);
}
