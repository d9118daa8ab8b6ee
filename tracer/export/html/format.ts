// Number and time formatting for the report. Fixed precision only (no locale), so the same
// data always gives the same bytes.

/** ns → a duration a reader scans quickly: "850µs", "12.3ms", "1.25s". */
export function duration(ns: number): string {
  const a = Math.abs(ns);
  if (a === 0) return "0";
  if (a < 1e3) return `${Math.round(ns)}ns`;
  if (a < 1e6) return `${trim((ns / 1e3).toFixed(a < 1e4 ? 2 : a < 1e5 ? 1 : 0))}µs`;
  if (a < 1e9) return `${trim((ns / 1e6).toFixed(a < 1e7 ? 2 : a < 1e8 ? 1 : 0))}ms`;
  return `${trim((ns / 1e9).toFixed(a < 1e10 ? 2 : a < 1e11 ? 1 : 0))}s`;
}

/** Run time in seconds for axes and tables: "60s", "1m30s". */
export function runTime(ns: number): string {
  const s = Math.round(ns / 1e9);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
}

/** Milliseconds with up to `digits` decimals. */
export function ms(value: number, digits = 1): string {
  return trim(value.toFixed(digits));
}

export function signedMs(ns: number): string {
  return `${ns >= 0 ? "+" : "−"}${ms(Math.abs(ns) / 1e6, 1)} ms`;
}

export function percent(fraction: number): string {
  const v = (fraction * 100).toFixed(0);
  if (v === "-0") return "0%";
  return `${v.replace("-", "−")}%`;
}

/** p-values as HTML: 2 significant digits, tiny ones as 3.7×10<sup>−67</sup>. */
export function pValueHtml(p: number): string {
  if (!Number.isFinite(p)) return "–";
  if (p === 0) return "0";
  if (p < 1e-3) {
    const [m, e] = p.toExponential(1).split("e") as [string, string];
    return `${m}×10<sup>${e.replace("-", "−").replace("+", "")}</sup>`;
  }
  return p.toPrecision(2);
}

export function count(n: number): string {
  // Thousands separated by thin spaces, independent of locale.
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009");
}

/** A coordinate for SVG: at most two decimals, no trailing zeros. */
export function px(v: number): string {
  return trim(v.toFixed(2));
}

function trim(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** About `target` round tick values from 0 up to the first at or above `max`: steps of 1, 2 or 5 × 10^k. */
export function ticks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return stepsTo(max, step);
}

/** Round run-time ticks in ns (seconds, then minutes): about `target` of them up to `maxNs`. */
export function timeTicks(maxNs: number, target = 6): number[] {
  if (!(maxNs > 0)) return [0];
  const steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400].map((s) => s * 1e9);
  const step = steps.find((s) => maxNs / s <= target) ?? Math.ceil(maxNs / target / 86400e9) * 86400e9;
  return stepsTo(maxNs, step).filter((t) => t <= maxNs);
}

function stepsTo(max: number, step: number): number[] {
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const v = Number((i * step).toPrecision(12));
    out.push(v);
    if (v >= max * (1 - 1e-9)) break;
  }
  return out;
}
