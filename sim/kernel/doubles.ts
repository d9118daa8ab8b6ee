// Numbers that many long-lived objects change on every step (a resource's time-weighted areas,
// a random stream's state), side by side in one Float64Array. A number field that is not a
// small integer lives in a heap number of its own, apart from its object: on a large cloud's
// thousands of cold resources and streams, each such field read was a cache miss of its own.
export class Doubles {
  /** The slots; replaced by a bigger array as slots are added, so read it at each use. */
  values: Float64Array;
  private used = 0;

  constructor(slots = 64) {
    this.values = new Float64Array(Math.max(1, slots));
  }

  /** `n` consecutive slots, zeroed: the offset of the first in `values`. */
  alloc(n: number): number {
    if (this.used + n > this.values.length) {
      const values = new Float64Array(Math.max(this.values.length * 2, this.used + n));
      values.set(this.values);
      this.values = values;
    }
    const at = this.used;
    this.used += n;
    return at;
  }
}
