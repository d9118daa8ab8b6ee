// A child process of the soak bench (in its own folder, so the bench runner does not load it):
// runs the scenario file given, in slices, and prints one JSON line on stderr: wall seconds,
// kernel events, requests, peak resident memory, the heap after a full collection at the middle
// of the run and at its end (growth between them would be a leak), and every invariant checked
// at the end — the accounting law over the whole run and per host, trace points in the DAG model,
// no NaN, null or negative latency or time in summary.json or the exports, and tracebed reading
// its own exports back.
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { buildSummary, defaultCatalog, defaultModel, ScenarioRun } from "../../../sim/run/index.ts";
import { DROP_REASONS } from "../../../tracer/collect/index.ts";
import { runProblems } from "../../sim/run/outputs.ts";

const [file] = process.argv.slice(2);
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapMiB = (): number => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const scenario = parseScenario(readFileSync(file!, "utf8"), file!, defaultCatalog());
const t0 = process.hrtime.bigint();
const run = new ScenarioRun(scenario, defaultModel());
let heapMid = 0;
let paused = 0n;
while (!run.advance(200_000)) {
  if (heapMid === 0 && run.progress >= 0.5) {
    // The collection is not the run's time.
    const p = process.hrtime.bigint();
    heapMid = heapMiB();
    paused += process.hrtime.bigint() - p;
  }
}
const seconds = Number(process.hrtime.bigint() - t0 - paused) / 1e9;
const heapEnd = heapMiB();
// The run's own peak, before the end-of-run checks build the exports (of every kept trace) and read them back.
const runRssMiB = process.resourceUsage().maxRSS / 1024;
const summary = buildSummary(run);
const problems = runProblems(run, summary, scenario.tracer.model, { epoch: scenario.epoch });
const a = summary.tracer.accounting;
const dropped = DROP_REASONS.reduce((n, r) => n + a.dropped[r], 0);
const requests = Object.values(summary.requests).reduce((n, r) => n + r.issued, 0);
process.stderr.write(
  `${JSON.stringify({
    seconds,
    events: run.sim.eventLog.count,
    requests,
    faults: summary.faults.length,
    kinds: [...new Set(summary.faults.map((f) => f.kind))].length,
    emitted: a.emitted,
    stored: a.stored,
    dropped,
    keptTraces: run.keptTraces().filter((k) => k.trace !== undefined).length,
    runRssMiB,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapMidMiB: heapMid,
    heapEndMiB: heapEnd,
    problems,
  })}\n`,
);
