// Reconstruction from explicit parent event ids (X-Trace's model): each event names its direct
// predecessors. A parent the trace does not hold was lost; the event keeps no edge for it —
// it becomes a root of what remains — and the trace is marked partial with the id named.
import type { Trace, TraceEvent } from "../../model/types.ts";
import { ChainIndex } from "./chains.ts";
import { buildDag, indexEvents } from "./order.ts";
import { ReconstructionError } from "./types.ts";
import type { Dag, MissingParent } from "./types.ts";

export function dagFromParents(trace: Pick<Trace, "traceId" | "events">): Dag {
  const { traceId, events } = trace;
  const index = indexEvents(traceId, events);
  const missing = new Map<string, string[]>();
  const parents = events.map((e) => {
    const ps: number[] = [];
    for (const id of e.parents) {
      if (id === e.eventId) throw new ReconstructionError("self-parent", traceId, e.eventId, "event names itself as a parent");
      const p = index.get(id);
      if (p === undefined) {
        const refs = missing.get(id);
        if (refs) refs.push(e.eventId);
        else missing.set(id, [e.eventId]);
      } else if (!ps.includes(p)) ps.push(p);
    }
    return ps;
  });
  const missingList: MissingParent[] = [...missing]
    .map(([eventId, referencedBy]) => ({ eventId, referencedBy: [...new Set(referencedBy)].sort() }))
    .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
  return buildDag({ traceId, source: "explicit", events, parents, missing: missingList, gaps: [], indistinct: [] });
}

/**
 * Ranks the chain tails an event may follow: same span, then same host (lower is better), so
 * chains follow threads and stay few. Only speed depends on it, never the result.
 */
export function threadScore(events: readonly TraceEvent[]): (v: number, tail: number) => number {
  const span = interned(events, (e) => e.spanId);
  const host = interned(events, (e) => e.host);
  return (v, tail) => (span[tail] === span[v] ? 0 : 2) + (host[tail] === host[v] ? 0 : 1);
}

/** Small integers standing for a string field, so hot comparisons read a plain array. */
function interned(events: readonly TraceEvent[], field: (e: TraceEvent) => string): number[] {
  const ids = new Map<string, number>();
  return events.map((e) => {
    const k = field(e);
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = ids.size));
    return id;
  });
}

/**
 * The same DAG without redundant edges (an edge a→c when a→…→c also exists), so two
 * reconstructions can be compared edge for edge. Linear in edges times the trace's width.
 */
export function transitiveReduction(dag: Dag): Dag {
  const n = dag.events.length;
  const chains = new ChainIndex(n);
  const parents: number[][] = [];
  const score = threadScore(dag.events);
  try {
    for (let v = 0; v < n; v++) {
      chains.beginPast();
      for (const p of dag.parents[v]!) chains.absorb(p);
      parents.push(chains.place(v, score));
    }
  } finally {
    chains.release();
  }
  return buildDag({ ...dag, parents });
}
