// Uber CRISP's span critical path (graph.py: sanitizeOverflowingChildren, computeCriticalPath,
// happensBefore, getMetrics), reproduced rule for rule:
// - the tree uses the (last) CHILD_OF reference; FOLLOWS_FROM is ignored, so a span reached only
//   through FOLLOWS_FROM is not on the request's path;
// - children are clipped to the parent (start before: shift start; end after: cut end), and one
//   that lies outside — or covers the parent on both sides — is dropped with its subtree; the
//   exception is a client→server call whose server span is at most server_lengthening_factor
//   (1.01) times the parent: it is treated as clock skew and kept unclipped (its duration capped
//   at the parent's);
// - the walk takes the last-finishing child, then every earlier sibling that happens before the
//   one last taken, where "before" allows an overlap under 1% of the parent's duration provided
//   no other child event falls in the overlap window;
// - the path is depth-first (a node, the path of its last child, then the earlier siblings');
//   exclusive time is a span's duration minus its path children's durations, summed per
//   operation and per call path, a negative total set to 0.

import type { CpOptions, CpSection, CpSpan, SpanCriticalPath } from "./types.ts";
import { opKey } from "./types.ts";
import { indexSpans, sortRoots } from "./tree.ts";

export const OVERLAP_ALLOWANCE_FRACTION = 0.01;
export const SERVER_LENGTHENING_FACTOR = 1.01;

interface Node {
  readonly span: CpSpan;
  readonly order: number;
  start: number;
  duration: number;
  end: number; // kept separately, as CRISP does: capping a skewed server's duration leaves it
  parent: Node | null;
  children: Node[];
}

export function crispParent(span: CpSpan): string | null {
  if (span.references.length === 0) return span.parentSpanID;
  let parent: string | null = null;
  for (const ref of span.references) if (ref.refType === "CHILD_OF") parent = ref.spanID;
  return parent;
}

function acceptableDuration(parent: Node, me: Node): boolean {
  return !(me.duration > SERVER_LENGTHENING_FACTOR * parent.duration);
}

function isClientServerCall(parent: Node, me: Node, siblings: number): boolean {
  if (siblings !== 1 || !acceptableDuration(parent, me)) return false;
  const meServer = me.span.kind === "server";
  const clean = meServer && parent.span.kind === "client";
  const fuzzy = meServer && parent.span.kind !== "server" && parent.parent?.span.kind === "server";
  const hostA = parent.span.host;
  const hostB = me.span.host;
  const differentHosts = hostA !== undefined && hostB !== undefined && hostA !== "" && hostB !== "" && hostA !== hostB;
  return clean || fuzzy || differentHosts;
}

function sanitizeOverflowingChildren(root: Node): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    const siblings = cur.children.length;
    const kept: Node[] = [];
    for (const c of cur.children) {
      if (isClientServerCall(cur, c, siblings)) {
        if (c.duration > cur.duration) c.duration = cur.duration;
        kept.push(c);
      } else if (c.start >= cur.start && c.end <= cur.end) {
        kept.push(c);
      } else if (c.start < cur.start && c.end <= cur.end && c.end > cur.start) {
        c.duration -= cur.start - c.start;
        c.start = cur.start;
        kept.push(c);
      } else if (c.start >= cur.start && c.end > cur.end && c.start < cur.end) {
        const shrunk = c.end - cur.end;
        c.duration -= shrunk;
        c.end -= shrunk;
        kept.push(c);
      }
    }
    cur.children = kept;
    for (let i = kept.length - 1; i >= 0; i--) stack.push(kept[i]!);
  }
}

function removeExcludedOps(root: Node, exclude: CpOptions["exclude"]): void {
  if (exclude === undefined || exclude.length === 0) return;
  const excluded = new Set(exclude.map(([service, op]) => `${service}\u0000${op}`));
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    cur.children = cur.children.filter((c) => !excluded.has(`${c.span.serviceName}\u0000${c.span.operationName}`));
    stack.push(...cur.children);
  }
}

/** Sorted start and end times of one parent's children, for counting events in a window. */
interface EventIndex {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

function eventIndex(children: readonly Node[]): EventIndex {
  const asc = (a: number, b: number): number => a - b;
  return { starts: children.map((c) => c.start).sort(asc), ends: children.map((c) => c.end).sort(asc) };
}

/** First index whose value is >= x (or > x when `strict`). */
function bound(sorted: readonly number[], x: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid]! <= x : sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** CRISP's numSyncEventsInWindowInclusive: child starts and ends within [from, to]. */
function syncEventsInWindow(index: EventIndex, from: number, to: number): number {
  const count = (xs: readonly number[]): number => Math.max(0, bound(xs, to, true) - bound(xs, from, false));
  return count(index.starts) + count(index.ends);
}

function happensBefore(parent: Node, index: () => EventIndex, before: Node, later: Node): boolean {
  if (before.end < later.start) return true;
  return (
    before.end < later.end &&
    before.start < later.start &&
    (before.end - later.start) / parent.duration < OVERLAP_ALLOWANCE_FRACTION &&
    syncEventsInWindow(index(), later.start, before.end) === 2
  );
}

/** Children by end time, latest first; ties latest-inserted first (Python's sorted()[::-1]). */
function byEndDescending(children: readonly Node[]): Node[] {
  return [...children].sort((a, b) => b.end - a.end || b.order - a.order);
}

function pathChildren(cur: Node): Node[] {
  if (cur.children.length === 0) return [];
  const sorted = byEndDescending(cur.children);
  let lrc = sorted[0]!;
  const chosen = [lrc];
  let cached: EventIndex | undefined;
  const index = (): EventIndex => (cached ??= eventIndex(sorted));
  for (const cn of sorted.slice(1)) {
    if (happensBefore(cur, index, cn, lrc)) {
      chosen.push(cn);
      lrc = cn;
    }
  }
  return chosen;
}

function selfSections(node: Node, kids: readonly Node[]): CpSection[] {
  const lo = node.start;
  const hi = node.start + node.duration;
  const busy = kids
    .map((k) => [Math.max(lo, k.start), Math.min(hi, k.start + k.duration)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const free: CpSection[] = [];
  let at = lo;
  for (const [a, b] of busy) {
    if (a > at) free.push({ spanID: node.span.spanID, start: at, end: a });
    if (b > at) at = b;
  }
  if (hi > at) free.push({ spanID: node.span.spanID, start: at, end: hi });
  return free.reverse();
}

function callPathOf(node: Node, cache: Map<Node, string>): string {
  const pending: Node[] = [];
  let cur: Node | null = node;
  while (cur !== null && !cache.has(cur)) {
    pending.push(cur);
    cur = cur.parent;
  }
  let prefix = cur === null ? undefined : cache.get(cur);
  for (let i = pending.length - 1; i >= 0; i--) {
    const own = opKey(pending[i]!.span);
    prefix = prefix === undefined ? own : `${prefix}->${own}`;
    cache.set(pending[i]!, prefix);
  }
  return prefix!;
}

export function crispCriticalPath(spans: readonly CpSpan[], options: CpOptions = {}): SpanCriticalPath {
  const { byId, ordered } = indexSpans(spans);
  const nodes = new Map<string, Node>();
  ordered.forEach((span, order) => {
    const end = span.startTime + span.duration;
    nodes.set(span.spanID, { span, order, start: span.startTime, duration: span.duration, end, parent: null, children: [] });
  });
  const roots: CpSpan[] = [];
  for (const span of ordered) {
    const me = nodes.get(span.spanID)!;
    const parentId = crispParent(span);
    const parent = parentId === null || parentId === span.spanID ? undefined : nodes.get(parentId);
    if (parent !== undefined) {
      me.parent = parent;
      parent.children.push(me);
    } else if (!isDetachedAsync(span, byId)) {
      roots.push(span);
    }
  }

  const path: Node[] = [];
  const chosenOf = new Map<Node, Node[]>();
  for (const rootSpan of sortRoots(roots)) {
    const root = nodes.get(rootSpan.spanID)!;
    sanitizeOverflowingChildren(root);
    removeExcludedOps(root, options.exclude);
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      path.push(cur);
      const chosen = pathChildren(cur);
      chosenOf.set(cur, chosen);
      for (let i = chosen.length - 1; i >= 0; i--) stack.push(chosen[i]!);
    }
  }

  const exclusive: Record<string, number> = {};
  const callPathExclusive: Record<string, number> = {};
  const cache = new Map<Node, string>();
  const withCallPaths = options.callPaths === true;
  for (const n of path) {
    exclusive[opKey(n.span)] = 0;
    if (withCallPaths) callPathExclusive[callPathOf(n, cache)] = 0;
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i]!;
    exclusive[opKey(n.span)]! += n.duration;
    if (withCallPaths) callPathExclusive[callPathOf(n, cache)]! += n.duration;
    if (n.parent !== null) {
      exclusive[opKey(n.parent.span)]! -= n.duration;
      if (withCallPaths) callPathExclusive[callPathOf(n.parent, cache)]! -= n.duration;
    }
  }
  for (const table of [exclusive, callPathExclusive]) {
    for (const key of Object.keys(table)) if (table[key]! < 0) table[key] = 0;
  }

  const sections = path.flatMap((n) => selfSections(n, chosenOf.get(n) ?? []));
  return { sections, path: path.map((n) => n.span.spanID), exclusive, callPathExclusive };
}

/** A span whose only links into the trace are FOLLOWS_FROM: async work CRISP leaves out. */
function isDetachedAsync(span: CpSpan, byId: ReadonlyMap<string, CpSpan>): boolean {
  if (span.parentSpanID !== null && span.parentSpanID !== span.spanID && byId.has(span.parentSpanID)) return true;
  return span.references.some((r) => r.spanID !== span.spanID && byId.has(r.spanID));
}
