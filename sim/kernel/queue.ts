// The event queue: items keyed by (time, insertion sequence); equal times pop in the order
// they were pushed. Most items are due at once: more than half of a run's events are pushed
// for the very time the queue last popped (a process started, an event that succeeded, a
// resource granted). Those wait in a FIFO lane, in push order, and skip the heap: in a large
// cloud, whose heap holds a couple of thousand timers, each of them used to climb to the top
// and be sifted back down through every level. Everything else is in a binary min-heap stored
// as parallel arrays, so comparisons never allocate. A pop takes the lesser (time, sequence)
// of the lane's front and the heap's top, so the order is exactly the single heap's.

export class EventQueue<T> {
  private times: number[] = [];
  private seqs: number[] = [];
  private items: (T | undefined)[] = [];
  private heapSize = 0;
  /** The lane: items all due at `laneTime`, in sequence order, at [laneHead, laneTail). */
  private readonly laneItems: (T | undefined)[] = [];
  private readonly laneSeqs: number[] = [];
  private laneHead = 0;
  private laneTail = 0;
  private laneTime = 0;
  /** Items queued (heap and lane). */
  size = 0;
  /** Sequence number the next push will get; also the count of pushes so far. */
  nextSeq = 0;
  /** Key of the item most recently returned by pop(). */
  poppedTime = 0;
  poppedSeq = 0;

  push(time: number, item: T): number {
    const seq = this.nextSeq++;
    this.size++;
    const tail = this.laneTail;
    const empty = tail === this.laneHead;
    // Into the lane when due at the time just popped, or at the lane's time while it holds
    // items: the lane then stays one time, in sequence order.
    if (empty ? time === this.poppedTime : time === this.laneTime) {
      if (empty) this.laneTime = time;
      this.laneItems[tail] = item;
      this.laneSeqs[tail] = seq;
      this.laneTail = tail + 1;
      return seq;
    }
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    let i = this.heapSize++;
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
    if (this.laneHead < this.laneTail) {
      return this.heapSize > 0 && this.times[0]! < this.laneTime ? this.times[0]! : this.laneTime;
    }
    return this.heapSize === 0 ? Infinity : this.times[0]!;
  }

  pop(): T {
    const head = this.laneHead;
    if (head < this.laneTail) {
      const t = this.laneTime;
      const s = this.laneSeqs[head]!;
      const n = this.heapSize;
      if (n === 0 || t < this.times[0]! || (t === this.times[0]! && s < this.seqs[0]!)) {
        const item = this.laneItems[head] as T;
        this.poppedTime = t;
        this.poppedSeq = s;
        this.size--;
        this.laneItems[head] = undefined;
        if (head + 1 === this.laneTail) {
          // Empty: start again from the front.
          this.laneHead = 0;
          this.laneTail = 0;
        } else this.laneHead = head + 1;
        return item;
      }
    }
    return this.popHeap();
  }

  private popHeap(): T {
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const top = items[0] as T;
    this.poppedTime = times[0]!;
    this.poppedSeq = seqs[0]!;
    this.size--;
    const n = --this.heapSize;
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
