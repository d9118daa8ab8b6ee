// The nonces of signed triggers already accepted, so a captured trigger cannot be replayed while
// it is still valid. Bounded: at most `capacity` nonces, each kept until its trigger expires (a
// trigger past its expiry is refused on that ground, so its nonce need not be remembered).
//
// Eviction: when the cache is full, every expired nonce is dropped (a sweep, run only when the
// earliest expiry has passed, so a full cache of live nonces costs one comparison per trigger).
// If it is still full, the new trigger is refused ("replay-cache-full"): failing closed keeps the
// promise that no trigger is accepted twice; size the cache for the triggers a process accepts
// within one expiry time (the default, 10,000 over 60 s, is 166 per second).

export type Admission = "fresh" | "replayed" | "full";

export class ReplayCache {
  readonly capacity: number;
  private readonly seen = new Map<string, number>();
  /** The earliest expiry among the cached nonces (Infinity when empty): no sweep helps before it. */
  private earliest = Infinity;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Records `nonce` (valid until `expires`, host-clock ns) unless it was seen or the cache is full. */
  admit(nonce: string, expires: number, now: number): Admission {
    const known = this.seen.get(nonce);
    if (known !== undefined && known >= now) return "replayed";
    if (known === undefined && this.seen.size >= this.capacity) {
      if (now > this.earliest) this.sweep(now);
      if (this.seen.size >= this.capacity) return "full";
    }
    this.seen.set(nonce, expires);
    if (expires < this.earliest) this.earliest = expires;
    return "fresh";
  }

  private sweep(now: number): void {
    let earliest = Infinity;
    for (const [nonce, expires] of this.seen) {
      if (expires < now) this.seen.delete(nonce);
      else if (expires < earliest) earliest = expires;
    }
    this.earliest = earliest;
  }
}
