// The structure every imported trace must have, whatever its file format: span ids unique within
// the trace, no span its own parent, no cycle of parent or reference edges, no span ending before
// it starts. A file that breaks one of these is refused with a message naming the span (analysis
// walks parent edges; a repeated id or a cycle would make those walks meaningless, or endless).
// A parent that is not in the trace is normal in partial traces (a service that does not report,
// a span dropped on the way): such spans are taken as roots, with a warning.
//
// Linear in the number of spans and iterative, so a million-span trace is checked in one pass.

import { TraceFileError } from "./errors.ts";

export interface SpanShape {
  readonly id: string;
  /** The parent span id (a CHILD_OF reference, `parentSpanId`), or null for a root. */
  readonly parent: string | null;
  /** Other spans of the same trace it references (FOLLOWS_FROM, links), parent excluded or not. */
  readonly refs: readonly string[];
  /** Where the span is in the file: a JSON path such as `$.data[0].spans[3]`. */
  readonly where: string;
  /** Set when the span ends before it starts: the times as the file gives them, for the message. */
  readonly endsBeforeStart?: string;
}

/** At most this many orphan warnings are spelled out per trace; the rest are counted. */
const MAX_ORPHAN_WARNINGS = 3;

/**
 * Refuses a trace whose spans break the structure above (TraceFileError naming the span); returns
 * warnings for spans whose parent is not in the trace. `prefix` goes before the JSON path (e.g.
 * "line 3: " for JSON Lines).
 */
export function checkTraceStructure(traceId: string, spans: readonly SpanShape[], file: string, prefix = ""): string[] {
  const fail = (s: SpanShape, problem: string): never => {
    throw new TraceFileError(file, `${prefix}${s.where}`, problem);
  };
  const index = new Map<string, number>();
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    const seen = index.get(s.id);
    if (seen !== undefined) fail(s, `span ${JSON.stringify(s.id)} repeats the span id of ${spans[seen]!.where} in trace ${JSON.stringify(traceId)}; span ids must be unique within a trace`);
    index.set(s.id, i);
    if (s.endsBeforeStart !== undefined) fail(s, `span ${JSON.stringify(s.id)} ends before it starts (${s.endsBeforeStart})`);
  }
  // Edges as span indices: the parent first, then the other references, each once.
  const edges: number[][] = new Array(spans.length);
  const warnings: string[] = [];
  let orphans = 0;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    const out: number[] = [];
    const add = (id: string, what: string): void => {
      if (id === s.id) fail(s, `span ${JSON.stringify(s.id)} ${what === "parent" ? "is its own parent" : "references itself"}`);
      const j = index.get(id);
      if (j !== undefined && !out.includes(j)) out.push(j);
    };
    if (s.parent !== null) {
      add(s.parent, "parent");
      if (!index.has(s.parent)) {
        orphans++;
        if (orphans <= MAX_ORPHAN_WARNINGS) {
          warnings.push(`${file}: ${prefix}${s.where}: span ${JSON.stringify(s.id)}'s parent ${JSON.stringify(s.parent)} is not in trace ${JSON.stringify(traceId)} (a partial trace); the span is taken as a root`);
        }
      }
    }
    for (const r of s.refs) add(r, "reference");
    edges[i] = out;
  }
  if (orphans > MAX_ORPHAN_WARNINGS) {
    warnings.push(`${file}: trace ${JSON.stringify(traceId)}: ${orphans - MAX_ORPHAN_WARNINGS} more spans whose parent is not in the trace`);
  }
  const cycle = findCycle(edges);
  if (cycle !== undefined) {
    const names = [...cycle, cycle[0]!].map((i) => JSON.stringify(spans[i]!.id)).join(" → ");
    fail(spans[cycle[0]!]!, `spans ${names} reference each other in a cycle; a span's parent and references must lead back to a root`);
  }
  return warnings;
}

/** A cycle of edges (span indices, in edge order), or undefined. Iterative three-colour DFS. */
function findCycle(edges: readonly (readonly number[])[]): number[] | undefined {
  const n = edges.length;
  // 0 unvisited, 1 on the current path, 2 done.
  const colour = new Uint8Array(n);
  const next = new Uint32Array(n);
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    if (colour[start] !== 0) continue;
    colour[start] = 1;
    path.push(start);
    while (path.length > 0) {
      const v = path[path.length - 1]!;
      const out = edges[v]!;
      if (next[v]! < out.length) {
        const w = out[next[v]!++]!;
        if (colour[w] === 1) return path.slice(path.lastIndexOf(w));
        if (colour[w] === 0) {
          colour[w] = 1;
          path.push(w);
        }
      } else {
        colour[v] = 2;
        path.pop();
      }
    }
  }
  return undefined;
}
