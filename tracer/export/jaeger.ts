// Traces → the JSON file Jaeger UI uploads ({data: [{traceID, spans, processes}]}). Times are
// µs (host-clock ns truncated, so nesting is preserved); one process per (service, host); a
// fan-in span carries several references, the layout parent first; span.kind, error and the
// OTel status travel as tags, the way Jaeger's OTLP translator writes them.

import type { Attributes, AttributeValue, SpanRecord, Trace } from "../model/types.ts";
import { anchorOf, EPOCH_ATTRIBUTE } from "./epoch.ts";
import type { Anchor, ExportOptions } from "./epoch.ts";
import { spanReferences } from "../model/references.ts";
import type { SpanReference } from "../model/references.ts";
import { exportSpansOf } from "./dag-spans.ts";

export interface JaegerTag {
  readonly key: string;
  readonly type: "string" | "bool" | "int64" | "float64";
  readonly value: AttributeValue;
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: readonly SpanReference[];
  readonly startTime: number;
  readonly duration: number;
  readonly tags: readonly JaegerTag[];
  readonly logs: readonly { readonly timestamp: number; readonly fields: readonly JaegerTag[] }[];
  readonly processID: string;
  readonly warnings: null;
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, { readonly serviceName: string; readonly tags: readonly JaegerTag[] }>>;
  readonly warnings: null;
}

export interface JaegerFile {
  readonly data: readonly JaegerTrace[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly errors: null;
}

export function jaegerTag(key: string, value: AttributeValue): JaegerTag {
  if (typeof value === "string") return { key, type: "string", value };
  if (typeof value === "boolean") return { key, type: "bool", value };
  return { key, type: Number.isInteger(value) ? "int64" : "float64", value };
}

function tags(attributes: Attributes): JaegerTag[] {
  return Object.keys(attributes).map((k) => jaegerTag(k, attributes[k]!));
}

/** µs since the anchor's µs, exactly: floor((anchor ns + ns) / 1000), with the big part kept apart. */
function microseconds(anchor: Anchor | undefined): (ns: number) => number {
  if (anchor === undefined) return (ns) => Math.floor(ns / 1000);
  const whole = Number(anchor.ns / 1000n);
  const rest = Number(anchor.ns % 1000n);
  return (ns) => whole + Math.floor((rest + ns) / 1000);
}

function spanTags(span: SpanRecord, anchor: Anchor | undefined): JaegerTag[] {
  const out = [jaegerTag("span.kind", span.kind), ...tags(span.attributes)];
  if (anchor !== undefined && span.parentSpanId === undefined) out.push(jaegerTag(EPOCH_ATTRIBUTE, anchor.text));
  if (span.status.code === "error") out.push(jaegerTag("error", true), jaegerTag("otel.status_code", "ERROR"));
  if (span.status.code === "ok") out.push(jaegerTag("otel.status_code", "OK"));
  if (span.status.message !== undefined) out.push(jaegerTag("otel.status_description", span.status.message));
  return out;
}

export function jaegerTrace(trace: Trace, options: ExportOptions = {}): JaegerTrace {
  const anchor = anchorOf(options.epoch);
  const us = microseconds(anchor);
  const spans = exportSpansOf(trace);
  const processIds = new Map<string, string>();
  const processes: Record<string, { serviceName: string; tags: JaegerTag[] }> = {};
  const processOf = (span: SpanRecord): string => {
    const key = `${span.service}\u0000${span.host}`;
    let id = processIds.get(key);
    if (id === undefined) {
      id = `p${processIds.size + 1}`;
      processIds.set(key, id);
      processes[id] = { serviceName: span.service, tags: span.host === "" ? [] : [jaegerTag("hostname", span.host)] };
    }
    return id;
  };
  return {
    traceID: trace.traceId,
    spans: spans.map((s) => ({
      traceID: s.traceId,
      spanID: s.spanId,
      operationName: s.name,
      references: spanReferences(s),
      startTime: us(s.start),
      duration: Math.max(0, us(s.end) - us(s.start)),
      tags: spanTags(s, anchor),
      logs: s.logs.map((l) => ({ timestamp: us(l.timestamp), fields: tags(l.attributes) })),
      processID: processOf(s),
      warnings: null,
    })),
    processes,
    warnings: null,
  };
}

export function exportJaeger(traces: readonly Trace[], options: ExportOptions = {}): JaegerFile {
  return { data: traces.map((t) => jaegerTrace(t, options)), total: 0, limit: 0, offset: 0, errors: null };
}

export function toJaegerJson(traces: readonly Trace[], options: ExportOptions = {}): string {
  return `${JSON.stringify(exportJaeger(traces, options), null, 2)}\n`;
}
