// What an import yields: the neutral spans for the span critical path (in the file's own time
// unit, exactly) and tracebed spans (ns) for comparison and diagnosis.

import type { CpSpan } from "../analysis/span-critical-path/types.ts";
import type { Trace } from "../model/types.ts";

export type ImportFormat = "jaeger" | "otlp" | "spans";

export interface ImportedTrace {
  readonly traceId: string;
  readonly format: ImportFormat;
  /** The unit of `spans` times: µs for Jaeger files, ns for OTLP and tracebed span lists. */
  readonly unit: "us" | "ns";
  /**
   * `spans` times are offsets from this (in `unit`). Zero unless an absolute time would not fit
   * a JS number exactly (epoch ns in OTLP), so output can add it back without rounding.
   */
  readonly base: bigint;
  readonly spans: readonly CpSpan[];
  /** The same spans as tracebed records, times in ns (epoch ns may round to 256 ns). */
  readonly trace: Trace;
  /** What the structure check let through but a user should know (spans whose parent is missing). */
  readonly warnings?: readonly string[];
}
