// The spans an export writes for a DAG-model trace: the span projection (model/spans-of.ts) plus
// what of the event DAG a span-based format can carry, so the DAG leaves the tool:
//
// - every happens-before edge between two spans that the span tree does not already say becomes
//   a span link from the later span to the earlier one, with the two event ids as attributes:
//   the sibling a sequential call waited for, a branch a fan-in joined. An edge between a span
//   and its ancestor or descendant is the tree's own (a parent precedes its children and waits
//   for them), so it is not repeated — and a link to a descendant would make Jaeger, whose
//   references all mean "parent", see a cycle. In Jaeger links are FOLLOWS_FROM references
//   after the parent (model/references.ts).
// - `fork` and `join` events become span events (Jaeger logs) named by their kind, with their
//   event id, their parents and ITC stamp as attributes;
// - the ITC stamps after a span's start and end become the attributes `tracebed.itc.start` and
//   `tracebed.itc.end`.
//
// A trace with spans only (span model) is exported as it is.
import { spansOf } from "../model/spans-of.ts";
import type { AttributeValue, SpanLink, SpanLog, SpanRecord, Trace } from "../model/types.ts";

export const DAG_ATTRIBUTES = {
  itcStart: "tracebed.itc.start",
  itcEnd: "tracebed.itc.end",
  eventId: "tracebed.event.id",
  parents: "tracebed.event.parents",
  itc: "tracebed.itc",
  /** On a link: the earlier span's event and this span's event the edge joins. */
  from: "tracebed.link.from_event",
  to: "tracebed.link.to_event",
} as const;

interface Extras {
  links: SpanLink[];
  logs: SpanLog[];
  attributes: Record<string, AttributeValue>;
}

function extrasOf(trace: Trace): Map<string, Extras> {
  const spanOfEvent = new Map<string, string>();
  for (const e of trace.events) spanOfEvent.set(e.eventId, e.spanId);
  const parentSpan = new Map<string, string | undefined>();
  for (const e of trace.events) if (e.kind === "start") parentSpan.set(e.spanId, e.parentSpanId);
  /** Whether `a` is `b` or one of its ancestors in the span tree. */
  const above = (a: string, b: string): boolean => {
    let x: string | undefined = b;
    for (let steps = 0; x !== undefined && steps <= parentSpan.size; steps++) {
      if (x === a) return true;
      x = parentSpan.get(x);
    }
    return false;
  };
  const out = new Map<string, Extras>();
  const of = (spanId: string): Extras => {
    let x = out.get(spanId);
    if (x === undefined) out.set(spanId, (x = { links: [], logs: [], attributes: {} }));
    return x;
  };
  const ordered = [...trace.events].sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  for (const e of ordered) {
    for (const p of e.parents) {
      const from = spanOfEvent.get(p);
      if (from === undefined || above(from, e.spanId) || above(e.spanId, from)) continue; // the tree's own edge
      of(e.spanId).links.push({ traceId: trace.traceId, spanId: from, attributes: { [DAG_ATTRIBUTES.from]: p, [DAG_ATTRIBUTES.to]: e.eventId } });
    }
    if (e.kind === "fork" || e.kind === "join") {
      of(e.spanId).logs.push({
        timestamp: e.timestamp,
        attributes: {
          event: e.kind,
          [DAG_ATTRIBUTES.eventId]: e.eventId,
          [DAG_ATTRIBUTES.parents]: e.parents.join(","),
          ...(e.itc === undefined ? {} : { [DAG_ATTRIBUTES.itc]: e.itc }),
        },
      });
    }
    if (e.itc !== undefined && (e.kind === "start" || e.kind === "end")) {
      of(e.spanId).attributes[e.kind === "start" ? DAG_ATTRIBUTES.itcStart : DAG_ATTRIBUTES.itcEnd] = e.itc;
    }
  }
  return out;
}

const byTime = (a: SpanLog, b: SpanLog): number => a.timestamp - b.timestamp;

/** The spans to export: a DAG trace's projection with its cross-span edges, forks, joins and stamps. */
export function exportSpansOf(trace: Trace): SpanRecord[] {
  const spans = spansOf(trace);
  if (trace.events.length === 0) return spans;
  const extras = extrasOf(trace);
  return spans.map((s) => {
    const x = extras.get(s.spanId);
    if (x === undefined) return s;
    return {
      ...s,
      attributes: { ...s.attributes, ...x.attributes },
      links: [...s.links, ...x.links],
      logs: x.logs.length === 0 ? s.logs : [...s.logs, ...x.logs].sort(byTime),
    };
  });
}
