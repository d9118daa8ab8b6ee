// Jaeger UI's span critical path (packages/jaeger-ui/src/components/TracePage/CriticalPath),
// reproduced rule for rule:
// - the tree is built from each span's first reference; children are ordered by start time
//   (stable), as Jaeger's trace tree sorts them;
// - a consumer child of a producer parent is non-blocking and left out with its subtree;
// - children are clipped to their parent in depth-first order, so clipping carries down, and a
//   child wholly outside its parent is dropped with its subtree;
// - the walk takes the last-finishing child, and on the way back only a sibling that ends
//   strictly before the returning child's start (`childEnd < returningChildStartTime`);
// - sections are emitted latest first, zero-length ones omitted, adjacent ones not merged.
// Two deliberate departures from the UI's code: a returning start time of 0 counts as a time
// (the UI tests it for truthiness, which at 0 re-picks the last child forever), and a root whose
// parent is missing from the trace is still walked (the UI's sanitizer deletes it).

import type { CpOptions, CpSection, CpSpan, SpanCriticalPath } from "./types.ts";
import { opKey } from "./types.ts";
import { addTo, indexSpans, sortRoots } from "./tree.ts";

interface Node {
  readonly span: CpSpan;
  readonly parent: string | null;
  start: number;
  end: number;
  children: string[];
}

export function jaegerParent(span: CpSpan): string | null {
  const first = span.references[0];
  return first !== undefined ? first.spanID : span.parentSpanID;
}

function isNonBlocking(parent: CpSpan, child: CpSpan): boolean {
  return parent.kind === "producer" && child.kind === "consumer";
}

/** The root's subtree in depth-first pre-order, non-blocking branches pruned. */
function buildSubtree(
  root: CpSpan,
  childrenOf: ReadonlyMap<string, readonly CpSpan[]>,
): Map<string, Node> {
  const nodes = new Map<string, Node>();
  const stack: { span: CpSpan; parent: string | null }[] = [{ span: root, parent: null }];
  while (stack.length > 0) {
    const { span, parent } = stack.pop()!;
    if (nodes.has(span.spanID)) continue;
    const blocking = (childrenOf.get(span.spanID) ?? []).filter((c) => !isNonBlocking(span, c));
    nodes.set(span.spanID, {
      span,
      parent,
      start: span.startTime,
      end: span.startTime + span.duration,
      children: blocking.map((c) => c.spanID),
    });
    for (let i = blocking.length - 1; i >= 0; i--) stack.push({ span: blocking[i]!, parent: span.spanID });
  }
  return nodes;
}

/** Clip children to parents in pre-order (Map order), so a parent is final before its children. */
function sanitizeOverflowingChildren(nodes: Map<string, Node>): void {
  for (const [id, node] of [...nodes]) {
    if (node.parent === null) continue;
    const parent = nodes.get(node.parent);
    if (parent === undefined) {
      nodes.delete(id); // its parent was dropped: the whole subtree goes
      continue;
    }
    const drop = (): void => {
      nodes.delete(id);
      parent.children = parent.children.filter((c) => c !== id);
    };
    if (node.start >= parent.start) {
      if (node.start >= parent.end) drop();
      else if (node.end > parent.end) node.end = parent.end;
    } else if (node.end <= parent.start) {
      drop();
    } else {
      node.start = parent.start;
      if (node.end > parent.end) node.end = parent.end;
    }
  }
}

/**
 * Jaeger's findLastFinishingChildSpan: the child with the greatest end (strictly before the
 * returning child's start when there is one), the first in child order on ties. Returning start
 * times only decrease at a node, so a cursor over the children sorted by end (latest first,
 * child order on ties) answers each query in amortised O(1) instead of a scan.
 */
function lastFinishingChild(
  nodes: ReadonlyMap<string, Node>,
  node: Node,
  returningStart: number | undefined,
  cursors: Map<Node, { byEnd: Node[]; at: number }>,
  backToBack: boolean,
): Node | undefined {
  let cursor = cursors.get(node);
  if (cursor === undefined) {
    const kids = node.children.map((id) => nodes.get(id)).filter((c): c is Node => c !== undefined);
    const order = new Map(kids.map((k, i) => [k, i]));
    const byEnd = [...kids].sort((a, b) => b.end - a.end || order.get(a)! - order.get(b)!);
    cursor = { byEnd, at: 0 };
    cursors.set(node, cursor);
  }
  if (backToBack) {
    // Each child is taken at most once: with `<=` a zero-length child would otherwise be its
    // own predecessor forever.
    if (returningStart !== undefined) {
      while (cursor.at < cursor.byEnd.length && !(cursor.byEnd[cursor.at]!.end <= returningStart)) cursor.at++;
    }
    return cursor.byEnd[cursor.at++];
  }
  if (returningStart === undefined) return cursor.byEnd[0];
  while (cursor.at < cursor.byEnd.length && !(cursor.byEnd[cursor.at]!.end < returningStart)) cursor.at++;
  return cursor.byEnd[cursor.at];
}

function walk(nodes: ReadonlyMap<string, Node>, rootId: string, out: CpSection[], backToBack: boolean): void {
  let current = nodes.get(rootId);
  let returningStart: number | undefined;
  const cursors = new Map<Node, { byEnd: Node[]; at: number }>();
  while (current !== undefined) {
    const sectionEnd = returningStart !== undefined ? returningStart : current.end;
    const lfc = lastFinishingChild(nodes, current, returningStart, cursors, backToBack);
    if (lfc !== undefined) {
      if (lfc.end !== sectionEnd) out.push({ spanID: current.span.spanID, start: lfc.end, end: sectionEnd });
      current = lfc;
      returningStart = undefined;
    } else {
      if (current.start !== sectionEnd) {
        out.push({ spanID: current.span.spanID, start: current.start, end: sectionEnd });
      }
      if (current.span.spanID === rootId || current.parent === null) return;
      returningStart = current.start;
      current = nodes.get(current.parent);
    }
  }
}

export function jaegerCriticalPath(spans: readonly CpSpan[], options: CpOptions = {}): SpanCriticalPath {
  const { byId, ordered } = indexSpans(spans);
  const childrenOf = new Map<string, CpSpan[]>();
  const roots: CpSpan[] = [];
  for (const span of ordered) {
    const parent = jaegerParent(span);
    if (parent === null || parent === span.spanID || !byId.has(parent)) roots.push(span);
    else addTo(childrenOf, parent, span);
  }
  for (const list of childrenOf.values()) list.sort((a, b) => a.startTime - b.startTime);

  const sections: CpSection[] = [];
  for (const root of sortRoots(roots)) {
    const nodes = buildSubtree(root, childrenOf);
    sanitizeOverflowingChildren(nodes);
    walk(nodes, root.spanID, sections, options.backToBack === true);
  }

  const exclusive: Record<string, number> = {};
  const callPathExclusive: Record<string, number> = {};
  const path: string[] = [];
  const seen = new Set<string>();
  for (const s of sections) {
    const span = byId.get(s.spanID)!;
    const key = opKey(span);
    exclusive[key] = (exclusive[key] ?? 0) + (s.end - s.start);
    if (options.callPaths === true) {
      const cp = callPath(span, byId);
      callPathExclusive[cp] = (callPathExclusive[cp] ?? 0) + (s.end - s.start);
    }
    if (!seen.has(s.spanID)) {
      seen.add(s.spanID);
      path.push(s.spanID);
    }
  }
  return { sections, path, exclusive, callPathExclusive };
}

function callPath(span: CpSpan, byId: ReadonlyMap<string, CpSpan>): string {
  const names: string[] = [];
  const visited = new Set<string>();
  let cur: CpSpan | undefined = span;
  while (cur !== undefined && !visited.has(cur.spanID)) {
    visited.add(cur.spanID);
    names.push(opKey(cur));
    const parent = jaegerParent(cur);
    cur = parent === null ? undefined : byId.get(parent);
  }
  return names.reverse().join("->");
}
