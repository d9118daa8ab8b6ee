// Finds where a path points inside the YAML (or JSON) text, for file:line:column in errors.
import type { Document, LineCounter, Node } from "yaml";
import { isCollection, isMap, isScalar } from "yaml";
import type { PathSegment } from "./path.ts";

/** Line and column (1-based) of the node at `path`, or of its nearest existing ancestor. */
export function locate(doc: Document, lines: LineCounter, path: readonly PathSegment[]): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const seg of path) {
    if (!isCollection(node)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === undefined) break;
      // A key with no usable value is best shown at the key itself.
      const valueStart = rangeStart(pair.value);
      offset = valueStart ?? rangeStart(pair.key) ?? offset;
      node = pair.value;
      if (valueStart === undefined) break;
    } else {
      const item = node.items[Number(seg)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    }
  }
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** Line and column of an unknown key itself (not its value). */
export function locateKey(doc: Document, lines: LineCounter, path: readonly PathSegment[]): { line: number; column: number } | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path.at(-1)));
    const start = pair === undefined ? undefined : rangeStart(pair.key);
    if (start !== undefined) {
      const pos = lines.linePos(start);
      return { line: pos.line, column: pos.col };
    }
  }
  return locate(doc, lines, path);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range === undefined || range === null ? undefined : range[0];
}
