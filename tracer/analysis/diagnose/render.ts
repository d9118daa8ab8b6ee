// The diagnosis as text for a terminal.
import type { Diagnosis } from "./types.ts";

/** ns → "12.3 ms" style, sign kept for changes. */
export function formatNs(ns: number, signed = false): string {
  const sign = signed && ns > 0 ? "+" : ns < 0 ? "-" : "";
  const a = Math.abs(ns);
  const body = a >= 1e9 ? `${(a / 1e9).toFixed(2)} s` : a >= 1e6 ? `${(a / 1e6).toFixed(1)} ms` : a >= 1e3 ? `${(a / 1e3).toFixed(1)} µs` : `${Math.round(a)} ns`;
  return sign + body;
}

const formatP = (p: number): string => (p === 0 ? "0" : p < 1e-3 ? p.toExponential(1) : p.toFixed(3));
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

export function renderDiagnosis(d: Diagnosis): string {
  const lines: string[] = [];
  lines.push(`Diagnosis: ${d.before.traces} traces before, ${d.after.traces} after (${d.settings.test}, ${d.settings.correction} α=${d.settings.alpha})`);
  if (d.before.partial + d.after.partial > 0) lines.push(`  partial traces used: ${d.before.partial} before, ${d.after.partial} after`);
  lines.push("");
  lines.push("Response time per workflow (mean before → after, change, adjusted p):");
  for (const w of d.workflows) {
    const mark = w.significant ? "*" : " ";
    lines.push(`${mark} ${w.workflow}: ${formatNs(w.before.meanNs)} → ${formatNs(w.after.meanNs)} (${formatNs(w.changeNs, true)}, p=${formatP(w.adjustedP)}, n=${w.before.count}/${w.after.count})`);
  }
  lines.push("");
  if (d.culprits.length === 0) {
    lines.push("No culprit: no critical-path segment changed significantly.");
  } else {
    lines.push(`Culprit operations (share of the total change, ${formatNs(d.meanChangeNs, true)} per trace):`);
    for (const o of d.operations) {
      const kind = o.kind === "work" ? "" : ` (${o.kind})`;
      lines.push(`  [${o.service}] ${o.operation}${kind}: ${formatNs(o.changeNs, true)} per trace, ${pct(o.share)} of the change, on ${o.callPaths} call path(s)`);
    }
    lines.push("");
    lines.push("Culprits by call path (critical-path time change per trace of the workflow):");
    for (const c of d.culprits) {
      const kind = c.kind === "work" ? "" : ` (${c.kind})`;
      lines.push(`${c.rank}. [${c.service}] ${c.operation}${kind}: ${formatNs(c.changeNs, true)} per trace, ${pct(c.share)} of the change, p=${formatP(c.adjustedP)}, traces ${c.tracesBefore}/${c.tracesAfter}`);
      lines.push(`   call path: ${c.callPath}`);
      lines.push(`   exemplars: before ${c.exemplars.before.join(", ") || "-"}; after ${c.exemplars.after.join(", ") || "-"}`);
    }
  }
  if (d.errors.length > 0) {
    lines.push("");
    lines.push("Error origins that became more common (share of traces before → after):");
    for (const e of d.errors) {
      lines.push(`${e.rank}. [${e.service}] ${e.operation}: ${pct(e.rateBefore)} → ${pct(e.rateAfter)} of traces (${e.tracesBefore}/${e.tracesAfter}), p=${formatP(e.adjustedP)}, reported by ${e.reportedBy.join(", ")}`);
      lines.push(`   exemplars: ${e.exemplars.join(", ") || "-"}`);
    }
  }
  if (d.structuralChanges.length > 0) {
    lines.push("");
    lines.push("Structural changes:");
    for (const s of d.structuralChanges) {
      lines.push(`- ${s.workflow}: shape ${s.shape} ${s.change} (${s.countBefore} → ${s.countAfter}, p=${formatP(s.adjustedP)})`);
      if (s.nearest) {
        lines.push(`  nearest ${s.nearest.shape} (distance ${s.nearest.distance})`);
        for (const a of s.nearest.added) lines.push(`    + ${a}`);
        for (const r of s.nearest.removed) lines.push(`    - ${r}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}
