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

function key(traceId: string, spanId: string): string {
  return traceId + "/" + spanId;
}

/** Spans in (start, traceId, spanId) order; deterministic for any input order. */
export function spansFromEvents(events: readonly TraceEvent[]): SpanRecord[] {
  const pending = new Map<string, Pending>();
  for (const e of events) {
    if (e.kind === "start") {
      const k = key(e.traceId, e.spanId);
      if (!pending.has(k)) pending.set(k, { start: e, logs: [] });
    }
  }
  for (const e of events) {
    const p = pending.get(key(e.traceId, e.spanId));
    if (p === undefined) continue;
    if (e.kind === "end" && (p.end === undefined || e.timestamp > p.end.timestamp)) p.end = e;
    else if (e.kind === "annotate") p.logs.push({ timestamp: e.timestamp, attributes: { event: e.name, ...e.attributes } });
  }
  const spans: SpanRecord[] = [];
  for (const { start, end, logs } of pending.values()) {
    const attributes: Record<string, AttributeValue> = { ...start.attributes, ...end?.attributes };
    const links: SpanLink[] = [...(start.links ?? []), ...(end?.links ?? [])];
    logs.sort((a, b) => a.timestamp - b.timestamp || (String(a.attributes["event"]) < String(b.attributes["event"]) ? -1 : 0));
    const span: SpanRecord = {
      traceId: start.traceId,
      spanId: start.spanId,
      links,
      kind: start.spanKind ?? "internal",
      name: start.name,
      service: start.service,
      host: start.host,
      start: start.timestamp,
      end: end?.timestamp ?? start.timestamp,
      attributes,
      status: end?.status ?? { code: "unset" },
      logs,
    };
    spans.push(start.parentSpanId === undefined ? span : { ...span, parentSpanId: start.parentSpanId });
  }
  return spans.sort(
    (a, b) =>
      a.start - b.start ||
      (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0) ||
      (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0),
  );
}
