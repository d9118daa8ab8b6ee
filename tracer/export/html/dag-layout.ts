// A layered drawing of an event DAG (Sugiyama style, kept small): each event's layer is its
// longest path from a source, so every edge points rightwards; within a layer, events sit near
// the mean height of their predecessors, then a few barycenter sweeps untangle crossings.

export interface DagLayout {
  /** Layer (column) and slot height of each node, in node order. */
  readonly layer: readonly number[];
  readonly y: readonly number[];
  readonly layers: number;
  /** Highest y + 1: the rows the drawing needs. */
  readonly rows: number;
}

const SWEEPS = 4;

/** Kahn's algorithm, lowest index first; nodes left on a cycle go last in index order. */
function topologicalOrder(n: number, parents: readonly number[][], children: readonly number[][]): number[] {
  const indeg = parents.map((p) => p.length);
  const ready: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) ready.push(v);
  const order: number[] = [];
  const placed = new Uint8Array(n);
  while (ready.length > 0) {
    ready.sort((a, b) => b - a);
    const v = ready.pop()!;
    order.push(v);
    placed[v] = 1;
    for (const c of children[v]!) if (--indeg[c]! === 0) ready.push(c);
  }
  for (let v = 0; v < n; v++) if (placed[v] === 0) order.push(v);
  return order;
}

export function layoutDag(n: number, edges: readonly (readonly [number, number])[]): DagLayout {
  const parents: number[][] = Array.from({ length: n }, () => []);
  const children: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    if (a === b || a < 0 || b < 0 || a >= n || b >= n) continue;
    parents[b]!.push(a);
    children[a]!.push(b);
  }
  const order = topologicalOrder(n, parents, children);
  const rank = new Int32Array(n);
  order.forEach((v, i) => (rank[v] = i));
  const layer = new Array<number>(n).fill(0);
  for (const v of order) {
    for (const p of parents[v]!) if (rank[p]! < rank[v]!) layer[v] = Math.max(layer[v]!, layer[p]! + 1);
  }
  const layers = layer.reduce((m, l) => Math.max(m, l + 1), 0);
  const columns: number[][] = Array.from({ length: layers }, () => []);
  for (const v of order) columns[layer[v]!]!.push(v);

  // Position within a column: barycenters of neighbours' positions, ties by topological rank.
  const pos = new Float64Array(n);
  for (const col of columns) col.forEach((v, i) => (pos[v] = i));
  const mean = (vs: readonly number[], fallback: number) => (vs.length === 0 ? fallback : vs.reduce((a, u) => a + pos[u]!, 0) / vs.length);
  const reorder = (col: number[], key: (v: number) => number) => {
    const keys = new Map(col.map((v) => [v, key(v)]));
    col.sort((a, b) => keys.get(a)! - keys.get(b)! || rank[a]! - rank[b]!);
    col.forEach((v, i) => (pos[v] = i));
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (let l = 1; l < layers; l++) reorder(columns[l]!, (v) => mean(parents[v]!, pos[v]!));
    for (let l = layers - 2; l >= 0; l--) reorder(columns[l]!, (v) => mean(children[v]!, pos[v]!));
  }

  // Heights: near the predecessors' mean, in column order, one slot apart at least.
  const y = new Array<number>(n).fill(0);
  for (const col of columns) {
    let next = 0;
    for (const v of col) {
      const ps = parents[v]!.filter((p) => layer[p]! < layer[v]!);
      const want = ps.length === 0 ? 0 : Math.round(ps.reduce((a, p) => a + y[p]!, 0) / ps.length);
      y[v] = Math.max(next, want);
      next = y[v]! + 1;
    }
  }
  const rows = y.reduce((m, v) => Math.max(m, v + 1), 0);
  return { layer, y, layers, rows };
}
