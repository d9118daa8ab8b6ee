// Edge-for-edge comparison of two reconstructions of one trace (explicit ids vs ITC stamps).
import { transitiveReduction } from "./explicit.ts";
import type { Dag } from "./types.ts";

export interface DagComparison {
  readonly agree: boolean;
  /** Edges `parentId→childId` only in the first / only in the second DAG (both reduced), sorted. */
  readonly onlyInFirst: readonly string[];
  readonly onlyInSecond: readonly string[];
  readonly eventsOnlyInFirst: readonly string[];
  readonly eventsOnlyInSecond: readonly string[];
}

export function edgeList(dag: Dag): string[] {
  const out: string[] = [];
  dag.parents.forEach((ps, c) => ps.forEach((p) => out.push(`${dag.events[p]!.eventId}→${dag.events[c]!.eventId}`)));
  return out.sort();
}

/** Compares the transitive reductions, so a redundant recorded edge is not a disagreement. */
export function compareDags(first: Dag, second: Dag): DagComparison {
  const a = new Set(edgeList(transitiveReduction(first)));
  const b = new Set(edgeList(transitiveReduction(second)));
  const onlyInFirst = [...a].filter((e) => !b.has(e)).sort();
  const onlyInSecond = [...b].filter((e) => !a.has(e)).sort();
  const ea = new Set(first.events.map((e) => e.eventId));
  const eb = new Set(second.events.map((e) => e.eventId));
  const eventsOnlyInFirst = [...ea].filter((e) => !eb.has(e)).sort();
  const eventsOnlyInSecond = [...eb].filter((e) => !ea.has(e)).sort();
  const agree = onlyInFirst.length + onlyInSecond.length + eventsOnlyInFirst.length + eventsOnlyInSecond.length === 0;
  return { agree, onlyInFirst, onlyInSecond, eventsOnlyInFirst, eventsOnlyInSecond };
}
