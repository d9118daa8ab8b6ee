// Which two traces the report shows side by side: the top culprit's own exemplars (the ids in
// the diagnosis table), or, with no culprit, a typical request of the busiest workflow from
// each half of the compared time.
import type { ReportExemplars } from "../../tracer/export/html/index.ts";
import type { Summary } from "../run/result.ts";
import type { KeptTrace } from "../run/reservoir.ts";
import { reportTrace } from "./traces.ts";

/** The request of median latency (ties by start, then id). */
function median(ks: readonly KeptTrace[]): KeptTrace | undefined {
  const sorted = ks.slice().sort((a, b) => a.latencyNs - b.latencyNs || a.start - b.start || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function busiestWorkflow(kept: readonly KeptTrace[]): string | undefined {
  const counts = new Map<string, number>();
  for (const k of kept) counts.set(k.workflow, (counts.get(k.workflow) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]?.[0];
}

/**
 * The kept traces of the two windows diagnosis compared: two periods by name, or the steady
 * period's halves; without a diagnosis, the first and last reported periods (one period: its halves).
 */
function windows(summary: Summary, kept: readonly KeptTrace[]): [KeptTrace[], KeptTrace[]] {
  const reported = summary.periods.filter((p) => p.name !== "warmup");
  const inPeriod = (name: string) => kept.filter((k) => k.period === name);
  const d = summary.diagnosis;
  const names = new Set(reported.map((p) => p.name));
  if (d !== undefined && names.has(d.compared.before) && names.has(d.compared.after)) return [inPeriod(d.compared.before), inPeriod(d.compared.after)];
  if (reported.length >= 2) return [inPeriod(reported[0]!.name), inPeriod(reported[reported.length - 1]!.name)];
  const only = reported[0];
  if (only === undefined) return [[], []];
  const mid = only.startNs + Math.floor((only.endNs - only.startNs) / 2);
  const all = inPeriod(only.name);
  return [all.filter((k) => k.start < mid), all.filter((k) => k.start >= mid)];
}

export function chooseExemplars(summary: Summary, kept: readonly KeptTrace[]): ReportExemplars | null {
  const withTrace = kept.filter((k) => k.trace !== undefined);
  const byId = new Map(withTrace.map((k) => [k.traceId, k]));
  const d = summary.diagnosis;
  const top = d?.culprits[0];
  if (d !== undefined && top !== undefined) {
    const before = top.exemplars.before.map((id) => byId.get(id)).find((k) => k !== undefined);
    const after = top.exemplars.after.map((id) => byId.get(id)).find((k) => k !== undefined);
    if (before !== undefined || after !== undefined) {
      const faulty = summary.faults.length > 0 && d.compared.before === "before" && d.compared.after === "during";
      const label = (name: string, fallback: string) => (faulty ? `${fallback} the fault` : `${fallback} (${name})`);
      return {
        reason: `Exemplars of the top culprit, [${top.service}] ${top.operation}: a request from ${d.compared.before} and one from ${d.compared.after}.`,
        before: before === undefined ? null : reportTrace(before, label(d.compared.before, "Before")),
        after: after === undefined ? null : reportTrace(after, label(d.compared.after, faulty ? "During" : "After")),
      };
    }
  }
  const [before, after] = windows(summary, withTrace);
  const wf = busiestWorkflow([...before, ...after]);
  if (wf === undefined) return null;
  const b = median(before.filter((k) => k.workflow === wf));
  const a = median(after.filter((k) => k.workflow === wf));
  const faulty = summary.faults.length > 0;
  return {
    reason: `No culprit to illustrate, so a typical (median-latency) ${wf} request from each of the compared windows.`,
    before: b === undefined ? null : reportTrace(b, faulty ? "Before the fault" : "Earlier window"),
    after: a === undefined ? null : reportTrace(a, faulty ? "During the fault" : "Later window"),
  };
}
