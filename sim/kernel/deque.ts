// A FIFO ring buffer: O(1) push/shift without the O(n) cost of Array#shift on long queues.

export class Deque<T> {
  private buf: (T | undefined)[] = new Array(8);
  private head = 0;
  private mask = 7;
  length = 0;

  push(item: T): void {
    if (this.length > this.mask) this.grow();
    this.buf[(this.head + this.length) & this.mask] = item;
    this.length++;
  }

  unshift(item: T): void {
    if (this.length > this.mask) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = item;
    this.length++;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return item;
  }

  peek(): T | undefined {
    return this.length === 0 ? undefined : this.buf[this.head];
  }

  at(index: number): T | undefined {
    return index < 0 || index >= this.length ? undefined : this.buf[(this.head + index) & this.mask];
  }

  indexOf(item: T): number {
    for (let i = 0; i < this.length; i++) if (this.buf[(this.head + i) & this.mask] === item) return i;
    return -1;
  }

  /** Removes the element at `index`, keeping the order of the rest. */
  removeAt(index: number): T | undefined {
    if (index < 0 || index >= this.length) return undefined;
    const item = this.buf[(this.head + index) & this.mask];
    for (let i = index; i < this.length - 1; i++) {
      this.buf[(this.head + i) & this.mask] = this.buf[(this.head + i + 1) & this.mask];
    }
    this.buf[(this.head + this.length - 1) & this.mask] = undefined;
    this.length--;
    return item;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.buf[(this.head + i) & this.mask] as T);
    return out;
  }

  private grow(): void {
    const old = this.buf;
    const size = old.length;
    const next: (T | undefined)[] = new Array(size * 2);
    for (let i = 0; i < this.length; i++) next[i] = old[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = size * 2 - 1;
  }
}
