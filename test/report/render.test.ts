import test from "ava";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderReport } from "../../tracer/export/html/index.ts";
import type { ReportData } from "../../tracer/export/html/index.ts";
import { sampleReport } from "./sample.ts";

const GOLDEN = resolve(process.cwd(), "test/report/golden/sample.html");

const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

/** The markup of one element by id, up to its matching close tag (no nesting of the same tag). */
function element(html: string, tag: string, id: string): string {
  const start = html.indexOf(`<${tag} `, html.lastIndexOf("<", html.indexOf(`id="${id}"`)));
  const end = html.indexOf(`</${tag}>`, start);
  return html.slice(start, end + tag.length + 3);
}

test("same data gives the same bytes, also from a structural copy", (t) => {
  const a = renderReport(sampleReport());
  t.is(renderReport(sampleReport()), a);
  t.is(renderReport(structuredClone(sampleReport()) as ReportData), a);
});

test("the page matches its golden file (regenerate with UPDATE_GOLDEN=1 and review the diff)", (t) => {
  const html = renderReport(sampleReport());
  if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(GOLDEN, html);
  t.is(html, readFileSync(GOLDEN, "utf8"));
});

test("strings from the run are escaped: no markup from service, operation, workflow or scenario names survives", (t) => {
  const html = renderReport(sampleReport(true));
  t.is(count(html, /<script/gi), 0);
  t.is(count(html, /<img/gi), 0);
  t.is(count(html, /<b>evil/g), 0);
  t.is(count(html, /<\/title><script/g), 0);
  t.true(html.includes("keystone&lt;script&gt;alert(&quot;svc&quot;)&lt;/script&gt;"));
  t.true(html.includes("validate_token&lt;img src=x onerror=alert(&#39;op&#39;)&gt;"));
  t.true(html.includes("<title>tracebed report: &lt;b&gt;evil&lt;/b&gt; &amp; &quot;quoted&quot;</title>"));
  // Attribute values cannot be broken out of either.
  t.false(/="[^"]*<[^"]*"/.test(html.replace(/<style>[\s\S]*<\/style>/, "")));
});

test("self-contained: no scripts, no external references, and a policy that forbids any request", (t) => {
  const html = renderReport(sampleReport());
  t.true(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  t.true(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`));
  t.is(count(html, /<script|<link|<iframe|<img|src=|@import|url\(/gi), 0);
  t.is(count(html, /https?:\/\//g), 0);
});

test("golden structure: sections in order, one latency chart per workflow, one timeline row per span, DAG marks per event", (t) => {
  const data = sampleReport();
  const html = renderReport(data);
  t.false(/NaN|Infinity|undefined/.test(html));
  const sections = [...html.matchAll(/<section id="([a-z]+)"/g)].map((m) => m[1]);
  t.deepEqual(sections, ["summary", "latency", "diagnosis", "exemplars", "dag"]);
  t.is(count(html, /<svg class="chart latency"/g), data.latency.series.length);
  t.is(count(html, /<svg class="chart timeline"/g), 2);
  t.is(count(html, /<svg class="chart dag"/g), 1);
  // Every chart is labelled for assistive technology.
  for (const m of html.matchAll(/<svg [^>]*id="([^"]+)"[^>]*aria-labelledby="([^"]+)"/g)) {
    t.deepEqual(m[2]!.split(" "), [`${m[1]}-t`, `${m[1]}-d`]);
    t.true(html.includes(`<title id="${m[1]}-t">`));
    t.true(html.includes(`<desc id="${m[1]}-d">`));
  }
  const before = element(html, "svg", "trace-0");
  t.is(count(before, /<g class="span-row/g), 4);
  t.is(count(before, /<rect class="bar"/g), 4);
  t.is(count(before, /<rect class="cp cp-/g), 3);
  t.is(count(before, /class="span-row error"/g), 1);
  const dag = element(html, "svg", "dag-0");
  t.is(count(dag, /<g class="event"/g), data.dag!.nodes.length);
  t.is(count(dag, /<path class="edge/g), data.dag!.edges.length);
  t.is(count(dag, /class="edge cp/g), data.dag!.criticalPath.length - 1);
  t.is(count(dag, /class="node fork"/g), 1);
  t.is(count(dag, /class="node join"/g), 1);
  t.is(count(dag, /class="edge net"|class="edge cp net"/g), 4);
  const latency = element(html, "svg", "latency-0");
  t.is(count(latency, /<rect class="fault"/g), 1);
  t.is(count(latency, /<rect class="warmup"/g), 1);
  // Step 4 had no requests: both lines break there, into two runs each.
  t.is(count(latency, /<path class="line p50" d="M[^"M]*M[^"M]*"/g), 1);
  // token-issue has isolated steps: dots, not lines.
  const sparse = element(html, "svg", "latency-1");
  t.is(count(sparse, /<path class="line/g), 0);
  t.is(count(sparse, /<circle class="dot p50"/g), 4);
});

test("the diagnosis table lists every culprit with Δ, share, p-value, traces and exemplar ids", (t) => {
  const html = renderReport(sampleReport());
  const table = html.slice(html.indexOf(`<table class="culprits">`), html.indexOf("</table>", html.indexOf(`<table class="culprits">`)));
  t.is(count(table, /<tr>/g), 3);
  t.true(table.includes(`<td class="num">+49.5 ms</td>`));
  t.true(table.includes(`<td class="num">−1.3 ms</td>`));
  t.true(table.includes(`99%</td>`));
  t.true(table.includes(`−3%</td>`));
  t.true(table.includes(`<td class="num">3.2×10<sup>−40</sup></td>`));
  t.true(table.includes(`<td class="num">0.0040</td>`));
  t.true(table.includes(`aaaa0000aaaa0000aaaa0000aaaa0000`));
  t.true(table.includes(`bbbb1111bbbb1111bbbb1111bbbb1111`));
  t.true(html.includes("This matches the scenario&#39;s ground truth."));
});

test("error origins that became more common get their own table, and the summary card names the top ranked component", (t) => {
  const html = renderReport(sampleReport());
  const start = html.indexOf(`<table class="culprits error-origins">`);
  const table = html.slice(start, html.indexOf("</table>", start));
  t.is(count(table, /<tr>/g), 2);
  t.true(table.includes(`<td class="svc">memcached</td><td class="op">cache.get</td><td>nova-api, keystone</td>`));
  t.true(table.includes(`<td class="num">0%</td><td class="num">42%</td>`));
  t.true(table.includes(`<td class="num">1.5×10<sup>−30</sup></td>`));
  t.true(table.includes("dddd3333dddd3333dddd3333dddd3333"));
  t.regex(html, /<div class="k">top component<\/div><div class="v">operation keystone.validate_token<\/div>/);
  const none = renderReport({ ...sampleReport(), diagnosis: { ...sampleReport().diagnosis!, errors: [] } });
  t.false(none.includes("error-origins"));
});

test("missing parts render as explanations, not as empty charts", (t) => {
  const base = sampleReport();
  const html = renderReport({ ...base, diagnosis: null, exemplars: null, dag: null, faults: [], errors: [], slo: [] });
  t.regex(html, /No diagnosis: the run kept no traces/);
  t.regex(html, /No exemplar traces were kept\./);
  t.regex(html, /No event DAG/);
  t.regex(html, /No faults were injected/);
  t.is(count(html, /<svg class="chart (timeline|dag)"/g), 0);
  t.is(count(html, /<rect class="fault"/g), 0);
  const clean = renderReport({ ...base, diagnosis: { ...base.diagnosis!, culprits: [], expected: true, groundTruth: ["no culprit (fault-free)"] } });
  t.regex(clean, /No critical-path segment changed significantly: no culprit\./);
});

test("a trace of thousands of spans draws at most 400 rows and says how many it left out", (t) => {
  const base = sampleReport();
  const before = base.exemplars!.before!;
  const spans = Array.from({ length: 1000 }, (_, i) => ({ ...before.spans[0]!, spanId: `s${i}`, parentSpanId: i === 0 ? null : "s0", start: i * 1e3, end: i * 1e3 + 5e5 }));
  const html = renderReport({ ...base, exemplars: { ...base.exemplars!, before: { ...before, spans, criticalPath: [] }, after: null } });
  const svg = element(html, "svg", "trace-0");
  t.is(count(svg, /<rect class="bar"/g), 400);
  t.true(svg.includes("… 600 more spans not drawn"));
  t.true(svg.includes(`<desc id="trace-0-d">1000 spans of`));
});

test("exemplars without spans are left out rather than drawn empty", (t) => {
  const base = sampleReport();
  const html = renderReport({ ...base, exemplars: { ...base.exemplars!, before: { ...base.exemplars!.before!, spans: [] }, after: null } });
  t.regex(html, /No exemplar traces were kept\./);
  t.false(html.includes("NaN"));
});
