// Labels one step of the critical-path walk: whose time it was and what kind.
//
// Conventions trace points use to mark waiting (the model's instrumentation writes them):
//  - an event with attribute `queue.wait` = n (ns) ends a wait for a pool slot: the last n ns
//    of the step into it are `queue`, the rest `work`;
//  - an event with attribute `wait` = "queue" | "retry" | "timeout" (or an `annotate` event
//    named `queue…`, `retry…`, `backoff…`, `timeout…`) starts a wait: the step after it is that kind;
//  - a step between two hosts is `network` (a message), charged to the receiving span.
import type { SpanRecord, TraceEvent } from "../../model/types.ts";
import type { DagSection, SectionKind } from "./types.ts";

export type CallPaths = ReadonlyMap<string, { span: SpanRecord; path: string }>;

const WAIT_KINDS: ReadonlySet<string> = new Set(["queue", "retry", "timeout"]);

/** The wait an event starts, if it marks one. */
export function waitStartedBy(e: TraceEvent): SectionKind | undefined {
  const w = e.attributes?.["wait"];
  if (typeof w === "string" && WAIT_KINDS.has(w)) return w as SectionKind;
  if (e.kind !== "annotate") return undefined;
  const name = e.name.toLowerCase();
  if (name.startsWith("queue")) return "queue";
  if (name.startsWith("retry") || name.startsWith("backoff")) return "retry";
  if (name.startsWith("timeout")) return "timeout";
  return undefined;
}

/** The ns of queueing an event says ended at it (0 when none). */
export function queueWaitEndingAt(e: TraceEvent): number {
  const q = e.attributes?.["queue.wait"];
  return typeof q === "number" && q > 0 ? q : 0;
}

/**
 * Whose time the step a → b is: a message's, the receiver's; before a child starts, the
 * parent's (between one sibling's end and the next's start, their parent's); otherwise the
 * span of the event that ends the step.
 */
function ownerOf(a: TraceEvent, b: TraceEvent, network: boolean, callPaths: CallPaths): string {
  if (network || a.spanId === b.spanId || b.kind !== "start") return b.spanId;
  if (a.kind !== "end") return a.spanId;
  return callPaths.get(b.spanId)?.span.parentSpanId ?? a.spanId;
}

function section(a: TraceEvent, b: TraceEvent, owner: string, fallback: TraceEvent, callPaths: CallPaths, start: number, end: number, kind: SectionKind): DagSection {
  const info = callPaths.get(owner);
  return {
    from: a.eventId,
    to: b.eventId,
    start,
    end,
    spanId: owner,
    service: info === undefined ? fallback.service : info.span.service,
    operation: info === undefined ? fallback.name : info.span.name,
    kind,
    callPath: info === undefined ? `[${fallback.service}] ${fallback.name}` : info.path,
  };
}

/** Appends the sections for the step a → b (a a direct predecessor of b), latest first. */
export function labelStep(a: TraceEvent, b: TraceEvent, aWait: SectionKind | undefined, bQueue: number, callPaths: CallPaths, out: DagSection[]): void {
  const network = a.host !== b.host || (a.kind === "send" && a.spanId !== b.spanId);
  const owner = ownerOf(a, b, network, callPaths);
  const fallback = owner === a.spanId ? a : b;
  const ta = a.timestamp;
  const tb = b.timestamp;
  if (network) out.push(section(a, b, owner, fallback, callPaths, ta, tb, "network"));
  else if (aWait !== undefined) out.push(section(a, b, owner, fallback, callPaths, ta, tb, aWait));
  else if (bQueue > 0 && tb > ta) {
    const split = Math.max(ta, tb - bQueue);
    out.push(section(a, b, owner, fallback, callPaths, split, tb, "queue"));
    if (split > ta) out.push(section(a, b, owner, fallback, callPaths, ta, split, "work"));
  } else out.push(section(a, b, owner, fallback, callPaths, ta, tb, "work"));
}
