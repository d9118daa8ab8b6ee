// Binds the tracer core's StampOps to tracer/itc, with memoisation. The stamps of one
// workflow repeat from request to request (every trace starts from the seed and goes through
// the same forks, events and joins), so each distinct stamp is kept once (hash-consed by its
// base64url code, canonical for normal-form stamps) in a Ref that remembers the results of
// operations on it. Results are the same values the plain functions return; only the work is
// saved. The memo is bounded: past MAX_STAMPS it starts over.
import { decodeBase64url, encodeBase64url, event, fork, join, seed } from "../itc/index.ts";
import type { Stamp } from "../itc/index.ts";
import type { StampOps, StampRef } from "../model/stamps.ts";

export const MAX_STAMPS = 1 << 15;

class Ref implements StampRef {
  next: Ref | undefined = undefined;
  shares: readonly [Ref, Ref] | undefined = undefined;
  joins: Map<Ref, Ref> | undefined = undefined;
  tracestate: string | undefined = undefined;
  constructor(
    readonly stamp: Stamp,
    readonly text: string,
  ) {}
}

class MemoStampOps implements StampOps {
  private byStamp = new Map<Stamp, Ref>();
  private byText = new Map<string, Ref>();
  private root: Ref;

  constructor() {
    this.root = this.intern(seed());
  }

  private intern(s: Stamp): Ref {
    const known = this.byStamp.get(s);
    if (known !== undefined) return known;
    const text = encodeBase64url(s);
    const same = this.byText.get(text);
    if (same !== undefined) return same;
    if (this.byText.size >= MAX_STAMPS) {
      this.byStamp = new Map();
      this.byText = new Map();
    }
    const ref = new Ref(s, text);
    this.byStamp.set(s, ref);
    this.byText.set(text, ref);
    return ref;
  }

  /** Refs from before a reset (or built elsewhere) are re-interned. */
  private own(r: StampRef): Ref {
    return r instanceof Ref ? r : this.intern(r.stamp as Stamp);
  }

  seed(): StampRef {
    return this.root;
  }

  ref(s: Stamp): StampRef {
    return this.intern(s);
  }

  decode(text: string): StampRef {
    // Re-encoded on a miss rather than trusting `text`, so a Ref's text is always canonical.
    return this.byText.get(text) ?? this.intern(decodeBase64url(text));
  }

  event(r: StampRef): StampRef {
    const ref = this.own(r);
    return (ref.next ??= this.intern(event(ref.stamp)));
  }

  fork(r: StampRef): readonly [StampRef, StampRef] {
    const ref = this.own(r);
    if (ref.shares === undefined) {
      const [l, rr] = fork(ref.stamp);
      ref.shares = [this.intern(l), this.intern(rr)];
    }
    return ref.shares;
  }

  join(a: StampRef, b: StampRef): StampRef {
    const ra = this.own(a);
    const rb = this.own(b);
    const known = ra.joins?.get(rb);
    if (known !== undefined) return known;
    // Throws (overlapping ids) before anything is stored.
    const joined = this.intern(join(ra.stamp, rb.stamp));
    (ra.joins ??= new Map()).set(rb, joined);
    return joined;
  }
}

/**
 * Fresh memoised ITC operations. Tracers in one process may share a set (`ItcMemo`): a stamp
 * one service sends is then already known to the service that receives it.
 */
export const itcStampOps = (): StampOps => new MemoStampOps();

/** A memo of ITC stamps that several tracers can share (see TracerOptions.itcMemo). */
export interface ItcMemo {
  /** @internal */
  readonly ops: StampOps;
}

export function createItcMemo(): ItcMemo {
  return { ops: itcStampOps() };
}

class PlainRef implements StampRef {
  private code: string | undefined = undefined;
  tracestate: string | undefined = undefined;
  constructor(readonly stamp: Stamp) {}
  get text(): string {
    return (this.code ??= encodeBase64url(this.stamp));
  }
}

/** The same operations without memoisation, to measure what the memo saves. */
export const plainStampOps = (): StampOps => ({
  seed: () => new PlainRef(seed()),
  ref: (s) => new PlainRef(s as Stamp),
  decode: (text) => new PlainRef(decodeBase64url(text)),
  event: (r) => new PlainRef(event(r.stamp as Stamp)),
  fork: (r) => {
    const [l, rr] = fork(r.stamp as Stamp);
    return [new PlainRef(l), new PlainRef(rr)];
  },
  join: (a, b) => new PlainRef(join(a.stamp as Stamp, b.stamp as Stamp)),
});
