// The event queue: a binary min-heap keyed by (time, insertion sequence), stored as parallel
// arrays so comparisons never allocate. Equal times pop in the order they were pushed.

export class EventQueue<T> {
  private times: number[] = [];
  private seqs: number[] = [];
  private items: (T | undefined)[] = [];
  size = 0;
  /** Sequence number the next push will get; also the count of pushes so far. */
  nextSeq = 0;
  /** Key of the item most recently returned by pop(). */
  poppedTime = 0;
  poppedSeq = 0;

  push(time: number, item: T): number {
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const seq = this.nextSeq++;
    let i = this.size++;
    // The new sequence number is the largest so far, so an equal-time parent always wins.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt <= time) break;
      times[i] = pt;
      seqs[i] = seqs[p]!;
      items[i] = items[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = item;
    return seq;
  }

  /** Time of the earliest item; Infinity when empty. */
  peekTime(): number {
    return this.size === 0 ? Infinity : this.times[0]!;
  }

  pop(): T {
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const top = items[0] as T;
    this.poppedTime = times[0]!;
    this.poppedSeq = seqs[0]!;
    const n = --this.size;
    if (n > 0) {
      const t = times[n]!;
      const s = seqs[n]!;
      const it = items[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let ct = times[c]!;
        let cs = seqs[c]!;
        const r = c + 1;
        if (r < n) {
          const rt = times[r]!;
          if (rt < ct || (rt === ct && seqs[r]! < cs)) {
            c = r;
            ct = rt;
            cs = seqs[r]!;
          }
        }
        if (t < ct || (t === ct && s < cs)) break;
        times[i] = ct;
        seqs[i] = cs;
        items[i] = items[c];
        i = c;
      }
      times[i] = t;
      seqs[i] = s;
      items[i] = it;
    }
    items[n] = undefined;
    return top;
  }
}
