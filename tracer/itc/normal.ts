// A checker for the normal form, for callers holding stamps built by hand and for tests.
import { EventNode, IdNode, MAX_DEPTH, Stamp } from "./types.ts";
import type { EventTree, Id } from "./types.ts";

function idNormal(i: unknown, depth: number): boolean {
  if (i === 0 || i === 1) return true;
  if (!(i instanceof IdNode) || depth <= 0) return false;
  if (typeof i.l === "number" && i.l === i.r) return false;
  return idNormal(i.l, depth - 1) && idNormal(i.r, depth - 1);
}

function isCounter(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function eventNormal(e: unknown, depth: number): boolean {
  if (typeof e === "number") return isCounter(e);
  if (!(e instanceof EventNode) || depth <= 0 || !isCounter(e.n)) return false;
  const l: EventTree = e.l;
  const r: EventTree = e.r;
  if (typeof l === "number" && l === r) return false;
  const bl = typeof l === "number" ? l : l instanceof EventNode ? l.n : -1;
  const br = typeof r === "number" ? r : r instanceof EventNode ? r.n : -1;
  if (Math.min(bl, br) !== 0) return false;
  return eventNormal(l, depth - 1) && eventNormal(r, depth - 1);
}

/** Is `s` a Stamp whose id and event tree are in normal form (within MAX_DEPTH levels)? */
export function isNormal(s: unknown, maxDepth = MAX_DEPTH): boolean {
  if (!(s instanceof Stamp)) return false;
  return idNormal(s.id as Id, maxDepth) && eventNormal(s.event, maxDepth);
}
