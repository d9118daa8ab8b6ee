// Event construction on the hot path. Each kind is built as one object literal with every field
// it always has (no properties added afterwards for those), which V8 allocates in one go.
// Fields in a fixed order: the nine common ones, itc, spanKind, parentSpanId, status, then
// attributes and links when present.
import type { Attributes, SpanKind, SpanLink, StatusCode, TraceEvent } from "../model/types.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The status of an end event without a message: one shared object per code. */
export const STATUS: Readonly<Record<StatusCode, { readonly code: StatusCode }>> = {
  unset: Object.freeze({ code: "unset" }),
  ok: Object.freeze({ code: "ok" }),
  error: Object.freeze({ code: "error" }),
};

// Attributes are part of the literal (adding a property afterwards moves the object to a new
// shape and allocates an out-of-object property store); links are rare and added after.
function withLinks(e: Mutable<TraceEvent>, links: readonly SpanLink[] | undefined): TraceEvent {
  if (links !== undefined && links.length > 0) e.links = links;
  return e;
}

export function startEvent(
  traceId: string, spanId: string, name: string, service: string, host: string, timestamp: number,
  parents: readonly string[], itc: string | undefined, spanKind: SpanKind, parentSpanId: string | undefined,
  attributes: Attributes | undefined, links: readonly SpanLink[] | undefined,
): TraceEvent {
  const eventId = spanId;
  const kind = "start";
  let e: Mutable<TraceEvent>;
  if (attributes === undefined) {
    if (itc !== undefined) {
      e = parentSpanId !== undefined
        ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, spanKind, parentSpanId }
        : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, spanKind };
    } else {
      e = parentSpanId !== undefined
        ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, spanKind, parentSpanId }
        : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, spanKind };
    }
  } else if (itc !== undefined) {
    e = parentSpanId !== undefined
      ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, spanKind, parentSpanId, attributes }
      : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, spanKind, attributes };
  } else {
    e = parentSpanId !== undefined
      ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, spanKind, parentSpanId, attributes }
      : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, spanKind, attributes };
  }
  return withLinks(e, links);
}

export function endEvent(
  traceId: string, eventId: string, spanId: string, name: string, service: string, host: string, timestamp: number,
  parents: readonly string[], itc: string | undefined, status: { readonly code: StatusCode; readonly message?: string },
  attributes: Attributes | undefined, links: readonly SpanLink[] | undefined,
): TraceEvent {
  const kind = "end";
  let e: Mutable<TraceEvent>;
  if (attributes === undefined) {
    e = itc !== undefined
      ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, status }
      : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, status };
  } else {
    e = itc !== undefined
      ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, status, attributes }
      : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, status, attributes };
  }
  return withLinks(e, links);
}

export function otherEvent(
  traceId: string, eventId: string, kind: "annotate" | "fork" | "join" | "send" | "recv", spanId: string, name: string,
  service: string, host: string, timestamp: number, parents: readonly string[], itc: string | undefined,
  attributes: Attributes | undefined,
): TraceEvent {
  if (attributes === undefined) {
    return itc !== undefined
      ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc }
      : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents };
  }
  return itc !== undefined
    ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, attributes }
    : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, attributes };
}
