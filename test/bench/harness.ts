// Shared helpers for benchmark suites: medians of repeated runs, tables on stderr.
// Benchmarks may read the wall clock; model and tracer code may not.
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";

export type SuiteResult = Record<string, Record<string, number>>;

/** A suite: `run` measures and returns figures keyed by its own JSON section names. */
export interface Suite {
  readonly name: string;
  /** `quick`: fewer rounds and sizes; `long`: the largest sizes too (minutes). */
  run(options: { quick: boolean; long?: boolean }): SuiteResult;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall-clock seconds taken by fn. */
export function seconds(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Runs fn `runs` times (after one warm-up) and returns the median of `work / seconds`. */
export function ratePerSecond(work: number, fn: () => void, runs = 5): number {
  fn();
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) rates.push(work / seconds(fn));
  return median(rates);
}

/** Median ns per unit of work over `runs` timed runs (after one warm-up). */
export function nsPer(work: number, fn: () => void, runs = 5): number {
  fn();
  const costs: number[] = [];
  for (let i = 0; i < runs; i++) costs.push((seconds(fn) * 1e9) / work);
  return median(costs);
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  if (abs >= 10) return n.toFixed(0);
  return n.toFixed(2);
}

/** Prints rows as an aligned table on stderr (stdout is reserved for --json). */
export function printTable(title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  process.stderr.write(`\n${title}\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n`);
  for (const r of rows) process.stderr.write(line(r) + "\n");
}

/**
 * A full garbage collection, for memory figures. `npm run bench` starts node with --expose-gc;
 * otherwise the flag is set at run time, which slows code that runs after it, so suites ask
 * for it only after their timed parts.
 */
export function fullGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
