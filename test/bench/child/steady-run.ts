// A child process of the million bench (in its own folder, so the bench runner does not take it
// for a suite): one steady run of the default scenario's load, fully traced or untraced, sized
// for about `requests` requests (argv: requests, "traced" | "untraced"). Prints one JSON line on
// stdout: requests issued, records emitted, this process's CPU and wall seconds for the run
// (loading and the rate probe excluded) and its peak resident memory over its whole life.
import { loadScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog, defaultModel, ScenarioRun } from "../../../sim/run/index.ts";
import { DEFAULT, fullTracing, steady } from "../steady-scenario.ts";

const requests = Number(process.argv[2]);
const mode = process.argv[3];
if (!Number.isSafeInteger(requests) || requests <= 0 || (mode !== "traced" && mode !== "untraced")) {
  process.stderr.write("usage: steady-run.ts <requests> traced|untraced\n");
  process.exit(2);
}
const base = fullTracing(loadScenario(DEFAULT, defaultCatalog()));
// The default scenario's request rate, as the sim bench takes it: from one fully traced run.
const probe = new ScenarioRun(base, defaultModel(), { tracing: true });
probe.runToEnd();
let issued = 0;
for (const c of probe.aggregates.counts.values()) issued += c.issued;
const rate = issued / (base.duration / 1e9);

const scenario = steady(base, rate, requests);
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const run = new ScenarioRun(scenario, defaultModel(), { tracing: mode === "traced" });
run.runToEnd();
const c = process.cpuUsage(c0);
const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
let runRequests = 0;
for (const x of run.aggregates.counts.values()) runRequests += x.issued;
const result = {
  requests: runRequests,
  events: run.tracing.accounting().emitted,
  cpuS: (c.user + c.system) / 1e6,
  wallS,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(JSON.stringify(result) + "\n");
