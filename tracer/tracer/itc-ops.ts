// Binds the tracer core's StampOps to tracer/itc, with memoisation. The stamps of one
// workflow repeat from request to request (every trace starts from the seed and goes through
// the same forks, events and joins), so each distinct stamp is kept once (hash-consed by its
// base64url code, which is canonical for normal-form stamps) and each operation's result is
// remembered per canonical input. Results are the same values the plain functions return;
// only the work is saved. The memo is bounded: past MAX_STAMPS it starts over.
import { decodeBase64url, encodeBase64url, event, fork, join, seed } from "../itc/index.ts";
import type { Stamp } from "../itc/index.ts";
import type { StampOps } from "./stamps.ts";

export const MAX_STAMPS = 1 << 15;

export interface MemoStats {
  hits: number;
  misses: number;
}

class MemoStampOps implements StampOps {
  private textOf = new Map<Stamp, string>();
  private byText = new Map<string, Stamp>();
  private events = new Map<Stamp, Stamp>();
  private forks = new Map<Stamp, readonly [Stamp, Stamp]>();
  private joins = new Map<Stamp, Map<Stamp, Stamp>>();
  readonly stats: MemoStats = { hits: 0, misses: 0 };
  private readonly root: Stamp;

  constructor() {
    this.root = this.canonical(seed());
  }

  /** The one stored stamp equal to s. */
  private canonical(s: Stamp): Stamp {
    const text = this.textOf.get(s);
    if (text !== undefined) return s;
    return this.intern(s, encodeBase64url(s));
  }

  private intern(s: Stamp, text: string): Stamp {
    const known = this.byText.get(text);
    if (known !== undefined) return known;
    if (this.byText.size >= MAX_STAMPS) this.reset();
    this.byText.set(text, s);
    this.textOf.set(s, text);
    return s;
  }

  private reset(): void {
    this.textOf = new Map();
    this.byText = new Map();
    this.events = new Map();
    this.forks = new Map();
    this.joins = new Map();
  }

  seed(): Stamp {
    return this.textOf.has(this.root) ? this.root : this.canonical(this.root);
  }

  event(s: Stamp): Stamp {
    const known = this.events.get(s);
    if (known !== undefined) {
      this.stats.hits++;
      return known;
    }
    this.stats.misses++;
    const next = this.canonical(event(s));
    this.events.set(this.canonical(s), next);
    return next;
  }

  fork(s: Stamp): readonly [Stamp, Stamp] {
    const known = this.forks.get(s);
    if (known !== undefined) {
      this.stats.hits++;
      return known;
    }
    this.stats.misses++;
    const [l, r] = fork(s);
    const pair = [this.canonical(l), this.canonical(r)] as const;
    this.forks.set(this.canonical(s), pair);
    return pair;
  }

  join(a: Stamp, b: Stamp): Stamp {
    const known = this.joins.get(a)?.get(b);
    if (known !== undefined) {
      this.stats.hits++;
      return known;
    }
    this.stats.misses++;
    // Throws (overlapping ids) before anything is stored.
    const joined = this.canonical(join(a, b));
    const ca = this.canonical(a);
    let inner = this.joins.get(ca);
    if (inner === undefined) this.joins.set(ca, (inner = new Map()));
    inner.set(this.canonical(b), joined);
    return joined;
  }

  encode(s: Stamp): string {
    return this.textOf.get(s) ?? encodeBase64url(s);
  }

  decode(text: string): Stamp {
    const known = this.byText.get(text);
    if (known !== undefined) return known;
    // Re-encoded rather than trusting `text`, so the stored code is always the canonical one.
    return this.canonical(decodeBase64url(text));
  }
}

/** Fresh memoised ITC operations (one set per tracer). */
export const itcStampOps = (): StampOps & { readonly stats: MemoStats } => new MemoStampOps();

/** The same operations without memoisation, to measure what the memo saves. */
export const plainStampOps = (): StampOps => ({
  seed,
  fork,
  event,
  join,
  encode: encodeBase64url,
  decode: (text) => decodeBase64url(text),
});
