// The two baselines the diagnosis matrix compares with, read from the same profiled traces:
// the operations whose mean span duration grew most, and those whose mean self time (a span's
// duration less its children's) grew most. Each names `[service] operation` of the span, as a
// span-name ranking does; neither tests significance, so on a control it names whatever moved.
import type { Component } from "../../tracer/analysis/diagnose/components.ts";
import { naiveRanking } from "../../tracer/analysis/diagnose/index.ts";
import type { TraceProfile } from "../../tracer/analysis/diagnose/index.ts";

const LABEL = /^\[(.*?)\] (.*)$/;

function asOperation(label: string): Component {
  const m = LABEL.exec(label);
  return m === null ? { kind: "operation", service: "", operation: label } : { kind: "operation", service: m[1]!, operation: m[2]! };
}

/** Mean self time per `[service] operation`, over the spans of a window. */
function selfTimes(profiles: readonly TraceProfile[]): Map<string, { total: number; count: number }> {
  const out = new Map<string, { total: number; count: number }>();
  for (const p of profiles) {
    for (const [label, t] of p.selfTime) {
      const acc = out.get(label);
      if (acc) {
        acc.total += t.total;
        acc.count += t.count;
      } else out.set(label, { total: t.total, count: t.count });
    }
  }
  return out;
}

/** Operations by largest mean self-time increase, then by largest mean duration increase. */
export function baselineRankings(before: readonly TraceProfile[], after: readonly TraceProfile[]): { selfTime: Component[]; duration: Component[] } {
  const b = selfTimes(before);
  const a = selfTimes(after);
  const meanOf = (x: { total: number; count: number } | undefined) => (x === undefined || x.count === 0 ? 0 : x.total / x.count);
  const self = [...new Set([...b.keys(), ...a.keys()])]
    .map((label) => ({ label, change: meanOf(a.get(label)) - meanOf(b.get(label)) }))
    .filter((r) => r.change > 0)
    .sort((x, y) => y.change - x.change || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
  return {
    selfTime: self.map((r) => asOperation(r.label)),
    duration: naiveRanking(before, after)
      .filter((r) => r.changeNs > 0)
      .map((r) => asOperation(r.operation)),
  };
}
