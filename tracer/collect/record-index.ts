// What the collector remembers of each pending record without holding the record: its key
// and its host, in typed arrays, one linked list per trace. A key of 16 hex digits (every id
// this tracer makes) is kept exactly as two 32-bit halves; any other key is kept as a string
// on the side. Holding numbers instead of per-record objects for the 30 s a trace waits keeps
// them out of the garbage collector's way: nothing here is allocated per record.
import { writeId64 } from "../model/ids.ts";

/** A slot's flags: the key names a span (not an event), the key is kept as a string. */
const SPAN = 1;
const OTHER = 2;
const FLAGS = 2; // bits below the host number

/** A record kept by forEach: its host, its position in the list, whether its key names a span. */
export type OnIndexedRecord = (host: string, position: number, span: boolean) => void;

/** A list of slots: where it starts and ends (-1 when empty) and its length. */
export interface SlotList {
  head: number;
  tail: number;
  length: number;
}

export const emptyList = (): SlotList => ({ head: -1, tail: -1, length: 0 });

export class RecordIndex {
  /** A slot's key as an id: its two halves at 2 × slot. */
  private halves = new Int32Array(2048);
  private meta = new Int32Array(1024);
  private next = new Int32Array(1024);
  /** Slots ever handed out; below it, freed slots are chained from `free`. */
  private used = 0;
  private free = -1;
  private inUse = 0;
  private readonly hostNames: string[] = [];
  private readonly hostNumbers = new Map<string, number>();
  /** Records come in runs from one host (a batch is one agent's). */
  private lastHost = "";
  private lastHostNumber = -1;
  private readonly otherKeys = new Map<number, string>();

  /** Slots in use (for tests and memory bounds). */
  get size(): number {
    return this.inUse;
  }

  /** Appends a record's key (an event id, or a span id when `span`) and host to `list`. */
  add(list: SlotList, key: string, span: boolean, host: string): void {
    const slot = this.alloc();
    let flags = span ? SPAN : 0;
    if (!writeId64(this.halves, 2 * slot, key)) {
      flags |= OTHER;
      this.otherKeys.set(slot, key);
    }
    this.meta[slot] = (this.hostNumber(host) << FLAGS) | flags;
    this.next[slot] = -1;
    if (list.tail === -1) list.head = slot;
    else this.next[list.tail] = slot;
    list.tail = slot;
    list.length++;
  }

  /**
   * Walks the list's records in order: each goes to `onRecord` with its host, its position in
   * the list and whether its key names a span, or to `onRepeat` when it repeats a key already
   * seen in the list. Repeats are rare: tags are compared first, keys only on a tie.
   */
  forEach(list: SlotList, onRecord: OnIndexedRecord, onRepeat: (host: string) => void): void {
    const tags = new Int32Array(list.length);
    let i = 0;
    for (let s = list.head; s !== -1; s = this.next[s]!) tags[i++] = (Math.imul(this.halves[2 * s]!, 0x9e3779b1) ^ this.halves[2 * s + 1]! ^ (this.meta[s]! & SPAN)) | 0;
    const seen = repeats(tags) ? new Set<string>() : undefined;
    i = 0;
    for (let s = list.head; s !== -1; s = this.next[s]!, i++) {
      const meta = this.meta[s]!;
      const host = this.hostNames[meta >>> FLAGS]!;
      if (seen !== undefined) {
        const key = this.keyOf(s);
        if (seen.has(key)) {
          onRepeat(host);
          continue;
        }
        seen.add(key);
      }
      onRecord(host, i, (meta & SPAN) !== 0);
    }
  }

  /** Returns the list's slots for reuse; the list is empty afterwards. */
  release(list: SlotList): void {
    if (list.head === -1) return;
    if (this.otherKeys.size > 0) for (let s = list.head; s !== -1; s = this.next[s]!) this.otherKeys.delete(s);
    this.next[list.tail] = this.free;
    this.free = list.head;
    this.inUse -= list.length;
    list.head = -1;
    list.tail = -1;
    list.length = 0;
  }

  private keyOf(slot: number): string {
    const meta = this.meta[slot]!;
    const kind = (meta & SPAN) !== 0 ? "s" : "e";
    if ((meta & OTHER) !== 0) return `${kind}/${this.otherKeys.get(slot)!}`;
    return `${kind}:${this.halves[2 * slot]!}:${this.halves[2 * slot + 1]!}`;
  }

  private hostNumber(host: string): number {
    if (host === this.lastHost) return this.lastHostNumber;
    let n = this.hostNumbers.get(host);
    if (n === undefined) {
      n = this.hostNames.length;
      this.hostNames.push(host);
      this.hostNumbers.set(host, n);
    }
    this.lastHost = host;
    this.lastHostNumber = n;
    return n;
  }

  private alloc(): number {
    this.inUse++;
    if (this.free !== -1) {
      const slot = this.free;
      this.free = this.next[slot]!;
      return slot;
    }
    if (this.used === this.meta.length) this.grow();
    return this.used++;
  }

  private grow(): void {
    const halves = new Int32Array(this.halves.length * 2);
    halves.set(this.halves);
    this.halves = halves;
    const size = this.meta.length * 2;
    const bigger = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.meta = bigger(this.meta);
    this.next = bigger(this.next);
  }
}

/** Whether any tag repeats (pairwise for a few, sorted numerically for more). */
function repeats(tags: Int32Array): boolean {
  const n = tags.length;
  if (n <= 16) {
    for (let i = 1; i < n; i++) {
      const tag = tags[i]!;
      for (let j = 0; j < i; j++) if (tags[j] === tag) return true;
    }
    return false;
  }
  tags.sort();
  for (let i = 1; i < n; i++) if (tags[i] === tags[i - 1]) return true;
  return false;
}
