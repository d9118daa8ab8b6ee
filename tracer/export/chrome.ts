// Traces → Chrome trace events ({traceEvents, displayTimeUnit}) for Perfetto and
// chrome://tracing. Each (service, host) is a process; each span an `X` slice. Slices on one
// thread must nest, so concurrent spans are packed onto separate tracks (tid) greedily: a span
// goes to the first track whose open slices contain it. Parent→child edges that cross tracks,
// fan-in links, and message send→recv edges of the DAG become flow arrows (`s` → `f`).

import type { SpanRecord, Trace, TraceEvent } from "../model/types.ts";
import { spansOf } from "../model/spans-of.ts";

export interface ChromeEvent {
  readonly name: string;
  readonly ph: "X" | "M" | "s" | "f";
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly id?: number;
  readonly bp?: "e";
  readonly args?: Readonly<Record<string, string | number | boolean>>;
}

export interface ChromeTrace {
  readonly displayTimeUnit: "ms";
  readonly traceEvents: readonly ChromeEvent[];
}

interface Placed {
  readonly span: SpanRecord;
  readonly pid: number;
  readonly tid: number;
}

const us = (ns: number): number => ns / 1000;

/** Greedy track packing within one process: returns the tid of each span (1-based). */
function packTracks(spans: readonly SpanRecord[]): number[] {
  const open: { end: number }[][] = []; // per track, the stack of open slices
  return spans.map((s) => {
    for (let t = 0; t < open.length; t++) {
      const stack = open[t]!;
      while (stack.length > 0 && stack[stack.length - 1]!.end <= s.start) stack.pop();
      const top = stack[stack.length - 1];
      if (top === undefined || top.end >= s.end) {
        stack.push({ end: s.end });
        return t + 1;
      }
    }
    open.push([{ end: s.end }]);
    return open.length;
  });
}

function sortForPacking(a: SpanRecord, b: SpanRecord): number {
  return a.start - b.start || b.end - a.end || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
}

export function exportChrome(traces: readonly Trace[]): ChromeTrace {
  const all = traces.flatMap((t) => spansOf(t));
  const pids = new Map<string, number>();
  const byProcess = new Map<number, SpanRecord[]>();
  for (const s of all) {
    const key = `${s.service}\u0000${s.host}`;
    let pid = pids.get(key);
    if (pid === undefined) {
      pid = pids.size + 1;
      pids.set(key, pid);
      byProcess.set(pid, []);
    }
    byProcess.get(pid)!.push(s);
  }
  const meta: ChromeEvent[] = [];
  const slices: ChromeEvent[] = [];
  const placed = new Map<string, Placed>(); // traceId/spanId → where it was drawn
  for (const [key, pid] of pids) {
    const [service, host] = key.split("\u0000") as [string, string];
    meta.push({ name: "process_name", ph: "M", pid, tid: 0, args: { name: host === "" ? service : `${service} @ ${host}` } });
    const spans = [...byProcess.get(pid)!].sort(sortForPacking);
    const tids = packTracks(spans);
    const maxTid = Math.max(0, ...tids);
    for (let tid = 1; tid <= maxTid; tid++) meta.push({ name: "thread_name", ph: "M", pid, tid, args: { name: `track ${tid}` } });
    spans.forEach((s, i) => {
      const tid = tids[i]!;
      placed.set(`${s.traceId}/${s.spanId}`, { span: s, pid, tid });
      slices.push({
        name: s.name,
        cat: s.kind,
        ph: "X",
        ts: us(s.start),
        dur: us(Math.max(0, s.end - s.start)),
        pid,
        tid,
        args: { trace_id: s.traceId, span_id: s.spanId, ...(s.parentSpanId === undefined ? {} : { parent_span_id: s.parentSpanId }), status: s.status.code },
      });
    });
  }

  const flows: ChromeEvent[] = [];
  let nextId = 1;
  const flow = (name: string, from: Placed, fromTs: number, to: Placed, toTs: number): void => {
    const id = nextId++;
    flows.push({ name, cat: "flow", ph: "s", id, ts: us(fromTs), pid: from.pid, tid: from.tid });
    flows.push({ name, cat: "flow", ph: "f", bp: "e", id, ts: us(toTs), pid: to.pid, tid: to.tid });
  };
  for (const s of [...all].sort(sortForPacking)) {
    const me = placed.get(`${s.traceId}/${s.spanId}`)!;
    if (s.parentSpanId !== undefined) {
      const parent = placed.get(`${s.traceId}/${s.parentSpanId}`);
      if (parent !== undefined && (parent.pid !== me.pid || parent.tid !== me.tid)) {
        // A flow binds to the innermost slice open at its time on that track: at the parent's
        // own start that is the parent (its children start no earlier and sort after it).
        flow("parent", parent, parent.span.start, me, s.start);
      }
    }
    for (const link of s.links) {
      const from = placed.get(`${link.traceId}/${link.spanId}`);
      if (from !== undefined) flow("link", from, from.span.start, me, s.start);
    }
  }
  for (const t of traces) messageFlows(t.events, t.traceId, placed, flow);
  return { displayTimeUnit: "ms", traceEvents: [...meta, ...slices, ...flows] };
}

function messageFlows(
  events: readonly TraceEvent[],
  traceId: string,
  placed: ReadonlyMap<string, Placed>,
  flow: (name: string, from: Placed, fromTs: number, to: Placed, toTs: number) => void,
): void {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const recvs = events.filter((e) => e.kind === "recv").sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1));
  for (const recv of recvs) {
    for (const parentId of recv.parents) {
      const send = byId.get(parentId);
      if (send === undefined || send.kind !== "send") continue;
      const from = placed.get(`${traceId}/${send.spanId}`);
      const to = placed.get(`${traceId}/${recv.spanId}`);
      if (from !== undefined && to !== undefined) flow("message", from, send.timestamp, to, recv.timestamp);
    }
  }
}

export function toChromeJson(traces: readonly Trace[]): string {
  const { displayTimeUnit, traceEvents } = exportChrome(traces);
  return `{"displayTimeUnit": ${JSON.stringify(displayTimeUnit)}, "traceEvents": [\n${traceEvents.map((e) => JSON.stringify(e)).join(",\n")}\n]}\n`;
}
