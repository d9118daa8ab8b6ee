// Random causal histories for property tests: a pool of live stamps, starting from the seed,
// driven by fork / event / join / send-receive commands. Each command picks its stamps by index
// modulo the pool size, so any generated command list is a valid history.
import fc from "fast-check";
import * as itc from "../../../tracer/itc/index.ts";
import type { Stamp } from "../../../tracer/itc/index.ts";
import { mEvent, mFork, mJoin, mPeek, mSeed } from "./spec-model.ts";
import type { MStamp } from "./spec-model.ts";

export type Command =
  | { readonly op: "fork"; readonly a: number }
  | { readonly op: "event"; readonly a: number }
  | { readonly op: "join"; readonly a: number; readonly b: number }
  | { readonly op: "send"; readonly a: number; readonly b: number };

const index = fc.nat({ max: 63 });
export const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: index.map((a) => ({ op: "fork" as const, a })) },
  { weight: 4, arbitrary: index.map((a) => ({ op: "event" as const, a })) },
  { weight: 2, arbitrary: fc.tuple(index, index).map(([a, b]) => ({ op: "join" as const, a, b })) },
  { weight: 2, arbitrary: fc.tuple(index, index).map(([a, b]) => ({ op: "send" as const, a, b })) },
);
/**
 * A shape phase (forks and joins only, so ids get pieces from both halves while the event
 * tree is still flat: the situations where grow's cost tie-break decides), then a mixed phase.
 */
const shape = fc.array(
  fc.oneof(
    { weight: 2, arbitrary: index.map((a) => ({ op: "fork" as const, a })) },
    { weight: 1, arbitrary: fc.tuple(index, index).map(([a, b]) => ({ op: "join" as const, a, b })) },
  ),
  { maxLength: 24 },
);
export const history: fc.Arbitrary<Command[]> = fc
  .tuple(shape, fc.array(command, { maxLength: 60 }))
  .map(([a, b]) => [...a, ...b]);

/** Operations shared by the library and the spec model, so one runner drives both. */
interface Ops<S> {
  seed(): S;
  fork(s: S): [S, S];
  event(s: S): S;
  join(a: S, b: S): S;
  peek(s: S): S;
}

const library: Ops<Stamp> = itc;
const model: Ops<MStamp> = { seed: mSeed, fork: mFork, event: mEvent, join: mJoin, peek: mPeek };

export interface Run<S> {
  /** Live stamps at the end (ids pairwise disjoint, summing to 1). */
  readonly live: S[];
  /** Every stamp produced along the way, in order (first is the seed). */
  readonly all: S[];
  /** The stamps that events were recorded on. */
  readonly evented: S[];
}

function run<S>(ops: Ops<S>, commands: readonly Command[], maxLive = 12): Run<S> {
  const live: S[] = [ops.seed()];
  const all: S[] = [live[0]!];
  const evented: S[] = [];
  for (const c of commands) {
    const a = c.a % live.length;
    if (c.op === "fork") {
      if (live.length >= maxLive) continue;
      const [l, r] = ops.fork(live[a]!);
      live.splice(a, 1, l, r);
      all.push(l, r);
    } else if (c.op === "event") {
      evented.push(live[a]!);
      live[a] = ops.event(live[a]!);
      all.push(live[a]!);
    } else {
      const b = c.b % live.length;
      if (a === b) continue;
      if (c.op === "send") {
        live[b] = ops.join(live[b]!, ops.peek(live[a]!));
        all.push(live[b]!);
      } else {
        const j = ops.join(live[a]!, live[b]!);
        live[Math.min(a, b)] = j;
        live.splice(Math.max(a, b), 1);
        all.push(j);
      }
    }
  }
  return { live, all, evented };
}

export const runLibrary = (commands: readonly Command[], maxLive?: number): Run<Stamp> => run(library, commands, maxLive);
export const runModel = (commands: readonly Command[], maxLive?: number): Run<MStamp> => run(model, commands, maxLive);

/** Stamps from random histories: the live ones and a few snapshots. */
export const stamps: fc.Arbitrary<Stamp[]> = history.map((h) => runLibrary(h).all);
export const someStamp: fc.Arbitrary<Stamp> = fc
  .tuple(history, fc.nat())
  .map(([h, k]) => {
    const all = runLibrary(h).all;
    return all[k % all.length]!;
  });
