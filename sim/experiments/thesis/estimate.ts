// What a stored trace says a request's critical path was, by each method a tool could use: the
// DAG critical path (tracer/analysis/dag-critical-path) on a trace of events, and Jaeger UI's and
// CRISP's span heuristics (tracer/analysis/span-critical-path) on its spans (a DAG trace's spans
// are its projection). Each section is charged to the activity its span stands for, read from
// the stored span alone (see activitiesOf).
import type { SpanRecord, Trace } from "../../../tracer/index.ts";
import { dagCriticalPath } from "../../../tracer/analysis/dag-critical-path/index.ts";
import { dagFromParents, ReconstructionError, spansFromDag, transitiveReduction } from "../../../tracer/analysis/reconstruct/index.ts";
import { cpSpansFromRecords, spanCriticalPath } from "../../../tracer/analysis/span-critical-path/index.ts";
import { spansOf } from "../../../tracer/model/spans-of.ts";
import { activity } from "../../openstack/truth.ts";
import type { Activity } from "../../openstack/truth.ts";
import { NETWORK } from "./truth-path.ts";

export type Method = "dag" | "jaeger" | "crisp";
export const METHODS: readonly Method[] = ["dag", "jaeger", "crisp"];
export const METHOD_NAMES: Readonly<Record<Method, string>> = {
  dag: "DAG critical path",
  jaeger: "Jaeger UI's span heuristic",
  crisp: "CRISP's span heuristic",
};

export interface Section {
  readonly start: number;
  readonly end: number;
  readonly activity: Activity;
}

/**
 * The activity each stored span stands for, from what the span itself carries: a server or
 * consumer span names the operation it runs (`code.function.name`, OpenTelemetry's semantic
 * convention); a database or cache client span is the server's operation (`peer.service` and
 * `db.operation.name`); a root span is its own service and name; any other span (an HTTP or RPC
 * client span, an internal step, a marked wait) is part of its parent's activity.
 */
export function activitiesOf(spans: readonly SpanRecord[]): Map<string, Activity> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const out = new Map<string, Activity>();
  const own = (s: SpanRecord): Activity | undefined => {
    const fn = s.attributes["code.function.name"];
    if (typeof fn === "string") return activity(s.service, fn);
    const peer = s.attributes["peer.service"];
    const op = s.attributes["db.operation.name"];
    if (s.kind === "client" && typeof peer === "string" && typeof op === "string") return activity(peer, `${peer}.${op.toLowerCase()}`);
    if (s.parentSpanId === undefined || !byId.has(s.parentSpanId)) return activity(s.service, s.name);
    return undefined;
  };
  for (const s of spans) {
    const chain: SpanRecord[] = [];
    const seen = new Set<string>();
    let cur: SpanRecord | undefined = s;
    let found: Activity | undefined;
    while (cur !== undefined && !seen.has(cur.spanId)) {
      const known = out.get(cur.spanId) ?? own(cur);
      if (known !== undefined) {
        found = known;
        break;
      }
      seen.add(cur.spanId);
      chain.push(cur);
      cur = byId.get(cur.parentSpanId!);
    }
    // A parent cycle (malformed input) leaves the chain with its first span's own name.
    const a = found ?? activity(s.service, s.name);
    if (cur !== undefined && !out.has(cur.spanId)) out.set(cur.spanId, a);
    for (const c of chain) out.set(c.spanId, a);
  }
  return out;
}

function spanSections(spans: readonly SpanRecord[], semantics: "jaeger" | "crisp"): Section[] {
  const activities = activitiesOf(spans);
  // Jaeger: an exactly back-to-back sibling counts as a predecessor (CpOptions.backToBack), as a
  // real clock's gap would make it; the deterministic simulator produces such ties all the time.
  const cp = spanCriticalPath(cpSpansFromRecords(spans), semantics, { backToBack: semantics === "jaeger" });
  return cp.sections.map((s) => ({ start: s.start, end: s.end, activity: activities.get(s.spanID)! }));
}

/**
 * The sections `method` puts on the trace's critical path (host-clock times), or null when the
 * method does not apply to the stored data (the DAG path on a trace of spans) or the data cannot
 * be read (a DAG with a cycle).
 */
export function estimatedSections(trace: Trace, method: Method): Section[] | null {
  if (trace.events.length > 0) {
    let dag;
    try {
      dag = transitiveReduction(dagFromParents(trace));
    } catch (e) {
      if (e instanceof ReconstructionError) return null;
      throw e;
    }
    const spans = spansFromDag(dag);
    if (method !== "dag") return spanSections(spans, method);
    const activities = activitiesOf(spans);
    const cp = dagCriticalPath(dag, { spans });
    // A message's section is the network's, whichever span the walk charges it to.
    return cp.sections.map((s) => ({ start: s.start, end: s.end, activity: s.kind === "network" ? NETWORK : (activities.get(s.spanId) ?? activity(s.service, s.operation)) }));
  }
  if (method === "dag") return null;
  return spanSections(spansOf(trace), method);
}
