// Trace structure for diversity sampling (Sifter, SoCC 2019): a trace is summarised by the
// labelled paths of length n through its causal graph (event DAG, or span tree when there
// are no events). A model of how often each path occurred in the last k traces says how
// "surprising" a trace is; rare or never-seen shapes get a high loss and are kept more often.
import type { Trace } from "../model/types.ts";

/** Caps the paths enumerated backwards from one event, so a dense DAG stays linear. */
const MAX_PATHS_PER_NODE = 8;

/** The distinct length-n label paths of a trace (labels `service|name|kind`), sorted. */
export function tracePaths(trace: Trace, n: number): string[] {
  const grams = new Set<string>();
  if (trace.events.length > 0) {
    const byId = new Map<string, (typeof trace.events)[number]>();
    for (const e of trace.events) byId.set(e.eventId, e);
    const memo = new Map<string, string[]>();
    // paths(e, len): label paths of `len` nodes ending at e, following parents backwards.
    const paths = (id: string, len: number): string[] => {
      const key = `${id}/${len}`;
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const e = byId.get(id)!;
      const label = `${e.service}|${e.name}|${e.kind}`;
      let out: string[];
      if (len === 1) out = [label];
      else {
        out = [];
        for (const p of e.parents) {
          if (!byId.has(p)) continue;
          for (const prefix of paths(p, len - 1)) {
            out.push(`${prefix}>${label}`);
            if (out.length >= MAX_PATHS_PER_NODE) break;
          }
          if (out.length >= MAX_PATHS_PER_NODE) break;
        }
        // A node with fewer than n ancestors contributes its full (shorter) path from a root.
        if (out.length === 0 && e.parents.every((p) => !byId.has(p))) out = [label];
      }
      memo.set(key, out);
      return out;
    };
    for (const e of trace.events) for (const g of pathsUpTo(paths, e.eventId, n)) grams.add(g);
  } else {
    const byId = new Map<string, (typeof trace.spans)[number]>();
    for (const s of trace.spans) byId.set(s.spanId, s);
    for (const s of trace.spans) {
      const labels: string[] = [];
      let cur: (typeof trace.spans)[number] | undefined = s;
      while (cur !== undefined && labels.length < n) {
        labels.push(`${cur.service}|${cur.name}|${cur.kind}`);
        cur = cur.parentSpanId === undefined ? undefined : byId.get(cur.parentSpanId);
      }
      grams.add(labels.reverse().join(">"));
    }
  }
  return [...grams].sort();
}

function pathsUpTo(paths: (id: string, len: number) => string[], id: string, n: number): string[] {
  for (let len = n; len >= 1; len--) {
    const p = paths(id, len);
    if (p.length > 0) return p;
  }
  return [];
}

/** 53-bit FNV-1a style hash of a string, as a JS number (deterministic, no allocation). */
export function hash53(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h2 >>> 0) * 2097152 + ((h1 >>> 0) & 0x1fffff);
}

/** The shape of a trace: a hash of its sorted path set. Equal shapes, equal keys. */
export function shapeKey(paths: readonly string[]): number {
  return hash53(paths.join("\n"));
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
  private readonly counts = new Map<string, number>();
  private readonly history: (readonly string[])[] = [];
  private readonly losses: number[] = [];
  private lossSum = 0;

  constructor(options: ShapeModelOptions = {}) {
    this.pathLength = options.pathLength ?? 3;
    this.window = options.window ?? 1000;
  }

  loss(paths: readonly string[]): number {
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

  observe(paths: readonly string[], loss: number): void {
    for (const p of paths) this.counts.set(p, (this.counts.get(p) ?? 0) + 1);
    this.history.push(paths);
    this.losses.push(loss);
    this.lossSum += loss;
    if (this.history.length > this.window) {
      for (const p of this.history.shift()!) {
        const c = this.counts.get(p)! - 1;
        if (c === 0) this.counts.delete(p);
        else this.counts.set(p, c);
      }
      this.lossSum -= this.losses.shift()!;
    }
  }
}
