// The span projection of the DAG model: each span's start and end events become one
// SpanRecord; its annotate events become the span's logs. Follows OSProfiler's report rules
// for incomplete data: a start without an end gives a zero-length span, an end (or annotate)
// without a start is ignored.
import type { AttributeValue, SpanLink, SpanLog, SpanRecord, TraceEvent } from "./types.ts";

interface Pending {
  start: TraceEvent;
  end?: TraceEvent;
  logs: SpanLog[];
}

/** Pending spans by trace id, then span id (no concatenated keys to hash per event). */
type SpanTable = Map<string, Map<string, Pending>>;

/** Spans in (start, traceId, spanId) order; deterministic for any input order. */
export function spansFromEvents(events: readonly TraceEvent[]): SpanRecord[] {
  const table: SpanTable = new Map();
  let count = 0;
  for (const e of events) {
    if (e.kind !== "start") continue;
    let bySpan = table.get(e.traceId);
    if (bySpan === undefined) table.set(e.traceId, (bySpan = new Map()));
    if (!bySpan.has(e.spanId)) {
      bySpan.set(e.spanId, { start: e, logs: [] });
      count++;
    }
  }
  for (const e of events) {
    const p = table.get(e.traceId)?.get(e.spanId);
    if (p === undefined) continue;
    if (e.kind === "end" && (p.end === undefined || e.timestamp > p.end.timestamp)) p.end = e;
    else if (e.kind === "annotate") p.logs.push({ timestamp: e.timestamp, attributes: { event: e.name, ...e.attributes } });
  }
  const spans: SpanRecord[] = new Array(count);
  let i = 0;
  for (const bySpan of table.values()) for (const { start, end, logs } of bySpan.values()) {
    const attributes: Record<string, AttributeValue> = { ...start.attributes, ...end?.attributes };
    const links: SpanLink[] = start.links === undefined && end?.links === undefined ? [] : [...(start.links ?? []), ...(end?.links ?? [])];
    if (logs.length > 1) logs.sort((a, b) => a.timestamp - b.timestamp || (String(a.attributes["event"]) < String(b.attributes["event"]) ? -1 : 0));
    const { traceId, spanId, name, service, host, parentSpanId } = start;
    const kind = start.spanKind ?? "internal";
    const from = start.timestamp;
    // An end stamped before its start (the host's clock stepped back in between) gives a
    // zero-length span, as OpenTelemetry JS's Span.end clamps it; the events keep their stamps.
    const to = end === undefined || end.timestamp < from ? from : end.timestamp;
    const status = end?.status ?? { code: "unset" as const };
    // Two literals, parentSpanId last, rather than `{ ...span, parentSpanId }` (a spread plus
    // another property is a slow path in this V8).
    spans[i++] =
      parentSpanId === undefined
        ? { traceId, spanId, links, kind, name, service, host, start: from, end: to, attributes, status, logs }
        : { traceId, spanId, links, kind, name, service, host, start: from, end: to, attributes, status, logs, parentSpanId };
  }
  return spans.sort(
    (a, b) =>
      a.start - b.start ||
      (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0) ||
      (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0),
  );
}
