// Small helpers shared by both semantics for turning a span list into a tree.

import type { CpSpan } from "./types.ts";

/** Spans by id, keeping the first of any duplicated id, and the list in input order. */
export function indexSpans(spans: readonly CpSpan[]): { byId: Map<string, CpSpan>; ordered: CpSpan[] } {
  const byId = new Map<string, CpSpan>();
  const ordered: CpSpan[] = [];
  for (const span of spans) {
    if (byId.has(span.spanID)) continue;
    byId.set(span.spanID, span);
    ordered.push(span);
  }
  return { byId, ordered };
}

export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Roots by start time; Array.prototype.sort is stable, so ties keep input order. */
export function sortRoots(roots: readonly CpSpan[]): CpSpan[] {
  return [...roots].sort((a, b) => a.startTime - b.startTime);
}
