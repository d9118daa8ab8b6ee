// The periods a run's latencies are reported in: before / during / after the faults (the
// comparison diagnosis makes), or fixed windows. Requests count in the period they started in;
// the warm-up is reported apart and left out of the comparisons.

export interface Period {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface FaultWindow {
  readonly start: number;
  readonly end: number;
}

export function planPeriods(
  duration: number,
  warmup: number,
  faults: readonly FaultWindow[],
  mode: "faults" | "windows",
  window: number,
): Period[] {
  const periods: Period[] = [];
  if (warmup > 0) periods.push({ name: "warmup", start: 0, end: warmup });
  if (mode === "windows") {
    for (let s = warmup, i = 0; s < duration; s += window, i++) {
      periods.push({ name: `w${String(i).padStart(3, "0")}`, start: s, end: Math.min(duration, s + window) });
    }
    return periods;
  }
  if (faults.length === 0) {
    periods.push({ name: "steady", start: warmup, end: duration });
    return periods;
  }
  const first = Math.max(warmup, Math.min(...faults.map((f) => f.start)));
  const last = Math.min(duration, Math.max(...faults.map((f) => f.end)));
  if (first > warmup) periods.push({ name: "before", start: warmup, end: first });
  if (last > first) periods.push({ name: "during", start: first, end: last });
  if (duration > last) periods.push({ name: "after", start: last, end: duration });
  return periods;
}

/** Index of the period containing `t` (periods are contiguous from 0), or -1 past the end. */
export function periodIndex(periods: readonly Period[], t: number): number {
  for (let i = 0; i < periods.length; i++) if (t < periods[i]!.end) return t >= periods[i]!.start ? i : -1;
  return -1;
}
