// The values of Interval Tree Clocks (Almeida, Baquero & Fonte, OPODIS 2008).
// Leaves are plain numbers so the common small trees cost no allocation; inner nodes are
// small immutable classes (one hidden class each) that stamps share freely.

/** An id tree: `0`, `1`, or a pair. Always in normal form: never `(0,0)` or `(1,1)`. */
export type Id = 0 | 1 | IdNode;

export class IdNode {
  readonly l: Id;
  readonly r: Id;
  constructor(l: Id, r: Id) {
    this.l = l;
    this.r = r;
  }
}

/** An event tree: a leaf counter or a node `(n, l, r)`. Always normal: one child has base 0. */
export type EventTree = number | EventNode;

export class EventNode {
  readonly n: number;
  readonly l: EventTree;
  readonly r: EventTree;
  constructor(n: number, l: EventTree, r: EventTree) {
    this.n = n;
    this.l = l;
    this.r = r;
  }
}

/** A stamp `(id, event)`. Immutable; results of every operation are in normal form. */
export class Stamp {
  readonly id: Id;
  readonly event: EventTree;
  constructor(id: Id, event: EventTree) {
    this.id = id;
    this.event = event;
  }
}

/**
 * Deepest id or event tree any stamp may have. Decoding rejects deeper input, and fork refuses
 * to build a deeper id, so the recursive operations never go deeper than this whatever the
 * stamps came from. At this depth they need about 250 KB of Node's ~984 KB stack; a balanced
 * K-way fork adds only log2(K) levels, so real stamps stay far shallower.
 */
export const MAX_DEPTH = 512;

/** Default byte limit for `decode` (a header-carried stamp is a few dozen bytes). */
export const MAX_BYTES = 4096;

export type ItcErrorReason =
  | "anonymous-id" // fork or event on a stamp whose id is 0
  | "overlapping-ids" // join of two stamps whose ids share an interval
  | "too-deep" // a tree deeper than the depth limit
  | "too-large" // input longer than the byte/char limit
  | "truncated" // input ends before the code does
  | "trailing-data" // non-zero padding bits, or bytes/chars after the code
  | "not-normal" // a valid tree that is not in normal (canonical) form
  | "syntax" // text that does not follow the notation
  | "number-too-large" // a counter beyond Number.MAX_SAFE_INTEGER
  | "invalid-argument"; // a wrong JS type or count

/** The only error the ITC functions throw. `position` is a bit (binary) or char (text) offset. */
export class ItcError extends Error {
  readonly reason: ItcErrorReason;
  readonly position: number | undefined;
  constructor(reason: ItcErrorReason, message: string, position?: number) {
    super(message);
    this.name = "ItcError";
    this.reason = reason;
    this.position = position;
  }
}
