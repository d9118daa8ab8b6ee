// Named random streams: each is seedrandom's alea seeded with `${rootSeed}/${name}`, so drawing
// from (or adding) one stream never shifts another.
import seedrandom from "seedrandom";
import { KernelError } from "./errors.ts";

/** One named stream of uniform numbers in [0, 1). Satisfies the tracer's RandomSource. */
export class Stream {
  readonly name: string;
  private readonly prng: () => number;

  constructor(rootSeed: string, name: string) {
    this.name = name;
    this.prng = seedrandom.alea(`${rootSeed}/${name}`);
  }

  next(): number {
    return this.prng();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!(n >= 1) || Math.floor(n) !== n) throw new KernelError(`stream ${JSON.stringify(this.name)}: int(n) needs a positive integer, got ${String(n)}`);
    return Math.floor(this.prng() * n);
  }
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

  /** Names of the streams created so far, sorted. */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}
