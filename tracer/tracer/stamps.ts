// The ITC operations the tracer core needs, gathered behind one small interface so the core
// stays independent of how tracer/itc represents a stamp.
import type { ItcStamp } from "../model/context.ts";

export interface StampOps {
  seed(): ItcStamp;
  fork(s: ItcStamp): readonly [ItcStamp, ItcStamp];
  event(s: ItcStamp): ItcStamp;
  join(a: ItcStamp, b: ItcStamp): ItcStamp;
  /** base64url without padding, as carried in tracestate and `itc-stamp`. */
  encode(s: ItcStamp): string;
  /** Throws on malformed input; callers catch and count. */
  decode(text: string): ItcStamp;
}

/** Splits a stamp into n disjoint shares, balanced so each share stays shallow. */
export function split(ops: StampOps, s: ItcStamp, n: number, out: ItcStamp[]): void {
  if (n <= 1) {
    out.push(s);
    return;
  }
  const [a, b] = ops.fork(s);
  const left = Math.ceil(n / 2);
  split(ops, a, left, out);
  split(ops, b, n - left, out);
}
