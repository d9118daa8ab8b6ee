// Projection of a DAG onto spans: what a span-model tracer would have recorded for the same
// request. Concurrency and synchronization between siblings are lost here by construction —
// that loss is the talk's point (Pattern #1 vs #2).
//
// A span's parent is the one its start event names (`parentSpanId`, written by our tracer).
// For events that do not name it (other tracers, hand-built sets) it is found causally: the
// span of the event its start descends from; when that event ends a sibling (sequential
// children: grunt starts after bar ends), the new span shares the sibling's parent. A start
// whose predecessor was lost gets no parent: nothing is invented.
import type { Attributes, SpanKind, SpanLink, SpanLog, SpanRecord, TraceEvent } from "../../model/types.ts";
import { SPAN_KINDS } from "../../model/types.ts";
import type { Dag } from "./types.ts";

const KNOWN_SPAN_KINDS: ReadonlySet<string> = new Set(SPAN_KINDS);

interface SpanEvents {
  readonly spanId: string;
  readonly members: number[]; // dag indices, ascending (topological)
}

export function spansFromDag(dag: Dag): SpanRecord[] {
  const bySpan = new Map<string, SpanEvents>();
  dag.events.forEach((e, i) => {
    const s = bySpan.get(e.spanId);
    if (s) s.members.push(i);
    else bySpan.set(e.spanId, { spanId: e.spanId, members: [i] });
  });
  const firstOf = new Map<string, number>();
  for (const s of bySpan.values()) firstOf.set(s.spanId, startIndex(dag, s));

  const parentOf = new Map<string, string | undefined>();
  for (const s of bySpan.values()) {
    const start = dag.events[firstOf.get(s.spanId)!]!;
    if (start.kind === "start" && (start.parentSpanId !== undefined || start.spanKind !== undefined)) parentOf.set(s.spanId, start.parentSpanId);
  }
  const parentSpan = (spanId: string): string | undefined => {
    // Iterative with memo: chains of sequential siblings can be long.
    const pending: string[] = [];
    let current: string | undefined = spanId;
    let answer: string | undefined;
    for (;;) {
      if (current === undefined) {
        answer = undefined;
        break;
      }
      if (parentOf.has(current)) {
        answer = parentOf.get(current);
        break;
      }
      if (pending.includes(current)) {
        answer = undefined; // a cycle of "ended sibling" steps cannot happen in a DAG; be safe
        break;
      }
      pending.push(current);
      const via = causalParent(dag, firstOf.get(current)!);
      if (via === undefined) {
        parentOf.set(current, undefined);
        pending.pop();
        answer = undefined;
        break;
      }
      const e = dag.events[via]!;
      if (e.kind === "end" && e.spanId !== current) {
        current = e.spanId; // an ended sibling: same parent as it
        continue;
      }
      parentOf.set(current, e.spanId === current ? undefined : e.spanId);
      pending.pop();
      answer = parentOf.get(current);
      break;
    }
    for (const s of pending) parentOf.set(s, answer);
    return answer;
  };

  const spans: SpanRecord[] = [];
  for (const s of bySpan.values()) spans.push(project(dag, s, firstOf.get(s.spanId)!, parentSpan(s.spanId)));
  return spans.sort((a, b) => a.start - b.start || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
}

function startIndex(dag: Dag, s: SpanEvents): number {
  for (const i of s.members) if (dag.events[i]!.kind === "start") return i;
  return s.members[0]!;
}

/**
 * The predecessor a span's first event descends from: a remote sender first, then a live
 * event, latest first. (The first event of a span has no predecessor in its own span.)
 */
function causalParent(dag: Dag, start: number): number | undefined {
  const own = dag.events[start]!.spanId;
  let best: number | undefined;
  let bestRank = 0;
  for (const p of dag.parents[start]!) {
    const e = dag.events[p]!;
    if (e.spanId === own) continue;
    const rank = e.kind === "send" ? 3 : e.kind === "end" ? 1 : 2;
    if (rank > bestRank || (rank === bestRank && p > best!)) {
      best = p;
      bestRank = rank;
    }
  }
  return best;
}

function project(dag: Dag, s: SpanEvents, first: number, parentSpanId: string | undefined): SpanRecord {
  const start = dag.events[first]!;
  let end: TraceEvent | undefined;
  let min = start.timestamp;
  let max = start.timestamp;
  let logs: SpanLog[] | undefined;
  for (const i of s.members) {
    const e = dag.events[i]!;
    if (e.timestamp < min) min = e.timestamp;
    if (e.timestamp > max) max = e.timestamp;
    if (e.kind === "end" && end === undefined) end = e;
    else if (e.kind === "annotate") (logs ??= []).push({ timestamp: e.timestamp, attributes: { event: e.name, ...e.attributes } });
  }
  // Links are what the events declare; causal predecessors in other spans are not links.
  let links: SpanLink[] = [];
  if (start.links !== undefined) links = [...start.links];
  if (end?.links !== undefined) links.push(...end.links);
  let attributes: Record<string, string | number | boolean> = EMPTY_ATTRIBUTES;
  let declared: unknown;
  if (start.attributes !== undefined || end?.attributes !== undefined) {
    attributes = { ...start.attributes, ...end?.attributes };
    declared = attributes["span.kind"];
    delete attributes["span.kind"];
  }
  const status = end?.status ?? { code: attributes["error"] === true ? ("error" as const) : ("unset" as const) };
  const traceId = dag.traceId;
  const spanId = s.spanId;
  const kind = start.spanKind ?? (typeof declared === "string" && KNOWN_SPAN_KINDS.has(declared) ? (declared as SpanKind) : inferKind(dag, first, s));
  const { name, service, host } = start;
  const endTime = end?.timestamp ?? max;
  const attrs = attributes as Attributes;
  const spanLogs = logs ?? [];
  // Two literals rather than `{ ...record, parentSpanId }`: in this V8, a spread followed by
  // another property takes a runtime slow path (~1 µs per object).
  return parentSpanId === undefined
    ? { traceId, spanId, links, kind, name, service, host, start: min, end: endTime, attributes: attrs, status, logs: spanLogs }
    : { traceId, spanId, links, kind, name, service, host, start: min, end: endTime, attributes: attrs, status, logs: spanLogs, parentSpanId };
}

const EMPTY_ATTRIBUTES: Record<string, string | number | boolean> = Object.freeze({}) as Record<string, string | number | boolean>;

function inferKind(dag: Dag, first: number, s: SpanEvents): SpanKind {
  const own = dag.events[first]!;
  if (dag.parents[first]!.some((p) => dag.events[p]!.kind === "send" && dag.events[p]!.spanId !== own.spanId)) return "server";
  if (s.members.some((i) => dag.events[i]!.kind === "send")) return "client";
  return "internal";
}
