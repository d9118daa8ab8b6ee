// The stamp operations of the ITC paper: seed, fork, event, join, peek, leq, compare.
import { eventsEqual, joinEvents, leqEvents } from "./event-tree.ts";
import { inflate } from "./inflate.ts";
import { halves, idsEqual, splitAt, sum } from "./id-tree.ts";
import { ItcError, Stamp } from "./types.ts";

const SEED = new Stamp(1, 0);

export type Ordering = "equal" | "before" | "after" | "concurrent";

/** The first stamp of a system: `(1, 0)`, owning the whole interval. */
export function seed(): Stamp {
  return SEED;
}

/** Splits the id in two; both halves keep the event tree (shared, not copied). */
export function fork(s: Stamp): [Stamp, Stamp] {
  splitAt(s.id, 0);
  return [new Stamp(halves.left, s.event), new Stamp(halves.right, s.event)];
}

/** Records an event: fill inside the stamp's own id if that inflates, else grow (cheapest growth). */
export function event(s: Stamp): Stamp {
  const i = s.id;
  if (i === 0) throw new ItcError("anonymous-id", "event on a stamp whose id is 0 (an anonymous stamp cannot record events)");
  return new Stamp(i, inflate(i, s.event));
}

/** Merges two stamps with disjoint ids: the ids are summed, the event trees joined. */
export function join(a: Stamp, b: Stamp): Stamp {
  return new Stamp(sum(a.id, b.id), joinEvents(a.event, b.event));
}

/** An anonymous copy `(0, e)`: what a message carries. */
export function peek(s: Stamp): Stamp {
  return s.id === 0 ? s : new Stamp(0, s.event);
}

/** Does a's history precede or equal b's? Compares event trees only. */
export function leq(a: Stamp, b: Stamp): boolean {
  return leqEvents(a.event, b.event);
}

export function compare(a: Stamp, b: Stamp): Ordering {
  const ab = leqEvents(a.event, b.event);
  const ba = leqEvents(b.event, a.event);
  if (ab) return ba ? "equal" : "before";
  return ba ? "after" : "concurrent";
}

/** Same id and same event tree. */
export function stampsEqual(a: Stamp, b: Stamp): boolean {
  return idsEqual(a.id, b.id) && eventsEqual(a.event, b.event);
}

/**
 * Forks `k` ways, balanced (depth grows by ⌈log2 k⌉, not by k), left to right in id order.
 * `forkMany(s, 1)` is `[s]`.
 */
export function forkMany(s: Stamp, k: number): Stamp[] {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new ItcError("invalid-argument", `forkMany needs a whole number of ways >= 1, got ${String(k)}`);
  }
  const out: Stamp[] = [];
  // Explicit stack of (stamp, ways), right part pushed first so the output is left to right.
  const stamps: Stamp[] = [s];
  const ways: number[] = [k];
  while (stamps.length > 0) {
    const t = stamps.pop()!;
    const w = ways.pop()!;
    if (w === 1) {
      out.push(t);
      continue;
    }
    const [l, r] = fork(t);
    const left = Math.ceil(w / 2);
    stamps.push(r, l);
    ways.push(w - left, left);
  }
  return out;
}
