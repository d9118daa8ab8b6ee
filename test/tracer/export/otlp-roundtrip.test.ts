// The OTLP output round-trips through OpenTelemetry JS's own types without loss: the same spans
// built as the SDK's ReadableSpans and serialized by @opentelemetry/otlp-transformer's
// JsonTraceSerializer give the same request as ours, and both import back to the originals.
import test from "ava";
import type { HrTime, Link, SpanContext } from "@opentelemetry/api";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { IExportTraceServiceRequest } from "@opentelemetry/otlp-transformer/build/src/trace/internal-types.js";
import { OTLP_SCOPE, toOtlpJson } from "../../../tracer/export/otlp.ts";
import { importTraceText } from "../../../tracer/export/import.ts";
import type { SpanRecord } from "../../../tracer/model/types.ts";
import { spans, trace } from "./fixture.ts";

const API_KIND: Record<SpanRecord["kind"], SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};
const API_STATUS = { unset: SpanStatusCode.UNSET, ok: SpanStatusCode.OK, error: SpanStatusCode.ERROR } as const;

const hr = (ns: number): HrTime => [Math.floor(ns / 1e9), ns % 1e9];
const context = (traceId: string, spanId: string): SpanContext => ({ traceId, spanId, traceFlags: 1 });

function readableSpans(records: readonly SpanRecord[]): ReadableSpan[] {
  const resources = new Map<string, Resource>();
  return records.map((s) => {
    const key = `${s.service}/${s.host}`;
    if (!resources.has(key)) {
      resources.set(key, resourceFromAttributes({ "service.name": s.service, "host.name": s.host }));
    }
    return {
      name: s.name,
      kind: API_KIND[s.kind],
      spanContext: () => context(s.traceId, s.spanId),
      ...(s.parentSpanId === undefined ? {} : { parentSpanContext: context(s.traceId, s.parentSpanId) }),
      startTime: hr(s.start),
      endTime: hr(s.end),
      status: { code: API_STATUS[s.status.code], ...(s.status.message === undefined ? {} : { message: s.status.message }) },
      attributes: { ...s.attributes },
      links: s.links.map((l): Link => ({ context: context(l.traceId, l.spanId), attributes: { ...(l.attributes ?? {}) } })),
      events: s.logs.map((l) => {
        const { event, ...rest } = l.attributes;
        return { name: String(event), time: hr(l.timestamp), attributes: rest };
      }),
      duration: hr(s.end - s.start),
      ended: true,
      resource: resources.get(key)!,
      instrumentationScope: { ...OTLP_SCOPE },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

/**
 * What the two encoders may legitimately differ in: OTel JS writes int attributes as JSON numbers
 * and adds W3C trace flags; we write ints as decimal strings (proto3 JSON) and no flags.
 */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "flags") continue;
      out[k] = k === "intValue" ? String(v) : normalise(v);
    }
    return out;
  }
  return value;
}

/** Resources group spans by (service, host), so compare span sets in a fixed order. */
function inOrder(list: readonly SpanRecord[]): SpanRecord[] {
  return [...list].sort((a, b) => a.start - b.start || (a.spanId < b.spanId ? -1 : 1));
}

function otelRequest(records: readonly SpanRecord[]): IExportTraceServiceRequest {
  const bytes = JsonTraceSerializer.serializeRequest(readableSpans(records))!;
  return JSON.parse(new TextDecoder().decode(bytes)) as IExportTraceServiceRequest;
}

test("our OTLP/JSON equals OpenTelemetry JS's JsonTraceSerializer output for the same spans", (t) => {
  const ours = JSON.parse(toOtlpJson([trace])) as unknown;
  t.deepEqual(normalise(ours), normalise(otelRequest(spans)));
});

test("our OTLP request reads as OpenTelemetry's IExportTraceServiceRequest: hex ids, integer enums, ns strings", (t) => {
  const request = JSON.parse(toOtlpJson([trace])) as IExportTraceServiceRequest;
  const all = (request.resourceSpans ?? []).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans ?? []));
  t.is(all.length, spans.length);
  for (const s of all) {
    t.regex(String(s.traceId), /^[0-9a-f]{32}$/);
    t.regex(String(s.spanId), /^[0-9a-f]{16}$/);
    if (s.parentSpanId !== undefined) t.regex(String(s.parentSpanId), /^[0-9a-f]{16}$/);
    t.true(Number.isInteger(s.kind) && s.kind >= 1 && s.kind <= 5);
    t.true([0, 1, 2].includes(s.status.code));
    t.regex(String(s.startTimeUnixNano), /^\d+$/);
    t.regex(String(s.endTimeUnixNano), /^\d+$/);
    for (const e of s.events) t.regex(String(e.timeUnixNano), /^\d+$/);
  }
  const join = all.find((s) => s.name === "join")!;
  t.deepEqual(join.links.map((l) => l.spanId), ["1111111111111111"]);
  const resources = (request.resourceSpans ?? []).map((rs) => rs.resource?.attributes.map((a) => `${a.key}=${a.value.stringValue}`));
  t.deepEqual(resources[0], ["service.name=horizon", "host.name=ctl-1"]);
});

test("importing our OTLP output gives back the original spans exactly", (t) => {
  const [imported] = importTraceText(toOtlpJson([trace]), "ours.otlp.json");
  t.deepEqual(inOrder(imported!.trace.spans), inOrder(spans));
});

test("importing OpenTelemetry JS's serialization gives back the original spans exactly", (t) => {
  const text = JSON.stringify(otelRequest(spans));
  const [imported] = importTraceText(text, "otel.json");
  t.deepEqual(inOrder(imported!.trace.spans), inOrder(spans));
});

test("epoch-nanosecond times beyond 2^53 keep exact critical-path times via the trace base", (t) => {
  const epoch = 1_700_000_000_123_456_789n;
  const request = JSON.parse(toOtlpJson([trace])) as { resourceSpans: { scopeSpans: { spans: Record<string, string>[] }[] }[] };
  for (const rs of request.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) {
        s["startTimeUnixNano"] = String(epoch + BigInt(s["startTimeUnixNano"]!));
        s["endTimeUnixNano"] = String(epoch + BigInt(s["endTimeUnixNano"]!));
      }
    }
  }
  const [imported] = importTraceText(JSON.stringify(request), "epoch.json");
  t.is(imported!.base, epoch + 1_000_000n);
  t.is(imported!.spans[0]!.startTime, 0);
  t.is(imported!.spans[0]!.duration, 119_000_000);
});
