// The tracer library's public surface (`import ... from "tracebed/tracer"`; tracer/README.md
// shows it in use). It imports nothing from sim/: clock, random source, sampler and sink are
// injected by the host, so the same tracer runs in the simulator, in tests and in a process.

// Tracing: a tracer per service and host; spans, events, fork/join, inject/extract.
export { createTracer } from "./tracer/core.ts";
export type { MetadataMode, SpanProcessor, StartSpanOptions, TraceModel, Tracer, TracerOptions } from "./tracer/core.ts";
export { isSpan } from "./tracer/span.ts";
export type { Span } from "./tracer/span.ts";
export { INVALID_SPAN_CONTEXT, isSpanContextValid, NON_RECORDING_SPAN } from "./tracer/non-recording-span.ts";
export { noopTracer } from "./tracer/noop.ts";
export { createItcMemo } from "./tracer/itc-ops.ts";
export type { ItcMemo } from "./tracer/itc-ops.ts";
export type { JoinSource } from "./tracer/span.ts";
export type { TracerStats } from "./tracer/stats.ts";
export { TracerConfigError, TracerUsageError } from "./model/errors.ts";

// The data.
export { EMPTY_BAGGAGE, EMPTY_TRACESTATE, withThread } from "./model/context.ts";
export type { AttributeInput, Baggage, BaggageEntry, ItcStamp, SpanContext, TraceState } from "./model/context.ts";
export { alwaysOff, alwaysOn } from "./model/sampler.ts";
export type { Sampler, SamplingParams, SamplingResult } from "./model/sampler.ts";
export { spansFromEvents } from "./model/spans.ts";
export { spansOf } from "./model/spans-of.ts";
export { newId128, newId64 } from "./model/ids.ts";
export type * from "./model/types.ts";

// Propagation formats.
export { FORMATS } from "./context/types.ts";
export type { Carrier, Format, PropagationStats } from "./context/types.ts";
export { CODECS } from "./context/propagation.ts";

// Samplers.
export { adaptive, constSampler, createTailSampler, onDemand, parentBased, probabilistic, rateLimiting } from "./sampling/index.ts";
export type { AdaptiveOptions, NamedTailPolicy, OnDemandOptions, ParentBasedOptions, TailSampler } from "./sampling/index.ts";

// Collection: agents, a collector, and the ledger that accounts for every record.
export { createAgent, createCollector, createPipeline, Ledger, conserves } from "./collect/index.ts";
export type { AccountingSummary, Agent, Collector, Pipeline, PipelineOptions, Reporter, Scheduler, Transport } from "./collect/index.ts";

// Analysis of stored traces.
export { compareDags, dagFromItc, dagFromParents, spansFromDag } from "./analysis/reconstruct/index.ts";
export type { Dag } from "./analysis/reconstruct/index.ts";
export { dagCriticalPath } from "./analysis/dag-critical-path/index.ts";
export type { DagCriticalPath } from "./analysis/dag-critical-path/index.ts";
export { spanCriticalPath, traceCriticalPath } from "./analysis/span-critical-path/index.ts";
export type { Semantics, SpanCriticalPath } from "./analysis/span-critical-path/index.ts";
export { diagnose, diagnoseSplit, renderDiagnosis } from "./analysis/diagnose/index.ts";
export type { Diagnosis, DiagnoseOptions } from "./analysis/diagnose/index.ts";

// Exports and imports of trace files; OTLP/HTTP push.
export {
  EPOCH_ATTRIBUTE,
  exportChrome,
  exportDot,
  exportJaeger,
  exportOtlp,
  importTraceText,
  otlpBatches,
  otlpPushConfig,
  OtlpPushError,
  pushOtlpTraces,
  spanDot,
  toChromeJson,
  toJaegerJson,
  toOtlpJson,
  TraceFileError,
  tracesDot,
} from "./export/index.ts";
export type { ExportOptions, ImportedTrace, OtlpBatchReport, OtlpPushConfig } from "./export/index.ts";
