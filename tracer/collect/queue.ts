// A bounded FIFO of records (with their serialized sizes) on a circular array:
// O(1) push, shift and drop-oldest.
import type { TraceRecord } from "../model/types.ts";

export class RecordQueue {
  private readonly records: (TraceRecord | undefined)[];
  private readonly sizes: number[];
  private head = 0;
  private count = 0;
  /** Total bytes of the records returned by the last `take`. */
  takenBytes = 0;

  constructor(readonly capacity: number) {
    this.records = new Array<TraceRecord | undefined>(capacity);
    this.sizes = new Array<number>(capacity).fill(0);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  push(record: TraceRecord, bytes: number): void {
    const i = (this.head + this.count) % this.capacity;
    this.records[i] = record;
    this.sizes[i] = bytes;
    this.count++;
  }

  shift(): TraceRecord {
    const r = this.records[this.head]!;
    this.takenBytes += this.sizes[this.head]!;
    this.records[this.head] = undefined;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.count--;
    return r;
  }

  /** Removes and returns up to n records from the front; their bytes go to `takenBytes`. */
  take(n: number): TraceRecord[] {
    const k = Math.min(n, this.count);
    this.takenBytes = 0;
    const out = new Array<TraceRecord>(k);
    for (let i = 0; i < k; i++) out[i] = this.shift();
    return out;
  }

  /** Removes and returns everything. */
  clear(): TraceRecord[] {
    return this.take(this.count);
  }
}
