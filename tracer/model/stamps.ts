// The ITC operations the tracer core needs, over handles that pair a stamp with its base64url
// code, so the core stays independent of how tracer/itc represents a stamp and an
// implementation can cache per stamp (see itc-ops.ts).
import type { ItcStamp } from "./context.ts";

export interface StampRef {
  readonly stamp: ItcStamp;
  /** base64url without padding, as carried in tracestate, `itc-stamp` and events. */
  readonly text: string;
  /**
   * Memo for the w3c codec: the `tracestate` value `tb=itc:<text>`. Reusing one string per
   * stamp saves the concatenation and lets the receiver's memo lookup reuse its cached hash.
   */
  tracestate?: string;
}

export interface StampOps {
  seed(): StampRef;
  ref(s: ItcStamp): StampRef;
  /** Throws on malformed input; callers catch and count. */
  decode(text: string): StampRef;
  event(r: StampRef): StampRef;
  fork(r: StampRef): readonly [StampRef, StampRef];
  /** Throws when the ids overlap (a share joined twice). */
  join(a: StampRef, b: StampRef): StampRef;
}

/** Splits a stamp into n disjoint shares, balanced so each share stays shallow. */
export function split(ops: StampOps, r: StampRef, n: number): StampRef[] {
  const out: StampRef[] = [];
  splitInto(ops, r, n, out);
  return out;
}

function splitInto(ops: StampOps, r: StampRef, n: number, out: StampRef[]): void {
  if (n <= 1) {
    out.push(r);
    return;
  }
  const pair = ops.fork(r);
  const left = Math.ceil(n / 2);
  splitInto(ops, pair[0], left, out);
  splitInto(ops, pair[1], n - left, out);
}
