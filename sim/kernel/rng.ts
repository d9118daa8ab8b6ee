// Named random streams: each is seedrandom's alea seeded with `${rootSeed}/${name}`, so drawing
// from (or adding) one stream never shifts another.
import seedrandom from "seedrandom";
import { KernelError } from "./errors.ts";

/** Alea's state as seedrandom's `state()` reports it. */
export interface AleaState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/**
 * One named stream of uniform numbers in [0, 1). Satisfies the tracer's RandomSource.
 *
 * seedrandom's alea seeds it (its Mash over `${rootSeed}/${name}`); the stream then steps that
 * state with alea's own recurrence as a method of this class (the same numbers, draw for draw; a
 * test compares them). seedrandom gives every generator its own `next` closure, and V8 keeps
 * feedback and optimized code per closure: a large cloud's thousands of streams (a link each
 * way between every pair of hosts that talk, two per service instance) each started cold, which
 * cost a run of the large profile more per draw than the small one's few hot streams.
 */
export class Stream {
  readonly name: string;
  private c: number;
  private s0: number;
  private s1: number;
  private s2: number;

  constructor(rootSeed: string, name: string) {
    this.name = name;
    const seeded = aleaState(rootSeed, name);
    this.c = seeded.c;
    this.s0 = seeded.s0;
    this.s1 = seeded.s1;
    this.s2 = seeded.s2;
  }

  /** seedrandom/lib/alea.js Alea.next: t = 2091639·s0 + c·2^-32; shift; s2 = t - (c = t | 0). */
  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!(n >= 1) || Math.floor(n) !== n) throw new KernelError(`stream ${JSON.stringify(this.name)}: int(n) needs a positive integer, got ${String(n)}`);
    return Math.floor(this.next() * n);
  }
}

/** The state the stream `name` starts from under `rootSeed`: alea seeded with `${rootSeed}/${name}`. */
export function aleaState(rootSeed: string, name: string): AleaState {
  return seedrandom.alea(`${rootSeed}/${name}`, { state: true }).state();
}

export class Rng {
  readonly seed: string;
  private readonly streams = new Map<string, Stream>();

  constructor(seed: string) {
    this.seed = seed;
  }

  /** The stream with this name (the same object on every call; look it up once, not per draw). */
  stream(name: string): Stream {
    if (typeof name !== "string" || name.length === 0) throw new KernelError(`stream name must be a non-empty string, got ${JSON.stringify(name)}`);
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new Stream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }

  /**
   * The state the stream `name` starts from, for an object that keeps a named stream's state
   * in its own fields (a network link: thousands of them in a large cloud, each touched per
   * message, and one object is one cache miss where two are two). Such a stream is drawn only
   * by its holder, so it is not created here and not listed in `names()`.
   */
  seedState(name: string): AleaState {
    if (typeof name !== "string" || name.length === 0) throw new KernelError(`stream name must be a non-empty string, got ${JSON.stringify(name)}`);
    return aleaState(this.seed, name);
  }

  /** Names of the streams created so far, sorted. */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}
