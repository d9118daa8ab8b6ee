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

type CallPaths = ReadonlyMap<string, { span: SpanRecord; path: string }>;

const WAIT_KINDS: ReadonlySet<string> = new Set(["queue", "retry", "timeout"]);

function waitStartedBy(e: TraceEvent): SectionKind | undefined {
  const w = e.attributes?.["wait"];
  if (typeof w === "string" && WAIT_KINDS.has(w)) return w as SectionKind;
  if (e.kind !== "annotate") return undefined;
  const name = e.name.toLowerCase();
  if (name.startsWith("queue")) return "queue";
  if (name.startsWith("retry") || name.startsWith("backoff")) return "retry";
  if (name.startsWith("timeout")) return "timeout";
  return undefined;
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

/** The sections for the step a → b (a a direct predecessor of b), latest first. */
export function labelStep(a: TraceEvent, b: TraceEvent, callPaths: CallPaths): DagSection[] {
  const network = a.host !== b.host || (a.kind === "send" && a.spanId !== b.spanId);
  const ownerSpan = ownerOf(a, b, network, callPaths);
  const owner = ownerSpan === a.spanId ? a : b;
  const info = callPaths.get(ownerSpan);
  const base = {
    from: a.eventId,
    to: b.eventId,
    spanId: ownerSpan,
    service: info?.span.service ?? owner.service,
    operation: info?.span.name ?? owner.name,
    callPath: info?.path ?? `[${owner.service}] ${owner.name}`,
  };
  if (network) return [{ ...base, start: a.timestamp, end: b.timestamp, kind: "network" }];
  const started = waitStartedBy(a);
  if (started !== undefined) return [{ ...base, start: a.timestamp, end: b.timestamp, kind: started }];
  const queued = b.attributes?.["queue.wait"];
  if (typeof queued === "number" && queued > 0 && b.timestamp > a.timestamp) {
    const split = Math.max(a.timestamp, b.timestamp - queued);
    const out: DagSection[] = [{ ...base, start: split, end: b.timestamp, kind: "queue" }];
    if (split > a.timestamp) out.push({ ...base, start: a.timestamp, end: split, kind: "work" });
    return out;
  }
  return [{ ...base, start: a.timestamp, end: b.timestamp, kind: "work" }];
}
