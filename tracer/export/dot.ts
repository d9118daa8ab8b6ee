// An event DAG → Graphviz DOT. Nodes are labelled kind / service / name, shaped by kind, and
// listed in (timestamp, eventId) order; edges follow each event's explicit parents. A parent
// that is not in the set (a lost event) is drawn as a dashed placeholder, never silently
// dropped. The output is a pure function of the events' content, not of their input order.

import type { EventKind, Trace, TraceEvent } from "../model/types.ts";
import { spansOf } from "../model/spans-of.ts";

const SHAPES: Readonly<Record<EventKind, string>> = {
  start: "box",
  end: "box",
  send: "cds",
  recv: "cds",
  fork: "diamond",
  join: "diamond",
  annotate: "note",
};

function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

function byTimeThenId(a: TraceEvent, b: TraceEvent): number {
  return a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

export function exportDot(events: readonly TraceEvent[], name = "trace"): string {
  const sorted = [...events].sort(byTimeThenId);
  const present = new Set(sorted.map((e) => e.eventId));
  const lines = [
    `digraph ${quote(name)} {`,
    "  rankdir=TB;",
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [arrowsize=0.7];',
  ];
  const missing = new Set<string>();
  for (const e of sorted) {
    const label = `${e.kind}\n${e.service}\n${e.name}`;
    lines.push(`  ${quote(e.eventId)} [label=${quote(label)}, shape=${SHAPES[e.kind]}];`);
    for (const p of e.parents) if (!present.has(p)) missing.add(p);
  }
  for (const id of [...missing].sort()) {
    lines.push(`  ${quote(id)} [label=${quote(`lost\n${id}`)}, shape=box, style=dashed];`);
  }
  for (const e of sorted) {
    for (const p of [...e.parents].sort()) lines.push(`  ${quote(p)} -> ${quote(e.eventId)};`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/**
 * A span-model trace (no events) as a DOT graph of its spans: parent → child edges, and dashed
 * edges from each extra parent (a link) to the span that joined it.
 */
export function spanDot(trace: Trace, name = trace.traceId): string {
  const spans = spansOf(trace);
  const present = new Set(spans.map((s) => s.spanId));
  const lines = [`digraph ${quote(name)} {`, "  rankdir=TB;", '  node [fontname="Helvetica", fontsize=10, shape=box];', "  edge [arrowsize=0.7];"];
  for (const s of spans) lines.push(`  ${quote(s.spanId)} [label=${quote(`${s.kind}\n${s.service}\n${s.name}`)}];`);
  for (const s of spans) {
    if (s.parentSpanId !== undefined) {
      if (!present.has(s.parentSpanId)) lines.push(`  ${quote(s.parentSpanId)} [label=${quote(`lost\n${s.parentSpanId}`)}, style=dashed];`);
      lines.push(`  ${quote(s.parentSpanId)} -> ${quote(s.spanId)};`);
    }
    for (const l of s.links) if (l.traceId === trace.traceId && present.has(l.spanId)) lines.push(`  ${quote(l.spanId)} -> ${quote(s.spanId)} [style=dashed];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** Every trace as its own graph, one after another (Graphviz renders each): the event DAG where there is one. */
export function tracesDot(traces: readonly Trace[]): string {
  return traces.map((t) => (t.events.length > 0 ? exportDot(t.events, t.traceId) : spanDot(t))).join("");
}
