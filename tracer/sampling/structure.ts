// Trace structure for diversity sampling (Sifter, SoCC 2019): a trace is summarised by the
// labelled paths of length n through its causal graph (event DAG, or span tree when there
// are no events). A model of how often each path occurred in the last k traces says how
// "surprising" a trace is; rare or never-seen shapes get a high loss and are kept more often.
// The model works on 32-bit hashes of paths (no string building on the hot path);
// `tracePaths` gives the same paths as text, for explanation and tests.
import type { SpanRecord, Trace, TraceEvent } from "../model/types.ts";

/** Caps the paths enumerated backwards from one event, so a dense DAG stays linear. */
const MAX_PATHS_PER_NODE = 8;

interface PathAlgebra<T> {
  label(service: string, name: string, kind: string): T;
  extend(prefix: T, label: T): T;
}

/**
 * Paths of up to n nodes ending at every node, following parents backwards; a node with
 * fewer than n - 1 ancestors contributes its whole path from a root.
 */
function collect<T>(trace: Trace, n: number, alg: PathAlgebra<T>, out: (path: T) => void): void {
  if (trace.events.length > 0) {
    const events = trace.events;
    const index = new Map<string, number>();
    for (let i = 0; i < events.length; i++) index.set(events[i]!.eventId, i);
    const labels = events.map((e: TraceEvent) => alg.label(e.service, e.name, e.kind));
    const memo: (T[] | undefined)[][] = [];
    for (let len = 0; len <= n; len++) memo.push(new Array<T[] | undefined>(events.length));
    const paths = (i: number, len: number): T[] => {
      const hit = memo[len]![i];
      if (hit !== undefined) return hit;
      const label = labels[i]!;
      let result: T[] = [];
      if (len > 1) {
        for (const p of events[i]!.parents) {
          const j = index.get(p);
          if (j === undefined) continue;
          for (const prefix of paths(j, len - 1)) {
            result.push(alg.extend(prefix, label));
            if (result.length >= MAX_PATHS_PER_NODE) break;
          }
          if (result.length >= MAX_PATHS_PER_NODE) break;
        }
      }
      if (result.length === 0) result = [label];
      memo[len]![i] = result;
      return result;
    };
    for (let i = 0; i < events.length; i++) for (const p of paths(i, n)) out(p);
    return;
  }
  const byId = new Map<string, SpanRecord>();
  for (const s of trace.spans) byId.set(s.spanId, s);
  for (const s of trace.spans) {
    const chain: SpanRecord[] = [];
    let cur: SpanRecord | undefined = s;
    while (cur !== undefined && chain.length < n) {
      chain.push(cur);
      cur = cur.parentSpanId === undefined ? undefined : byId.get(cur.parentSpanId);
    }
    let path = alg.label(chain[chain.length - 1]!.service, chain[chain.length - 1]!.name, chain[chain.length - 1]!.kind);
    for (let k = chain.length - 2; k >= 0; k--) path = alg.extend(path, alg.label(chain[k]!.service, chain[k]!.name, chain[k]!.kind));
    out(path);
  }
}

const TEXT: PathAlgebra<string> = {
  label: (service, name, kind) => `${service}|${name}|${kind}`,
  extend: (prefix, label) => `${prefix}>${label}`,
};

/** The distinct length-n label paths of a trace (labels `service|name|kind`), sorted. */
export function tracePaths(trace: Trace, n: number): string[] {
  const grams = new Set<string>();
  collect(trace, n, TEXT, (p) => grams.add(p));
  return [...grams].sort();
}

function hashString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const HASHED: PathAlgebra<number> = {
  label: (service, name, kind) => hashString(kind, hashString(name, hashString(service, 0x811c9dc5) ^ 0x7c) ^ 0x7c),
  extend: (prefix, label) => {
    let h = Math.imul(prefix ^ 0x9e3779b9, 0x85ebca6b) ^ label;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  },
};

/** The distinct length-n paths of a trace as 32-bit hashes, sorted ascending. */
export function tracePathHashes(trace: Trace, n: number): number[] {
  const grams: number[] = [];
  collect(trace, n, HASHED, (p) => grams.push(p));
  grams.sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < grams.length; r++) if (r === 0 || grams[r] !== grams[r - 1]) grams[w++] = grams[r]!;
  grams.length = w;
  return grams;
}

/** The shape of a trace: a hash of its sorted path set. Equal shapes, equal keys. */
export function shapeKey(paths: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const p of paths) h = HASHED.extend(h, p);
  return h;
}

export interface ShapeModelOptions {
  /** Path length (Sifter's N). Default 3. */
  readonly pathLength?: number;
  /** Traces the model remembers (Sifter's k). Default 1000. */
  readonly window?: number;
}

/**
 * Sliding-window path frequencies. `loss(paths)` is the mean surprise of a trace's paths,
 * log2((W + 1) / (count + 1)) with W the traces in the window: 0 for paths every trace
 * has, high for paths never seen.
 */
export class ShapeModel {
  readonly pathLength: number;
  readonly window: number;
  private readonly counts = new Map<number, number>();
  /** Ring of the last `window` traces' paths and losses. */
  private readonly history: (readonly number[])[] = [];
  private readonly losses: number[] = [];
  private next = 0;
  private lossSum = 0;

  constructor(options: ShapeModelOptions = {}) {
    this.pathLength = options.pathLength ?? 3;
    this.window = options.window ?? 1000;
  }

  loss(paths: readonly number[]): number {
    if (paths.length === 0) return 0;
    const w = this.history.length;
    let sum = 0;
    for (const p of paths) sum += Math.log2((w + 1) / ((this.counts.get(p) ?? 0) + 1));
    return sum / paths.length;
  }

  /** Mean loss of the last `window` traces observed (0 before any). */
  get meanLoss(): number {
    return this.losses.length === 0 ? 0 : this.lossSum / this.losses.length;
  }

  observe(paths: readonly number[], loss: number): void {
    for (const p of paths) this.counts.set(p, (this.counts.get(p) ?? 0) + 1);
    if (this.history.length < this.window) {
      this.history.push(paths);
      this.losses.push(loss);
    } else {
      for (const p of this.history[this.next]!) {
        const c = this.counts.get(p)! - 1;
        if (c === 0) this.counts.delete(p);
        else this.counts.set(p, c);
      }
      this.lossSum -= this.losses[this.next]!;
      this.history[this.next] = paths;
      this.losses[this.next] = loss;
      this.next = (this.next + 1) % this.window;
    }
    this.lossSum += loss;
  }
}
