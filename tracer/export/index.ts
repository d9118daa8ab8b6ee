// Imports and exports of traces: Jaeger UI JSON, OTLP/JSON (and OTLP/HTTP push), Chrome trace
// events for Perfetto, Graphviz DOT of an event DAG.

export { TraceFileError, OtlpPushError, jsonPath } from "./errors.ts";
export { importTraceText } from "./import.ts";
export type { ImportedTrace, ImportFormat } from "./import.ts";
export { exportJaeger, jaegerTrace, toJaegerJson } from "./jaeger.ts";
export type { JaegerFile, JaegerSpan, JaegerTag, JaegerTrace } from "./jaeger.ts";
export { exportOtlp, toOtlpJson, OTLP_SCOPE } from "./otlp.ts";
export type { OtlpRequest, OtlpSpan } from "./otlp.ts";
export { exportChrome, toChromeJson } from "./chrome.ts";
export type { ChromeEvent, ChromeTrace } from "./chrome.ts";
export { exportDot, spanDot, tracesDot } from "./dot.ts";
export { MAX_BATCH_BYTES, otlpBaseUrl, otlpBatches, otlpPushConfig, otlpTracesUrl, parseOtlpHeaders, pushOtlp, pushOtlpTraces } from "./otlp-push.ts";
export type { OtlpBatch, OtlpBatchReport, OtlpCompression, OtlpPushConfig, OtlpPushOverrides, OtlpPushResult } from "./otlp-push.ts";
export { anchorOf, EPOCH_ATTRIBUTE, formatEpoch, parseEpoch } from "./epoch.ts";
export type { Anchor, ExportOptions } from "./epoch.ts";
export { spanReferences, parentRefType } from "../model/references.ts";
export type { ReferenceType, SpanReference } from "../model/references.ts";
export { spansOf } from "../model/spans-of.ts";
