// Typed arrays for the packs of pending traces, reused. A pending trace's pack grows while its
// records arrive and is let go at its decision; allocating a typed array is dear in V8 (its
// memory lives outside the heap), and a trace's pack used to allocate several as it grew. Here
// a pack takes arrays of a power-of-two size from the pool and gives them back when it grows out
// of them or its trace is decided; a kept trace is then copied once into arrays of its own size.
// The pool holds a bounded number of arrays per size, so it never holds more than a few
// hundred pending traces' worth.

/** Arrays kept per size class at most. */
const PER_CLASS = 256;

class Classes<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>> {
  private readonly free: T[][] = [];
  constructor(private readonly make: (n: number) => T) {}

  /** An array of at least `n` elements (a power of two), its contents undefined. */
  take(n: number): T {
    const c = n <= 1 ? 0 : 32 - Math.clz32(n - 1);
    const list = this.free[c];
    if (list !== undefined && list.length > 0) return list.pop()!;
    return this.make(2 ** c);
  }

  give(a: T): void {
    const c = 31 - Math.clz32(a.length);
    if (a.length !== 2 ** c) return; // not one of ours
    const list = (this.free[c] ??= []);
    if (list.length < PER_CLASS) list.push(a);
  }
}

export class PackBuffers {
  readonly ints = new Classes((n) => new Int32Array(n));
  readonly floats = new Classes((n) => new Float64Array(n));
}
