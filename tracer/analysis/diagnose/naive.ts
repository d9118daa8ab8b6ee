// The naive ranking diagnosis must beat: the largest increase in mean span duration per
// (service, operation). Parents contain their children, so it blames whatever is on top.
import { byString } from "./compare.ts";
import type { TraceProfile } from "./profile.ts";

export interface NaiveRow {
  /** `[service] operation` */
  readonly operation: string;
  readonly beforeNs: number;
  readonly afterNs: number;
  readonly changeNs: number;
}

export function naiveRanking(before: readonly TraceProfile[], after: readonly TraceProfile[]): NaiveRow[] {
  const collect = (ps: readonly TraceProfile[]) => {
    const m = new Map<string, { total: number; count: number }>();
    for (const p of ps)
      for (const [op, t] of p.spanTime) {
        const acc = m.get(op);
        if (acc) {
          acc.total += t.total;
          acc.count += t.count;
        } else m.set(op, { ...t });
      }
    return m;
  };
  const b = collect(before);
  const a = collect(after);
  const meanOf = (x: { total: number; count: number } | undefined) => (x === undefined || x.count === 0 ? 0 : x.total / x.count);
  const rows: NaiveRow[] = [];
  for (const op of new Set([...b.keys(), ...a.keys()])) {
    const beforeNs = meanOf(b.get(op));
    const afterNs = meanOf(a.get(op));
    rows.push({ operation: op, beforeNs, afterNs, changeNs: afterNs - beforeNs });
  }
  return rows.sort((x, y) => y.changeNs - x.changeNs || byString(x.operation, y.operation));
}
