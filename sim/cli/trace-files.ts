// The trace files `tracebed run --traces` writes, one per format, anchored at the scenario's epoch
// where the format carries wall-clock times (Jaeger, OTLP). Chrome trace events stay 0-based: its
// `ts` is a double in µs, which at epoch magnitudes (~1.8e15 µs) keeps only quarter-µs steps,
// and Perfetto shows times from the first event anyway. DOT has no times.
import { toChromeJson } from "../../tracer/export/chrome.ts";
import { tracesDot } from "../../tracer/export/dot.ts";
import type { ExportOptions } from "../../tracer/export/epoch.ts";
import { toJaegerJson } from "../../tracer/export/jaeger.ts";
import { toOtlpJson } from "../../tracer/export/otlp.ts";
import type { Trace } from "../../tracer/model/types.ts";

export const TRACE_FORMATS = ["jaeger", "otlp", "chrome", "dot"] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export function traceFileName(format: TraceFormat): string {
  return format === "dot" ? "traces.dot" : `traces.${format}.json`;
}

export function writeTraces(format: TraceFormat, traces: readonly Trace[], options: ExportOptions): string {
  switch (format) {
    case "jaeger":
      return toJaegerJson(traces, options);
    case "otlp":
      return toOtlpJson(traces, options);
    case "chrome":
      return toChromeJson(traces);
    case "dot":
      return tracesDot(traces);
  }
}
