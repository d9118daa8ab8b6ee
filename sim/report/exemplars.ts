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
  const compared = withTrace.filter((k) => k.period !== "warmup").sort((a, b) => a.start - b.start);
  const wf = busiestWorkflow(compared);
  if (wf === undefined) return null;
  const ofWf = compared.filter((k) => k.workflow === wf);
  const half = Math.ceil(ofWf.length / 2);
  const before = median(ofWf.slice(0, half));
  const after = median(ofWf.slice(half));
  return {
    reason: `No culprit to illustrate, so a typical (median-latency) ${wf} request from the first and from the second half of the compared time.`,
    before: before === undefined ? null : reportTrace(before, "Earlier request"),
    after: after === undefined ? null : reportTrace(after, "Later request"),
  };
}
