// Reachability over a chain decomposition: the engine of both transitive reductions.
//
// Nodes arrive in a topological order and each joins a chain (a totally ordered run of nodes).
// Because a chain is totally ordered, the nodes of chain c that precede a node v form a
// prefix, so v's whole past is the vector reach(v)[c] = last position in c that precedes v —
// a vector clock over chains. With k chains (about the trace's width: concurrent threads, since
// dead chains are reused) "does x precede v" is one array read, and the direct predecessors of
// v fall out of its candidates in O(k) per direct predecessor. No pairwise pass over events.
// Reach vectors live in one flat Int32Array (row per node, `stride` columns), grown by doubling.

export const NONE = -1;

// Typed-array backing stores live outside the JS heap, and allocating fresh ones per trace
// drives full garbage collections; one buffer, handed from index to index, avoids that.
// Reconstruction is synchronous, so at most one index holds it at a time.
let spare: Int32Array | undefined;

function take(size: number): Int32Array {
  const s = spare;
  spare = undefined;
  if (s !== undefined && s.length >= size) return s.subarray(0, size);
  return new Int32Array(Math.max(size, 1024));
}

export class ChainIndex {
  /** chains[c] = node ids of chain c, in order. */
  readonly chains: number[][] = [];
  chainOf: Int32Array;
  position: Int32Array;
  /** placedAt[v]: v's rank in placement order (a topological order). */
  private placedAt: Int32Array;
  private placed = 0;
  private stride = 8;
  private reachRows: Int32Array;
  /** Scratch: the past of the node being placed, and the coverage of its direct predecessors. */
  past: Int32Array;
  private covered: Int32Array;
  private candidates: Int32Array;

  private store: Int32Array;

  constructor(private readonly nodes: number) {
    // One buffer: placedAt, chainOf, position (n each), then the reach rows.
    this.store = take(nodes * (3 + this.stride)).fill(NONE);
    this.placedAt = this.store.subarray(0, nodes);
    this.chainOf = this.store.subarray(nodes, 2 * nodes);
    this.position = this.store.subarray(2 * nodes, 3 * nodes);
    this.reachRows = this.store.subarray(3 * nodes);
    this.past = new Int32Array(this.stride);
    this.covered = new Int32Array(this.stride);
    this.candidates = new Int32Array(this.stride);
  }

  /** Hands the buffer on to the next index; this one must not be used afterwards. */
  release(): void {
    const whole = new Int32Array(this.store.buffer);
    if (spare === undefined || spare.length < whole.length) spare = whole;
  }

  get width(): number {
    return this.chains.length;
  }

  /** reach(v)[c]: the last position in chain c that precedes or is v (NONE if none). */
  reach(v: number, c: number): number {
    return this.reachRows[v * this.stride + c]!;
  }

  /** Does x precede or equal v? Both must be placed. */
  precedes(x: number, v: number): boolean {
    return this.reachRows[v * this.stride + this.chainOf[x]!]! >= this.position[x]!;
  }

  /** Starts placing a node: clears `past` (v's past, per chain, to be filled by the caller). */
  beginPast(): Int32Array {
    this.past.fill(NONE);
    return this.past;
  }

  /** past := max(past, reach(x)): x and everything before it precede the node being placed. */
  absorb(x: number): void {
    const k = this.chains.length;
    const base = x * this.stride;
    const rows = this.reachRows;
    const past = this.past;
    for (let c = 0; c < k; c++) {
      const r = rows[base + c]!;
      if (r > past[c]!) past[c] = r;
    }
  }

  /**
   * Places v after `beginPast` + `absorb`/direct writes to `past`: returns v's direct
   * predecessors (the maximal elements of its past), ascending, puts v on a chain and records
   * reach(v). `score(tail)` ranks chains v may extend (lower is better; ties go to the latest).
   */
  place(v: number, score: (v: number, tail: number) => number): number[] {
    const k = this.chains.length;
    const past = this.past;
    // Candidates: the last preceding node of each chain, latest placed first; a candidate is
    // direct unless a later direct one already covers it.
    const cand = this.candidates;
    let m = 0;
    for (let c = 0; c < k; c++) {
      const p = past[c]!;
      if (p === NONE) continue;
      const x = this.chains[c]![p]!;
      const at = this.placedAt[x]!;
      let i = m++;
      while (i > 0 && this.placedAt[cand[i - 1]!]! < at) {
        cand[i] = cand[i - 1]!;
        i--;
      }
      cand[i] = x;
    }
    const covered = this.covered;
    covered.fill(NONE, 0, k);
    const direct: number[] = [];
    const rows = this.reachRows;
    for (let i = 0; i < m; i++) {
      const x = cand[i]!;
      if (covered[this.chainOf[x]!]! >= this.position[x]!) continue;
      direct.push(x);
      const base = x * this.stride;
      for (let c = 0; c < k; c++) {
        const r = rows[base + c]!;
        if (r > covered[c]!) covered[c] = r;
      }
    }
    // Extend a chain whose tail precedes v (so the chain stays totally ordered), else open one.
    let chosen = NONE;
    let best = 0;
    let bestAt = 0;
    for (let c = 0; c < k; c++) {
      const chain = this.chains[c]!;
      if (past[c] !== chain.length - 1) continue;
      const tail = chain[chain.length - 1]!;
      const s = score(v, tail);
      const at = this.placedAt[tail]!;
      if (chosen === NONE || s < best || (s === best && at > bestAt)) {
        chosen = c;
        best = s;
        bestAt = at;
      }
    }
    if (chosen === NONE) {
      chosen = k;
      this.chains.push([]);
      if (this.chains.length > this.stride) this.grow();
    }
    const chain = this.chains[chosen]!;
    this.chainOf[v] = chosen;
    this.position[v] = chain.length;
    chain.push(v);
    const out = this.reachRows; // may have grown above
    const base = v * this.stride;
    for (let c = 0; c < k; c++) out[base + c] = past[c]!;
    out[base + chosen] = chain.length - 1;
    this.placedAt[v] = this.placed++;
    if (direct.length > 1) direct.sort((a, b) => a - b);
    return direct;
  }

  private grow(): void {
    const old = this.stride;
    const stride = old * 2;
    const n = this.nodes;
    const store = new Int32Array(n * (3 + stride)).fill(NONE);
    store.set(this.store.subarray(0, 3 * n));
    const rows = store.subarray(3 * n);
    for (let v = 0; v < n; v++) rows.set(this.reachRows.subarray(v * old, v * old + old), v * stride);
    this.store = store;
    this.placedAt = store.subarray(0, n);
    this.chainOf = store.subarray(n, 2 * n);
    this.position = store.subarray(2 * n, 3 * n);
    this.reachRows = rows;
    this.stride = stride;
    const past = new Int32Array(stride).fill(NONE);
    past.set(this.past);
    this.past = past;
    this.covered = new Int32Array(stride);
    this.candidates = new Int32Array(stride);
  }
}
