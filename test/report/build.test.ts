import test from "ava";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadScenario, parseScenario } from "../../sim/scenario/load.ts";
import { defaultCatalog, runScenario } from "../../sim/run/index.ts";
import { buildReportData, chooseDag, chooseExemplars, reportHtml } from "../../sim/report/index.ts";
import { renderReport } from "../../tracer/export/html/index.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/slow-validation.yaml", import.meta.url));
const dagRun = runScenario(loadScenario(FIXTURE, defaultCatalog()));
const data = buildReportData(dagRun.summary, dagRun.run.keptTraces());

test("the report carries the run's summary: workflows, periods, faults as ground truth, the latency timeline", (t) => {
  const s = dagRun.summary;
  t.is(data.run.scenario, "slow-validation");
  t.is(data.run.seed, "11");
  t.deepEqual(data.workflows.map((w) => w.workflow), Object.keys(s.requests));
  t.deepEqual(data.workflows.map((w) => w.issued), Object.values(s.requests).map((r) => r.issued));
  t.deepEqual(data.faults.map((f) => [f.id, f.kind, f.target, f.startNs, f.endNs]), [["slow-validation", "latency", "service=keystone, operation=validate_token", 14e9, 24e9]]);
  t.is(data.latency.stepNs, s.timeline.stepNs);
  t.deepEqual(data.latency.series.map((x) => x.points), Object.values(s.timeline.workflows));
  t.is(data.tracer.stored, s.tracer.accounting.stored);
});

test("the diagnosis ranking is the summary's, and the exemplars are the top culprit's own trace ids", (t) => {
  const d = dagRun.summary.diagnosis!;
  t.truthy(data.diagnosis);
  t.deepEqual(data.diagnosis!.culprits.map((c) => [c.service, c.operation, c.changeNs, c.p]), d.culprits.map((c) => [c.service, c.operation, c.changeNs, c.p]));
  t.is(data.diagnosis!.culprits[0]!.service, "keystone");
  t.deepEqual(data.diagnosis!.groundTruth, ["service keystone, operation validate_token"]);
  const ex = data.exemplars!;
  t.true(d.culprits[0]!.exemplars.before.includes(ex.before!.traceId));
  t.true(d.culprits[0]!.exemplars.after.includes(ex.after!.traceId));
  t.is(ex.before!.period, "before");
  t.is(ex.after!.period, "during");
  t.is(ex.before!.label, "Before the fault");
  for (const tr of [ex.before!, ex.after!]) {
    const ids = new Set(tr.spans.map((s) => s.spanId));
    t.true(tr.spans.length > 10);
    t.true(tr.criticalPath.length > 0);
    t.true(tr.criticalPath.every((c) => ids.has(c.spanId)));
    t.regex(tr.criticalPathMethod, /event DAG/);
  }
  // The slowed request is slower, and its critical path shows it.
  t.true(ex.after!.latencyNs > ex.before!.latencyNs);
});

test("the DAG is a Horizon instances request with forks and joins, and its critical path runs along edges", (t) => {
  const dag = data.dag!;
  t.is(dag.workflow, "horizon-instances");
  t.false(dag.partial);
  t.true(dag.nodes.some((n) => n.kind === "fork"));
  const indeg = new Map<number, number>();
  for (const [, b] of dag.edges) indeg.set(b, (indeg.get(b) ?? 0) + 1);
  t.true([...indeg.values()].some((n) => n > 1));
  const edges = new Set(dag.edges.map(([a, b]) => `${a}>${b}`));
  t.true(dag.criticalPath.length > 10);
  for (let i = 1; i < dag.criticalPath.length; i++) t.true(edges.has(`${dag.criticalPath[i - 1]}>${dag.criticalPath[i]}`));
  // The path ends at the root span's end: the last event of the request.
  const last = dag.nodes[dag.criticalPath[dag.criticalPath.length - 1]!]!;
  t.is(last.kind, "end");
  t.is(last.service, "client");
});

test("the same scenario and seed give a byte-identical report.html", (t) => {
  const again = runScenario(loadScenario(FIXTURE, defaultCatalog()));
  const a = reportHtml(dagRun.summary, dagRun.run.keptTraces());
  t.is(reportHtml(again.summary, again.run.keptTraces()), a);
  t.is(renderReport(data), a);
  t.false(/NaN|Infinity|undefined/.test(a));
});

test("a span-only tracer: timelines use Jaeger's span critical path, and there is no event DAG", (t) => {
  const text = readFileSync(FIXTURE, "utf8").replace("preset: dag-itc", "model: span\n  metadata: ids");
  const r = runScenario(parseScenario(text, FIXTURE, defaultCatalog()));
  const spanData = buildReportData(r.summary, r.run.keptTraces());
  t.is(spanData.tracer.model, "span");
  t.is(spanData.dag, null);
  const ex = spanData.exemplars!;
  t.truthy(ex.before ?? ex.after);
  for (const tr of [ex.before, ex.after]) {
    if (tr === null) continue;
    t.regex(tr.criticalPathMethod, /Jaeger UI's span semantics/);
    t.true(tr.criticalPath.length > 0);
  }
  const html = renderReport(spanData);
  t.regex(html, /No event DAG: the tracer recorded spans only/);
});

test("without a culprit, the exemplars are median requests of the busiest workflow from the compared windows", (t) => {
  const kept = dagRun.run.keptTraces();
  const ex = chooseExemplars({ ...dagRun.summary, diagnosis: undefined }, kept)!;
  t.regex(ex.reason, /^No culprit to illustrate, so a typical \(median-latency\) horizon-instances request/);
  t.is(ex.before!.period, "before");
  t.is(ex.after!.period, "during");
  t.is(ex.before!.label, "Before the fault");
  // The median of its window: as many kept requests of the workflow are faster as are slower (±1).
  const before = kept.filter((k) => k.period === "before" && k.workflow === "horizon-instances").map((k) => k.latencyNs);
  const faster = before.filter((l) => l < ex.before!.latencyNs).length;
  const slower = before.filter((l) => l > ex.before!.latencyNs).length;
  t.true(Math.abs(faster - slower) <= 1, `${faster} faster, ${slower} slower`);
});

test("the DAG prefers Horizon's instances page, then the concurrent pattern, then the smallest request with enough joins", (t) => {
  const kept = dagRun.run.keptTraces();
  t.is(chooseDag(kept)!.workflow, "horizon-instances");
  t.is(chooseDag(kept.filter((k) => k.workflow !== "horizon-instances"))!.workflow, "pattern-concurrent");
  const any = chooseDag(kept, [])!;
  const sizes = kept.filter((k) => k.workflow === any.workflow).map((k) => k.trace!.events.length);
  t.true(any.nodes.length <= Math.max(...sizes));
  t.is(chooseDag([]), null);
});
