// Reachability over a chain decomposition: the engine of both transitive reductions.
//
// Nodes arrive in a topological order and each joins a chain (a totally ordered run of nodes).
// Because a chain is totally ordered, the nodes of chain c that precede a node v form a
// prefix, so v's whole past is the vector reach(v)[c] = last position in c that precedes v —
// a vector clock over chains. With k chains (about the trace's width: concurrent threads, since
// dead chains are reused) "does x precede v" is one array read, and the direct predecessors of
// v fall out of its candidates in O(k) per direct predecessor. No pairwise pass over events.

export const NONE = -1;

export class ChainIndex {
  /** chains[c] = node ids of chain c, in order. */
  readonly chains: number[][] = [];
  readonly chainOf: Int32Array;
  readonly position: Int32Array;
  /** reach[v][c]: last position in chain c that precedes or is v; shorter arrays mean NONE. */
  readonly reach: Int32Array[];

  /** placedAt[v]: v's rank in placement order (a topological order). */
  private readonly placedAt: Int32Array;
  private placed = 0;

  constructor(nodes: number) {
    this.placedAt = new Int32Array(nodes).fill(NONE);
    this.chainOf = new Int32Array(nodes).fill(NONE);
    this.position = new Int32Array(nodes).fill(NONE);
    this.reach = new Array<Int32Array>(nodes);
  }

  get width(): number {
    return this.chains.length;
  }

  /** Does x precede or equal v? Both must be placed. */
  precedes(x: number, v: number): boolean {
    const r = this.reach[v]!;
    const c = this.chainOf[x]!;
    return c < r.length && r[c]! >= this.position[x]!;
  }

  /**
   * Given v's past as per-chain last positions (`past`, NONE where none; v not included),
   * returns v's direct predecessors (the maximal elements of its past), ascending by node id,
   * places v on a chain, and records reach(v). `prefer` ranks chains v may extend, best first.
   */
  place(v: number, past: Int32Array, prefer: (tailA: number, tailB: number) => number): number[] {
    const k = this.chains.length;
    // Candidates: the last preceding node of each chain. Visit them latest-placed first: a
    // candidate is direct unless a later direct one already covers it.
    const candidates: number[] = [];
    for (let c = 0; c < k; c++) if (past[c]! !== NONE) candidates.push(this.chains[c]![past[c]!]!);
    candidates.sort((a, b) => this.placedAt[b]! - this.placedAt[a]!);
    const covered = new Int32Array(k).fill(NONE);
    const direct: number[] = [];
    for (const x of candidates) {
      const c = this.chainOf[x]!;
      if (covered[c]! >= this.position[x]!) continue;
      direct.push(x);
      const r = this.reach[x]!;
      for (let j = 0; j < r.length; j++) if (r[j]! > covered[j]!) covered[j] = r[j]!;
    }
    // Extend a chain whose tail precedes v (so the chain stays totally ordered), else open one.
    let chosen = NONE;
    for (let c = 0; c < k; c++) {
      const chain = this.chains[c]!;
      if (past[c] !== chain.length - 1) continue;
      if (chosen === NONE || prefer(chain[chain.length - 1]!, this.chains[chosen]![this.chains[chosen]!.length - 1]!) < 0) chosen = c;
    }
    if (chosen === NONE) {
      chosen = k;
      this.chains.push([]);
    }
    const chain = this.chains[chosen]!;
    this.chainOf[v] = chosen;
    this.position[v] = chain.length;
    chain.push(v);
    const r = new Int32Array(this.chains.length);
    for (let c = 0; c < r.length; c++) r[c] = c < k ? past[c]! : NONE;
    r[chosen] = chain.length - 1;
    this.reach[v] = r;
    this.placedAt[v] = this.placed++;
    return direct.sort((a, b) => a - b);
  }
}
