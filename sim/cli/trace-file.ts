// Trace files on the command line: the path is checked before anything is read (it exists, it
// is a regular file, it is under the size limit), then read front to back in chunks, so the
// importer holds one chunk and one trace at a time (tracer/export/import-stream.ts) rather than
// the whole file. Problems are user errors (exit 2) naming the file.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { importTraceChunks } from "../../tracer/export/import.ts";
import type { ImportedTrace } from "../../tracer/export/import.ts";
import { UsageError } from "./args.ts";

/** Trace files larger than this are refused before reading. */
export const MAX_TRACE_FILE_BYTES = 512 * 2 ** 20;

/** Bytes read at a time. */
const CHUNK_BYTES = 4 * 2 ** 20;

function ioProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a directory; expected a trace file";
  if (code === "EACCES" || code === "EPERM") return "cannot be read (permission denied)";
  return `cannot read the file (${code ?? String(e)})`;
}

/** Checks `file` can be read as a trace file; returns its size. */
export function checkTraceFile(command: string, file: string): number {
  let stats;
  try {
    stats = statSync(file);
  } catch (e) {
    throw new UsageError(`${file}: ${ioProblem(e)}`);
  }
  if (stats.isDirectory()) throw new UsageError(`${file}: is a directory; expected a trace file`);
  if (!stats.isFile()) throw new UsageError(`${file}: is not a regular file; expected a trace file`);
  if (stats.size > MAX_TRACE_FILE_BYTES) throw new UsageError(`${file}: the file is ${stats.size} bytes; ${command} reads at most ${MAX_TRACE_FILE_BYTES}`);
  return stats.size;
}

/** The file's bytes, a chunk at a time. */
export function* fileChunks(file: string, chunkBytes = CHUNK_BYTES): Generator<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw new UsageError(`${file}: ${ioProblem(e)}`);
  }
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, chunkBytes, null);
      } catch (e) {
        throw new UsageError(`${file}: ${ioProblem(e)}`);
      }
      if (n === 0) return;
      // A copy: the importer may keep a chunk's bytes (a trace's text) past the next read.
      yield Uint8Array.prototype.slice.call(buffer, 0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Every trace in the file, read as it goes; `check` first (see checkTraceFile). */
export function readTraces(command: string, file: string): Iterable<ImportedTrace> {
  checkTraceFile(command, file);
  return importTraceChunks(fileChunks(file), file);
}

/** Prints import warnings (spans whose parent is missing) on stderr, at most `limit` per file. */
export function warningPrinter(stderr: (text: string) => void, limit = 5): { note(trace: ImportedTrace): void; done(): void } {
  let shown = 0;
  let more = 0;
  return {
    note(trace) {
      for (const w of trace.warnings ?? []) {
        if (shown < limit) {
          stderr(`warning: ${w}\n`);
          shown++;
        } else more++;
      }
    },
    done() {
      if (more > 0) stderr(`warning: ${more} more warnings like these\n`);
      shown = 0;
      more = 0;
    },
  };
}
