// Traces → OTLP/JSON (an ExportTraceServiceRequest): hex ids, integer enums, ns as decimal
// strings, extra parents as links, one resource per (service, host) with service.name and
// host.name, one scope. The field set and order follow @opentelemetry/otlp-transformer's JSON
// serializer, so the two outputs compare equal (a test checks it); only int attributes differ in
// encoding — decimal strings here, as the proto3 JSON mapping of int64 says.

import type { SpanRecord, Trace } from "../model/types.ts";
import { anchorOf, EPOCH_ATTRIBUTE } from "./epoch.ts";
import type { Anchor, ExportOptions } from "./epoch.ts";
import { attributesToOtlp, KIND_CODES, STATUS_CODES } from "./otlp-values.ts";
import type { OtlpKeyValue } from "./otlp-values.ts";
import { exportSpansOf } from "./dag-spans.ts";

export const OTLP_SCOPE = { name: "tracebed", version: "0.1.0" } as const;

export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly OtlpKeyValue[];
  readonly droppedAttributesCount: 0;
  readonly events: readonly {
    readonly attributes: readonly OtlpKeyValue[];
    readonly name: string;
    readonly timeUnixNano: string;
    readonly droppedAttributesCount: 0;
  }[];
  readonly droppedEventsCount: 0;
  readonly status: { readonly code: number; readonly message?: string };
  readonly links: readonly {
    readonly attributes: readonly OtlpKeyValue[];
    readonly spanId: string;
    readonly traceId: string;
    readonly droppedAttributesCount: 0;
  }[];
  readonly droppedLinksCount: 0;
}

export interface OtlpRequest {
  readonly resourceSpans: readonly {
    readonly resource: { readonly attributes: readonly OtlpKeyValue[]; readonly droppedAttributesCount: 0 };
    readonly scopeSpans: readonly { readonly scope: typeof OTLP_SCOPE; readonly spans: readonly OtlpSpan[] }[];
  }[];
}

/** Exact decimal ns after the anchor: a host-clock time is an integer, but guard against fractions anyway. */
function nanosFrom(anchor: Anchor | undefined): (ns: number) => string {
  const base = anchor?.ns ?? 0n;
  return (ns) => (base + BigInt(Math.round(ns))).toString();
}

function otlpSpan(s: SpanRecord, anchor: Anchor | undefined, nanos: (ns: number) => string): OtlpSpan {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    ...(s.parentSpanId === undefined ? {} : { parentSpanId: s.parentSpanId }),
    name: s.name,
    kind: KIND_CODES[s.kind],
    startTimeUnixNano: nanos(s.start),
    endTimeUnixNano: nanos(s.end),
    attributes: attributesToOtlp(anchor !== undefined && s.parentSpanId === undefined ? { ...s.attributes, [EPOCH_ATTRIBUTE]: anchor.text } : s.attributes),
    droppedAttributesCount: 0,
    events: s.logs.map((l) => {
      const { event, ...rest } = l.attributes;
      const named = typeof event === "string";
      return {
        attributes: attributesToOtlp(named ? rest : l.attributes),
        name: named ? event : "",
        timeUnixNano: nanos(l.timestamp),
        droppedAttributesCount: 0,
      };
    }),
    droppedEventsCount: 0,
    status: { code: STATUS_CODES[s.status.code], ...(s.status.message === undefined ? {} : { message: s.status.message }) },
    links: s.links.map((l) => ({
      attributes: attributesToOtlp(l.attributes ?? {}),
      spanId: l.spanId,
      traceId: l.traceId,
      droppedAttributesCount: 0,
    })),
    droppedLinksCount: 0,
  };
}

export function exportOtlp(traces: readonly Trace[], options: ExportOptions = {}): OtlpRequest {
  const anchor = anchorOf(options.epoch);
  const nanos = nanosFrom(anchor);
  const groups = new Map<string, { service: string; host: string; spans: OtlpSpan[] }>();
  for (const trace of traces) {
    for (const s of exportSpansOf(trace)) {
      const key = `${s.service}\u0000${s.host}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { service: s.service, host: s.host, spans: [] };
        groups.set(key, group);
      }
      group.spans.push(otlpSpan(s, anchor, nanos));
    }
  }
  return {
    resourceSpans: [...groups.values()].map((g) => ({
      resource: {
        attributes: attributesToOtlp(g.host === "" ? { "service.name": g.service } : { "service.name": g.service, "host.name": g.host }),
        droppedAttributesCount: 0,
      },
      scopeSpans: [{ scope: OTLP_SCOPE, spans: g.spans }],
    })),
  };
}

export function toOtlpJson(traces: readonly Trace[], options: ExportOptions = {}): string {
  return `${JSON.stringify(exportOtlp(traces, options), null, 2)}\n`;
}
