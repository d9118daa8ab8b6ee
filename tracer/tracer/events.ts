// Event construction on the hot path. Each kind is built as one object literal with every field
// it always has (no properties added afterwards for those), which V8 allocates in one go.
// Fields in a fixed order: the nine common ones, itc, spanKind, parentSpanId, status, then
// attributes and links when present.
import type { Attributes, SpanKind, SpanLink, StatusCode, TraceEvent } from "../model/types.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function withExtras(e: Mutable<TraceEvent>, attributes: Attributes | undefined, links: readonly SpanLink[] | undefined): TraceEvent {
  if (attributes !== undefined) e.attributes = attributes;
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
  if (itc !== undefined) {
    e = parentSpanId !== undefined
      ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, spanKind, parentSpanId }
      : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, spanKind };
  } else {
    e = parentSpanId !== undefined
      ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, spanKind, parentSpanId }
      : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, spanKind };
  }
  return withExtras(e, attributes, links);
}

export function endEvent(
  traceId: string, eventId: string, spanId: string, name: string, service: string, host: string, timestamp: number,
  parents: readonly string[], itc: string | undefined, status: { readonly code: StatusCode; readonly message?: string },
  attributes: Attributes | undefined, links: readonly SpanLink[] | undefined,
): TraceEvent {
  const kind = "end";
  const e: Mutable<TraceEvent> = itc !== undefined
    ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc, status }
    : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, status };
  return withExtras(e, attributes, links);
}

export function otherEvent(
  traceId: string, eventId: string, kind: "annotate" | "fork" | "join" | "send" | "recv", spanId: string, name: string,
  service: string, host: string, timestamp: number, parents: readonly string[], itc: string | undefined,
  attributes: Attributes | undefined,
): TraceEvent {
  const e: Mutable<TraceEvent> = itc !== undefined
    ? { traceId, eventId, kind, name, service, host, timestamp, spanId, parents, itc }
    : { traceId, eventId, kind, name, service, host, timestamp, spanId, parents };
  return withExtras(e, attributes, undefined);
}
