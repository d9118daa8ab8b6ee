// Named random streams: each is seedrandom's alea seeded with `${rootSeed}/${name}`, so drawing
// from (or adding) one stream never shifts another.
import seedrandom from "seedrandom";
import { Doubles } from "./doubles.ts";
import { KernelError } from "./errors.ts";

/** Alea's state as seedrandom's `state()` reports it. */
export interface AleaState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/**
 * The alea states of many streams, four doubles each (c, s0, s1, s2), side by side in one
 * array (see Doubles): held in a stream object's fields, each double was a heap number of its
 * own, so a draw on a cold stream touched four objects scattered over the heap.
 */
export class StreamStates extends Doubles {
  constructor(streams = 64) {
    super(4 * streams);
  }

  /** Slots holding `seed`: the offset of its `c` in `values`. */
  add(seed: AleaState): number {
    const at = this.alloc(4);
    this.values[at] = seed.c;
    this.values[at + 1] = seed.s0;
    this.values[at + 2] = seed.s1;
    this.values[at + 3] = seed.s2;
    return at;
  }
}

/** alea's step on the state at `at` (c, s0, s1, s2): seedrandom/lib/alea.js Alea.next. */
export function aleaNext(v: Float64Array, i: number): number {
  const t = 2091639 * v[i + 1]! + v[i]! * 2.3283064365386963e-10;
  v[i + 1] = v[i + 2]!;
  v[i + 2] = v[i + 3]!;
  const c = t | 0;
  v[i] = c;
  return (v[i + 3] = t - c);
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
  /** Where the state lies: `states.values[at .. at + 3]` (an Rng's streams share one array). */
  private readonly states: StreamStates;
  private readonly at: number;

  constructor(rootSeed: string, name: string, states = new StreamStates(1)) {
    this.name = name;
    this.states = states;
    this.at = states.add(aleaState(rootSeed, name));
  }

  /** seedrandom/lib/alea.js Alea.next: t = 2091639·s0 + c·2^-32; shift; s2 = t - (c = t | 0). */
  next(): number {
    return aleaNext(this.states.values, this.at);
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
  private readonly states = new StreamStates();

  constructor(seed: string) {
    this.seed = seed;
  }

  /** The stream with this name (the same object on every call; look it up once, not per draw). */
  stream(name: string): Stream {
    if (typeof name !== "string" || name.length === 0) throw new KernelError(`stream name must be a non-empty string, got ${JSON.stringify(name)}`);
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new Stream(this.seed, name, this.states);
      this.streams.set(name, s);
    }
    return s;
  }

  /**
   * The state the stream `name` starts from, for an object that is its own stream (a network
   * link: thousands of them in a large cloud, each touched per message, and one object is one
   * cache miss where two are two). Such a stream is drawn only by its holder, so it is not
   * created here and not listed in `names()`.
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
