// Id trees: split (for fork) and sum (for join), keeping the normal form.
import { IdNode, ItcError, MAX_DEPTH } from "./types.ts";
import type { Id } from "./types.ts";

const LEFT_HALF = new IdNode(1, 0);
const RIGHT_HALF = new IdNode(0, 1);

/** split's two results, in a reused object so fork allocates only its nodes. */
export const halves: { left: Id; right: Id } = { left: 0, right: 0 };

/**
 * split(i), leaving the halves in `halves`; `depth` is i's depth in the whole id. Refuses to
 * create an id deeper than MAX_DEPTH.
 */
export function splitAt(i: Id, depth: number): void {
  if (i === 1) {
    if (depth >= MAX_DEPTH) {
      throw new ItcError("too-deep", `fork would make an id deeper than ${MAX_DEPTH} levels; join some branches first`);
    }
    halves.left = LEFT_HALF;
    halves.right = RIGHT_HALF;
    return;
  }
  if (i === 0) throw new ItcError("anonymous-id", "fork of a stamp whose id is 0 (an anonymous stamp cannot fork)");
  if (i.l === 0) {
    splitAt(i.r, depth + 1);
    halves.left = new IdNode(0, halves.left);
    halves.right = new IdNode(0, halves.right);
  } else if (i.r === 0) {
    splitAt(i.l, depth + 1);
    halves.left = new IdNode(halves.left, 0);
    halves.right = new IdNode(halves.right, 0);
  } else {
    halves.left = new IdNode(i.l, 0);
    halves.right = new IdNode(0, i.r);
  }
}

/** sum(a, b) of disjoint ids; overlapping ids are a caller error. */
export function sum(a: Id, b: Id): Id {
  if (a === 0) return b;
  if (b === 0) return a;
  if (typeof a === "number" || typeof b === "number") {
    throw new ItcError("overlapping-ids", "join of two stamps whose ids overlap (was a stamp joined with itself or a copy?)");
  }
  const l = sum(a.l, b.l);
  const r = sum(a.r, b.r);
  if (l === 1 && r === 1) return 1;
  return new IdNode(l, r);
}

export function idsEqual(a: Id, b: Id): boolean {
  if (a === b) return true;
  if (typeof a === "number" || typeof b === "number") return false;
  return idsEqual(a.l, b.l) && idsEqual(a.r, b.r);
}
