// A bounded FIFO of records (with their serialized sizes) on a circular array that grows on
// demand up to its capacity: O(1) push, shift and drop-oldest, no up-front allocation of
// a large configured capacity.
import type { TraceRecord } from "../model/types.ts";

const INITIAL_SLOTS = 256;

export class RecordQueue {
  private records: (TraceRecord | undefined)[];
  private sizes: number[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    const slots = Math.min(capacity, INITIAL_SLOTS);
    this.records = new Array<TraceRecord | undefined>(slots);
    this.sizes = new Array<number>(slots).fill(0);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  private grow(): void {
    const slots = Math.min(this.capacity, this.records.length * 2);
    const records = new Array<TraceRecord | undefined>(slots);
    const sizes = new Array<number>(slots).fill(0);
    for (let i = 0; i < this.count; i++) {
      const j = (this.head + i) % this.records.length;
      records[i] = this.records[j];
      sizes[i] = this.sizes[j]!;
    }
    this.records = records;
    this.sizes = sizes;
    this.head = 0;
  }

  push(record: TraceRecord, bytes: number): void {
    if (this.count === this.records.length) this.grow();
    let i = this.head + this.count;
    if (i >= this.records.length) i -= this.records.length;
    this.records[i] = record;
    this.sizes[i] = bytes;
    this.count++;
  }

  shift(): TraceRecord {
    const r = this.records[this.head]!;
    this.records[this.head] = undefined;
    this.head = this.head + 1 === this.records.length ? 0 : this.head + 1;
    this.count--;
    return r;
  }

  /** Removes up to n records from the front: them, and their bytes in total. */
  take(n: number): { readonly records: TraceRecord[]; readonly bytes: number } {
    const k = Math.min(n, this.count);
    const records = new Array<TraceRecord>(k);
    let bytes = 0;
    for (let i = 0; i < k; i++) {
      bytes += this.sizes[this.head]!;
      records[i] = this.shift();
    }
    return { records, bytes };
  }

  /** Removes and returns everything. */
  clear(): TraceRecord[] {
    return this.take(this.count).records;
  }
}
