// report.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched; the
// content security policy forbids any request) rendered from plain report data. The same data
// always gives the same bytes.
import { dagSvg, dagTags } from "./dag.ts";
import { esc } from "./escape.ts";
import { count, duration, runTime, signedMs } from "./format.ts";
import { latencyChart } from "./latency-chart.ts";
import { colorOf, paletteFor } from "./palette.ts";
import type { Palette } from "./palette.ts";
import { STYLE } from "./style.ts";
import { culpritTable, errorOriginTable, rankingTable, errorTable, faultTable, sloTable, tracerTable, workflowTable } from "./tables.ts";
import { traceTimeline } from "./timeline.ts";
import type { ReportData, ReportDiagnosis, ReportTrace } from "./types.ts";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function card(key: string, value: string, tone = ""): string {
  return `<div class="card${tone === "" ? "" : ` ${tone}`}"><div class="k">${esc(key)}</div><div class="v">${esc(value)}</div></div>`;
}

function verdictOf(d: ReportDiagnosis | null): { text: string; tone: string } {
  if (d === null) return { text: "not run", tone: "" };
  const named = d.ranking.length === 0 ? "nothing changed" : d.ranking[0]!.name;
  return { text: named, tone: d.expected === null ? "" : d.expected ? "good" : "bad" };
}

function summarySection(data: ReportData): string {
  const issued = data.workflows.reduce((a, w) => a + w.issued, 0);
  const failed = data.workflows.reduce((a, w) => a + w.failed, 0);
  const v = verdictOf(data.diagnosis);
  return [
    `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Run summary</h2>`,
    `<div class="cards">`,
    card("scenario", data.run.scenario),
    card("seed", data.run.seed),
    card("simulated", `${runTime(data.run.durationNs)} (warm-up ${runTime(data.run.warmupNs)})`),
    card("requests", count(issued)),
    card("failed", count(failed), failed > 0 ? "bad" : ""),
    card("trace records stored", data.tracer.enabled ? count(data.tracer.stored) : "tracing off"),
    card("faults", String(data.faults.length)),
    card("top component", v.text, v.tone),
    `</div>`,
    workflowTable(data),
    faultTable(data),
    tracerTable(data),
    sloTable(data),
    errorTable(data),
    `<p class="note">${count(data.run.kernelEvents)} kernel events; event-log hash <code>${esc(data.run.eventLogHash)}</code>; scenario source hash <code>${esc(data.run.sourceHash)}</code>. The same scenario and seed reproduce this page byte for byte.</p>`,
    `</section>`,
  ].join("");
}

function latencySection(data: ReportData): string {
  const charts = data.latency.series.map((s, i) => latencyChart(s, data.latency, data.faults, data.run.warmupNs, `latency-${i}`));
  return [
    `<section id="latency" aria-labelledby="latency-h"><h2 id="latency-h">Latency over time</h2>`,
    `<p class="note">Response time of successful requests by the ${runTime(data.latency.stepNs)} step they started in. Gaps are steps without requests.</p>`,
    `<ul class="legend"><li><span class="sw line p50"></span>p50</li><li><span class="sw line p99"></span>p99</li><li><span class="sw fault"></span>fault window</li><li><span class="sw warmup"></span>warm-up</li></ul>`,
    `<div class="grid2">${charts.join("")}</div></section>`,
  ].join("");
}

function diagnosisSection(data: ReportData): string {
  const d = data.diagnosis;
  const head = `<section id="diagnosis" aria-labelledby="diagnosis-h"><h2 id="diagnosis-h">Diagnosis</h2>`;
  if (d === null) return `${head}<p class="note">No diagnosis: the run kept no traces for two windows to compare.</p></section>`;
  const v = verdictOf(d);
  const agreement = d.expected === null ? "The scenario states no expected culprit." : d.expected ? "This matches the scenario's ground truth." : "This does NOT match the scenario's ground truth.";
  return [
    head,
    `<p>Compared <strong>${esc(d.before)}</strong> (${count(d.tracesBefore)} traces) with <strong>${esc(d.after)}</strong> (${count(d.tracesAfter)} traces): mean change ${signedMs(d.meanChangeNs)} per request; ${d.structuralChanges} structural change${d.structuralChanges === 1 ? "" : "s"}.</p>`,
    `<p>Top component: <span class="verdict ${v.tone}">${esc(v.text)}</span>. Ground truth: ${esc(d.groundTruth.join("; ") || "none stated")}. <span class="verdict ${v.tone}">${esc(agreement)}</span></p>`,
    rankingTable(d),
    culpritTable(d),
    errorOriginTable(d),
    `</section>`,
  ].join("");
}

function serviceLegend(palette: Palette, services: Iterable<string>): string {
  const names = [...new Set(services)].sort();
  return `<ul class="legend">${names.map((s) => `<li><span class="sw" style="background:${colorOf(palette, s)}"></span>${esc(s)}</li>`).join("")}</ul>`;
}

function traceFigure(t: ReportTrace, scaleNs: number, palette: Palette, id: string): string {
  return (
    `<figure><figcaption><strong>${esc(t.label)}</strong>: trace <code>${esc(t.traceId)}</code>, ${esc(t.workflow)}, started in period ${esc(t.period)}, ${duration(t.latencyNs)} end to end; ${t.spans.length} spans; critical path by ${esc(t.criticalPathMethod)}.</figcaption>` +
    `<div class="scroll">${traceTimeline(t, scaleNs, palette, id)}</div></figure>`
  );
}

function exemplarSection(data: ReportData, palette: Palette): string {
  const ex = data.exemplars;
  const head = `<section id="exemplars" aria-labelledby="exemplars-h"><h2 id="exemplars-h">Exemplar traces, before and after</h2>`;
  const traces = ex === null ? [] : [ex.before, ex.after].filter((t): t is ReportTrace => t !== null && t.spans.length > 0);
  if (ex === null || traces.length === 0) return `${head}<p class="note">No exemplar traces were kept.</p></section>`;
  const span = (t: ReportTrace) => t.spans.reduce((m, s) => Math.max(m, s.end), -Infinity) - t.spans.reduce((m, s) => Math.min(m, s.start), Infinity);
  const scale = Math.max(...traces.map(span));
  return [
    head,
    `<p class="note">${esc(ex.reason)} Both timelines share one time scale, so the longer bars are the slowdown. Hover a row for its host and duration.</p>`,
    `<ul class="legend"><li><span class="sw cp-work"></span>critical path: own work</li><li><span class="sw cp-network"></span>network</li><li><span class="sw cp-queue"></span>queueing</li><li><span class="sw cp-retry"></span>retry / timeout wait</li></ul>`,
    serviceLegend(palette, traces.flatMap((t) => t.spans.map((s) => s.service))),
    traces.map((t, i) => traceFigure(t, scale, palette, `trace-${i}`)).join(""),
    `</section>`,
  ].join("");
}

function dagSection(data: ReportData, palette: Palette): string {
  const dag = data.dag;
  const head = `<section id="dag" aria-labelledby="dag-h"><h2 id="dag-h">A fan-out / fan-in request as an event DAG</h2>`;
  if (dag === null) return `${head}<p class="note">No event DAG: the tracer recorded spans only, or no request with a fork was kept.</p></section>`;
  const tags = dagTags(dag);
  const rows = tags.map((t) => {
    const e = dag.nodes[t.node]!;
    return `<tr><th scope="row">${t.tag}</th><td>${t.role}</td><td>${esc(e.kind)}</td><td>${esc(e.service)}</td><td>${esc(e.operation)}</td><td>${esc(e.host)}</td></tr>`;
  });
  return [
    head,
    `<p class="note">Trace <code>${esc(dag.traceId)}</code> (${esc(dag.workflow)}): each mark is an event, left to right by causal depth; an edge is a direct happens-before. A fork (◆) starts concurrent work, a join (■) waits for all of it — the structure a span tree cannot show.${dag.partial ? " Some events were lost: the DAG is partial, and no edge was invented." : ""}</p>`,
    `<ul class="legend"><li>● span start</li><li>○ span end</li><li>◆ fork</li><li>■ join</li><li><span class="sw edge-net"></span>message between hosts</li><li><span class="sw edge-cp"></span>critical path</li></ul>`,
    serviceLegend(palette, dag.nodes.map((e) => e.service)),
    `<figure><div class="scroll">${dagSvg(dag, palette, "dag-0")}</div></figure>`,
    rows.length === 0 ? "" : `<details${rows.length <= 16 ? " open" : ""}><summary>Forks and joins (${rows.length})</summary><table class="dag-tags" aria-label="Forks and joins"><thead><tr><th scope="col">tag</th><th scope="col">role</th><th scope="col">event</th><th scope="col">service</th><th scope="col">operation</th><th scope="col">host</th></tr></thead><tbody>${rows.join("")}</tbody></table></details>`,
    `</section>`,
  ].join("");
}

/** The whole page. Pure: the same data gives the same string. */
export function renderReport(data: ReportData): string {
  const services = [
    ...(data.exemplars?.before?.spans ?? []).map((s) => s.service),
    ...(data.exemplars?.after?.spans ?? []).map((s) => s.service),
    ...(data.dag?.nodes ?? []).map((e) => e.service),
  ];
  const palette = paletteFor(services);
  return [
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(data.title)}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>${esc(data.title)}</h1><p>${esc(data.run.description)}</p></header>`,
    `<main>`,
    `<nav aria-label="Sections"><p class="note"><a href="#summary">Summary</a> · <a href="#latency">Latency over time</a> · <a href="#diagnosis">Diagnosis</a> · <a href="#exemplars">Exemplar traces</a> · <a href="#dag">Event DAG</a></p></nav>`,
    summarySection(data),
    latencySection(data),
    diagnosisSection(data),
    exemplarSection(data, palette),
    dagSection(data, palette),
    `</main><footer>Generated by tracebed from the run's summary and kept traces. Self-contained: no scripts, fonts or network requests.</footer>`,
    `</body></html>\n`,
  ].join("\n");
}
