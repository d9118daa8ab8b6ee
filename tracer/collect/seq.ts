// Which sequence numbers of one agent have arrived: a low watermark (every number below it
// has arrived) plus the set above it, so memory stays small when batches mostly arrive in
// order. Gaps below the highest number seen are batches the collector was never told about.
export class SeqTracker {
  private watermark = 0;
  private readonly above = new Set<number>();
  private highest = -1;
  private distinct = 0;

  has(seq: number): boolean {
    return seq < this.watermark || this.above.has(seq);
  }

  /** Records an arrival; false if it was already seen. */
  add(seq: number): boolean {
    if (this.has(seq)) return false;
    this.distinct++;
    if (seq > this.highest) this.highest = seq;
    if (seq === this.watermark) {
      this.watermark++;
      while (this.above.delete(this.watermark)) this.watermark++;
    } else this.above.add(seq);
    return true;
  }

  /** Distinct sequence numbers received. */
  get received(): number {
    return this.distinct;
  }

  /** Numbers below the highest seen that never arrived (lost, or still on their way). */
  get missing(): number {
    return this.highest + 1 - this.distinct;
  }
}
