// The report's tables: the run summary (workflows, tracer accounting, faults, SLOs, errors)
// and the diagnosis ranking.
import { esc } from "./escape.ts";
import { count, ms, pValueHtml, percent, runTime, signedMs } from "./format.ts";
import type { ReportData, ReportDiagnosis } from "./types.ts";

const num = (v: string | number) => `<td class="num">${esc(v)}</td>`;

export function workflowTable(data: ReportData): string {
  const periods = data.periods.filter((p) => p.name !== "warmup").map((p) => p.name);
  const head = periods.map((p) => `<th class="num" scope="col">${esc(p)} p50 / p99 ms</th>`).join("");
  const rows = data.workflows.map((w) => {
    const cells = periods.map((p) => {
      const l = w.periods.find((x) => x.period === p);
      return num(l === undefined || l.count === 0 ? "–" : `${ms(l.p50)} / ${ms(l.p99)}`);
    });
    return `<tr><th scope="row">${esc(w.workflow)}</th>${num(count(w.issued))}${num(count(w.ok))}${num(count(w.failed))}${num(count(w.unfinished))}${cells.join("")}</tr>`;
  });
  return `<table class="workflows"><caption>Requests per workflow (latency of successful requests, by the period they started in)</caption><thead><tr><th scope="col">workflow</th><th class="num" scope="col">issued</th><th class="num" scope="col">ok</th><th class="num" scope="col">failed</th><th class="num" scope="col">unfinished</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function tracerTable(data: ReportData): string {
  const t = data.tracer;
  if (!t.enabled) return `<p class="note">Tracing was off for this run.</p>`;
  // Reasons that dropped nothing share one column, so losses stand out.
  const lost = Object.entries(t.dropped).filter(([, v]) => v > 0);
  const none = Object.entries(t.dropped).filter(([, v]) => v === 0).map(([k]) => k);
  const cols: [string, string, string?][] = [
    ["trace points", count(t.tracePoints)],
    ["not sampled", count(t.notSampled)],
    ["emitted", count(t.emitted)],
    ["stored", count(t.stored)],
    ...lost.map(([k, v]): [string, string] => [`dropped: ${k}`, count(v)]),
  ];
  if (none.length > 0) cols.push([lost.length === 0 ? "dropped" : "dropped otherwise", "0", `none for: ${none.join(", ")}`]);
  const head = cols.map(([k, , tip]) => `<th class="num" scope="col"${tip === undefined ? "" : ` title="${esc(tip)}"`}>${esc(k)}</th>`).join("");
  return `<table class="tracer"><caption>Tracer ${esc(t.preset)}: ${esc(t.model)} model, ${esc(t.metadata)} metadata, ${esc(t.propagation)} propagation, ${esc(t.sampler)} sampler, ${esc(t.collection)} collection (record accounting)</caption><thead><tr>${head}</tr></thead><tbody><tr>${cols.map(([, v]) => num(v)).join("")}</tr></tbody></table>`;
}

export function faultTable(data: ReportData): string {
  if (data.faults.length === 0) return `<p class="note">No faults were injected: any culprit named below would be a false alarm.</p>`;
  const rows = data.faults.map(
    (f) =>
      `<tr><td>${esc(f.id ?? "–")}</td><td>${esc(f.kind)}</td><td>${esc(f.target)}</td>${num(runTime(f.startNs))}${num(runTime(f.endNs))}<td class="mono">${esc(f.params)}</td><td>${esc(f.resolved)}</td></tr>`,
  );
  return `<table class="faults"><caption>Faults injected (ground truth)</caption><thead><tr><th scope="col">id</th><th scope="col">kind</th><th scope="col">target</th><th class="num" scope="col">from</th><th class="num" scope="col">to</th><th scope="col">parameters</th><th scope="col">resolved to</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function sloTable(data: ReportData): string {
  if (data.slo.length === 0) return "";
  const rows = data.slo.map((o) => {
    const verdict = o.met === null ? "no data" : o.met ? "met" : "missed";
    return `<tr><td>${esc(o.workflow)}</td>${num(`p${o.percentile}`)}<td>${esc(o.period)}</td>${num(ms(o.maxMs))}${num(o.actualMs === null ? "–" : ms(o.actualMs))}<td class="verdict ${o.met === false ? "bad" : "good"}">${verdict}</td></tr>`;
  });
  return `<table class="slo"><caption>Service-level objectives</caption><thead><tr><th scope="col">workflow</th><th class="num" scope="col">percentile</th><th scope="col">period</th><th class="num" scope="col">max ms</th><th class="num" scope="col">actual ms</th><th scope="col">verdict</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function errorTable(data: ReportData): string {
  if (data.errors.length === 0) return "";
  const rows = data.errors.map((e) => `<tr><td>${esc(e.workflow)}</td><td>${esc(e.error)}</td>${num(count(e.count))}</tr>`);
  return `<table class="errors"><caption>Failed requests by error</caption><thead><tr><th scope="col">workflow</th><th scope="col">error</th><th class="num" scope="col">requests</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function rankingTable(d: ReportDiagnosis): string {
  if (d.ranking.length === 0) return `<p class="note">No component changed significantly.</p>`;
  const rows = d.ranking.map(
    (e) => `<tr>${num(e.rank)}<td class="op">${esc(e.name)}</td><td>${esc(e.evidence)}</td><td>${esc(e.detail)}</td>${num(String(e.score))}<td class="num">${pValueHtml(e.p)}</td></tr>`,
  );
  return (
    `<table class="culprits ranking"><caption>Components, best first (${esc(d.before)} → ${esc(d.after)}): what changed, named as specifically as the evidence allows; score = how exactly the component covers what changed</caption>` +
    `<thead><tr><th class="num" scope="col">#</th><th scope="col">component</th><th scope="col">evidence</th><th scope="col">change</th><th class="num" scope="col">score</th><th class="num" scope="col">p (adjusted)</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
  );
}

export function culpritTable(d: ReportDiagnosis): string {
  if (d.culprits.length === 0) return `<p class="note">No critical-path segment changed significantly: no culprit.</p>`;
  const maxShare = Math.max(...d.culprits.map((c) => Math.abs(c.share)), 1e-9);
  const rows = d.culprits.map((c, i) => {
    const bar = Math.round((Math.min(Math.abs(c.share), maxShare) / maxShare) * 48);
    const ids = [...c.exemplars.before.map((x) => ["before", x]), ...c.exemplars.after.map((x) => ["after", x])].map(([w, x]) => `<span class="when">${w}</span> ${esc(x!)}`).join("<br>");
    return (
      `<tr>${num(i + 1)}<td class="svc">${esc(c.service)}</td><td class="op">${esc(c.operation)}<div class="path" title="call path">${esc(c.callPath)}</div></td><td>${esc(c.kind)}</td>` +
      `${num(signedMs(c.changeNs))}<td class="num"><span class="share" style="width:${bar}px"></span>${percent(c.share)}</td><td class="num">${pValueHtml(c.p)}</td>${num(count(c.traces))}<td class="ids">${ids}</td></tr>`
    );
  });
  return (
    `<table class="culprits"><caption>Culprits, best first: change in mean critical-path time per request of the workflow (${esc(d.before)} → ${esc(d.after)})</caption>` +
    `<thead><tr><th class="num" scope="col">#</th><th scope="col">service</th><th scope="col">operation and call path</th><th scope="col">kind</th><th class="num" scope="col">Δ critical path</th><th class="num" scope="col">share of change</th><th class="num" scope="col">p (adjusted)</th><th class="num" scope="col">traces</th><th scope="col">exemplar trace ids</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
  );
}

export function errorOriginTable(d: ReportDiagnosis): string {
  if (d.errors.length === 0) return "";
  const rows = d.errors.map((e, i) => {
    const ids = e.exemplars.map((x) => esc(x)).join("<br>");
    return (
      `<tr>${num(i + 1)}<td class="svc">${esc(e.service)}</td><td class="op">${esc(e.operation)}</td><td>${esc(e.reportedBy.join(", "))}</td>` +
      `${num(percent(e.rateBefore))}${num(percent(e.rateAfter))}<td class="num">${pValueHtml(e.p)}</td>${num(count(e.traces))}<td class="ids">${ids}</td></tr>`
    );
  });
  return (
    `<table class="culprits error-origins"><caption>Error origins that became more common (${esc(d.before)} → ${esc(d.after)}): spans that ended in error with no failed child, charged to the peer a client span called</caption>` +
    `<thead><tr><th class="num" scope="col">#</th><th scope="col">service</th><th scope="col">operation</th><th scope="col">reported by</th><th class="num" scope="col">share of traces before</th><th class="num" scope="col">after</th><th class="num" scope="col">p (adjusted)</th><th class="num" scope="col">traces</th><th scope="col">exemplar trace ids</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
  );
}
