// The spans of a stored trace. In span mode the collector stores SpanRecords; in DAG mode only
// events, and a span is the projection of its start and end events (kind, parent, links and
// status ride on them). A span whose end event was lost ends at its last event.

import type { Attributes, SpanKind, SpanLink, SpanRecord, StatusCode, Trace, TraceEvent } from "./types.ts";

type SpanFields = {
  readonly spanKind?: SpanKind;
  readonly parentSpanId?: string;
  readonly links?: readonly SpanLink[];
  readonly status?: { readonly code: StatusCode; readonly message?: string };
};

function byStartThenId(a: SpanRecord, b: SpanRecord): number {
  return a.start - b.start || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
}

export function spansOf(trace: Trace): SpanRecord[] {
  if (trace.spans.length > 0 || trace.events.length === 0) return [...trace.spans].sort(byStartThenId);
  const bySpan = new Map<string, TraceEvent[]>();
  for (const e of trace.events) {
    const list = bySpan.get(e.spanId);
    if (list === undefined) bySpan.set(e.spanId, [e]);
    else list.push(e);
  }
  const spans: SpanRecord[] = [];
  for (const [spanId, events] of bySpan) {
    const start = events.find((e) => e.kind === "start");
    const end = events.find((e) => e.kind === "end");
    const first = start ?? events.reduce((a, b) => (b.timestamp < a.timestamp ? b : a));
    const last = end ?? events.reduce((a, b) => (b.timestamp > a.timestamp ? b : a));
    const s = first as TraceEvent & SpanFields;
    const e = last as TraceEvent & SpanFields;
    const attributes: Record<string, Attributes[string]> = { ...(start?.attributes ?? {}), ...(end?.attributes ?? {}) };
    spans.push({
      traceId: trace.traceId,
      spanId,
      ...(s.parentSpanId === undefined ? {} : { parentSpanId: s.parentSpanId }),
      links: [...(s.links ?? []), ...(end !== undefined && end !== start ? (e.links ?? []) : [])],
      kind: s.spanKind ?? "internal",
      name: first.name,
      service: first.service,
      host: first.host,
      start: first.timestamp,
      // A clock stepped back between start and end: zero length, as in tracer/model/spans.ts.
      end: Math.max(first.timestamp, last.timestamp),
      attributes,
      status: e.status ?? { code: "unset" },
      logs: events
        .filter((x) => x.kind === "annotate")
        .map((x) => ({ timestamp: x.timestamp, attributes: { event: x.name, ...(x.attributes ?? {}) } })),
    });
  }
  return spans.sort(byStartThenId);
}
