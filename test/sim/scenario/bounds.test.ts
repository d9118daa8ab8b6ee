// Values past what a run can do are refused by the loader with the path, the bound and why
// (sim/scenario/bounds.ts, sim/run/topology-limits.ts), rather than hanging `run` or `validate`.
import test from "ava";
import { ScenarioError } from "../../../sim/scenario/errors.ts";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { promisedRequests } from "../../../sim/scenario/semantic.ts";
import { MAX_DURATION_NS, MAX_REQUESTS } from "../../../sim/scenario/bounds.ts";
import { defaultCatalog } from "../../../sim/run/catalog.ts";
import { runScenario } from "../../../sim/run/index.ts";
import { importTraceText, toJaegerJson, toOtlpJson } from "../../../tracer/export/index.ts";
import { outputProblems } from "../run/outputs.ts";
import { minimal, testCatalog } from "./helpers.ts";

function errorOf(text: string, catalog = testCatalog): string {
  try {
    parseScenario(text, "s.yaml", catalog);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  throw new Error("expected a ScenarioError");
}

const DURATION = "expected a duration at most 240h (10 days): virtual time is whole ns in a double, exact to 2^53 ns, and a run adds durations together";

test("durations past 10 days are refused, as numbers or as text", (t) => {
  t.is(errorOf(minimal.replace("duration: 10s", "duration: 1e308")), `s.yaml:3:11: duration: ${DURATION}, got 1e+308`);
  t.is(errorOf(minimal.replace("duration: 10s", "duration: 2e16")), `s.yaml:3:11: duration: ${DURATION}, got 20000000000000000`);
  // zod refuses infinities as numbers before the bound is reached.
  t.is(errorOf(minimal.replace("duration: 10s", "duration: .inf")), "s.yaml:3:11: duration: expected a string or a number, got number Infinity");
  t.is(errorOf(minimal.replace("duration: 10s", "duration: 241h")), `s.yaml:3:11: duration: ${DURATION}, got "241h"`);
  t.is(errorOf(minimal.replace("duration: 10s", "duration: 100000000h")), `s.yaml:3:11: duration: ${DURATION}, got "100000000h"`);
  t.is(parseScenario(minimal.replace("duration: 10s", "duration: 240h"), "s.yaml", testCatalog).duration, MAX_DURATION_NS);
});

test("rates past one per ns, and workloads past the request budget, are refused at the generator", (t) => {
  t.is(
    errorOf(minimal.replace("rate: 5/s", "rate: 1e308")),
    "s.yaml:5:36: workload[0].rate: expected a rate at most 1e9 per second (one request per ns, the resolution of virtual time), got 1e+308",
  );
  t.is(
    errorOf(minimal.replace("rate: 5/s", "rate: 1e9")),
    "s.yaml:5:36: workload[0].rate: this generator would issue about 10,000,000,000 requests (its rate over its window); a run can simulate at most 10,000,000 (about 100 kernel events each at ~40,000 events per wall second: 7 hours)",
  );
  // Two generators each under the budget, together over it.
  const two = `name: two\nduration: 100s\nworkload:\n  - { name: a, type: open, rate: 60000, mix: { token-issue: 1 } }\n  - { name: b, type: open, rate: 60000, mix: { token-issue: 1 } }\n`;
  t.regex(errorOf(two), /^s\.yaml:4:3: workload: the generators together would issue about 12,000,000 requests; a run can simulate at most 10,000,000/);
});

test("a billion users, or a closed loop that would issue too many requests, is refused", (t) => {
  const closed = (users: string, think = "1s") => `name: c\nduration: 10s\nworkload:\n  - { name: h, type: closed, users: ${users}, think: ${think}, mix: { token-issue: 1 } }\n`;
  t.is(
    errorOf(closed("1000000000")),
    "s.yaml:4:37: workload[0].users: expected at most 100,000 users (each is a live process with a request in flight, about 16 KB: more exceed Node's default heap), got 1,000,000,000",
  );
  t.regex(errorOf(closed("100000", "1us")), /workload\[0\]\.users: this generator would issue about 1,000,000,000,000 requests \(its users, each issuing a request per mean think time\)/);
  t.notThrows(() => parseScenario(closed("100000"), "s.yaml", testCatalog));
});

test("a 1 ns report window is refused with the smallest window that fits", (t) => {
  t.is(
    errorOf(`${minimal}report: { periods: windows, window: 1 }\n`),
    "s.yaml:6:37: report.window: 1ns windows over 10s make 10,000,000,000 periods; expected at most 1000 (names w000–w999, a latency entry per workflow and window in summary.json): use a window of at least 10ms",
  );
  t.notThrows(() => parseScenario(`${minimal}report: { periods: windows, window: 10ms }\n`, "s.yaml", testCatalog));
});

test("clock skew: offsets past 10 days either way and drifts outside (-1e6, 1e6] ppm are refused", (t) => {
  const skew = (params: string) => `${minimal}faults:\n  - { kind: clock-skew, at: 1s, target: { host: controller-1 }, ${params} }\n`;
  t.is(errorOf(skew("offsetNs: 1e300")), "s.yaml:7:75: faults[0].offsetNs: expected a clock offset at most 240h (10 days) either way, so host-clock times stay exact, got 1e+300");
  t.is(errorOf(skew('offsetNs: "-241h"')), 's.yaml:7:75: faults[0].offsetNs: expected a clock offset at most 240h (10 days) either way, so host-clock times stay exact, got "-241h"');
  const drift = "expected a drift more than -1000000 ppm (a stopped clock) and at most 1000000 ppm (twice the true rate), so host-clock times stay exact";
  t.is(errorOf(skew("driftPpm: 1e300")), `s.yaml:7:75: faults[0].driftPpm: ${drift}, got 1e+300`);
  t.is(errorOf(skew("driftPpm: -1000000")), `s.yaml:7:75: faults[0].driftPpm: ${drift}, got -1000000`);
  const ok = parseScenario(skew('offsetNs: "-240h", driftPpm: 1000000'), "s.yaml", testCatalog).faults[0]!;
  t.like(ok, { offsetNs: -MAX_DURATION_NS, driftPpm: 1e6 });
});

test("the model's topology: a billion replicas is refused before the cloud is built, as are oversized hosts, users and times", (t) => {
  const catalog = defaultCatalog();
  const over = (overrides: string) => `${minimal}topology: { overrides: ${overrides} }\n`;
  const started = process.hrtime.bigint();
  t.is(
    errorOf(over("{ services: { keystone: { replicas: 1000000000 } } }"), catalog),
    "s.yaml:6:60: topology.overrides.services.keystone.replicas: expected at most 10,000 instances of a service, got 1,000,000,000",
  );
  // Refused without building anything (a billion instances would take hours): a generous bound, not a timing assertion.
  t.true(process.hrtime.bigint() - started < 60_000_000_000n);
  t.regex(errorOf(over("{ hosts: { computes: 100000 } }"), catalog), /topology\.overrides\.hosts\.computes: expected at most 1,000 hosts/);
  t.regex(errorOf(over("{ keystone: { users: 1000000000 } }"), catalog), /topology\.overrides\.keystone\.users: expected at most 100,000 users/);
  t.regex(errorOf(over("{ http: { timeoutNs: 1e300 } }"), catalog), /topology\.overrides\.http\.timeoutNs: expected a duration at most 240h/);
  t.regex(errorOf(over('{ hosts: { clocks: { controller-1: { driftPpm: -2000000 } } } }'), catalog), /topology\.overrides\.hosts\.clocks\.controller-1\.driftPpm: expected a drift more than -1000000 ppm/);
  t.regex(errorOf(over("{ latency: { keystone.validate_token: { kind: exponential, mean: 1e300 } } }"), catalog), /topology\.overrides\.latency\["keystone\.validate_token"\]\.mean: expected a duration at most 240h/);
  t.regex(errorOf(over("{ compute: { initialInstances: 1000000 } }"), catalog), /topology\.overrides\.compute\.initialInstances: 1,000,000 per compute host on 4 hosts are 4,000,000 servers/);
});

test("promised requests integrate the rate over the generator's window and its changes", (t) => {
  const s = parseScenario(
    `name: p\nduration: 100s\nworkload:\n  - { name: a, type: open, rate: 10, start: 10s, stop: 60s, changes: [{ at: 20s, rate: 100 }, { at: 40s, rate: 0 }], mix: { token-issue: 1 } }\n`,
    "s.yaml",
    testCatalog,
  );
  // 10/s for 10 s, 100/s for 20 s, 0 after.
  t.is(promisedRequests(s.workload[0]!, s.duration), 10 * 10 + 100 * 20);
  t.true(MAX_REQUESTS >= 1e6);
});

test("a clock set back past the epoch (before Unix time 0) is refused: exports cannot hold it", (t) => {
  const catalog = defaultCatalog();
  const at1970 = `${minimal}epoch: "1970-01-01T00:00:01Z"\nfaults:\n  - { kind: clock-skew, at: 1s, target: { host: controller-1 }, offsetNs: -2s }\n`;
  t.is(
    errorOf(at1970, catalog),
    "s.yaml:8:75: faults[0].offsetNs: with the epoch 1970-01-01T00:00:01Z, clocks set back by 2s in all would read before 1970-01-01T00:00:00Z, which exported traces cannot hold; use a later epoch or a smaller offset",
  );
  t.regex(
    errorOf(`${minimal}epoch: "1970-01-01T00:00:01Z"\ntopology: { overrides: { hosts: { clocks: { controller-2: { offsetNs: -5s } } } } }\n`, catalog),
    /topology\.overrides\.hosts\.clocks\.controller-2\.offsetNs: this clock would read before 1970-01-01T00:00:00Z/,
  );
});

test("the most extreme clocks a scenario may ask for give clean outputs that tracebed reads back", (t) => {
  const file = [
    "name: extreme-clocks",
    "duration: 3s",
    "workload:",
    "  - { name: cli, type: open, rate: 10/s, mix: { server-list: 1, token-issue: 1 } }",
    "faults:",
    "  - { kind: clock-skew, at: 500ms, for: 1s, target: { host: controller-1 }, offsetNs: 240h, driftPpm: 1000000 }",
    '  - { kind: clock-skew, at: 1s, target: { host: controller-2 }, offsetNs: "-240h", driftPpm: -999999 }',
    "report: { keepTraces: 20 }",
    "",
  ].join("\n");
  const { run, summary } = runScenario(parseScenario(file, "extreme.yaml", defaultCatalog()));
  const traces = run.keptTraces().flatMap((k) => (k.trace === undefined ? [] : [k.trace]));
  const options = { epoch: "2026-01-01T00:00:00Z" };
  const jaeger = toJaegerJson(traces, options);
  const otlp = toOtlpJson(traces, options);
  t.deepEqual(outputProblems(summary, jaeger, otlp), []);
  t.true(traces.length > 0);
  for (const [name, body] of [["traces.jaeger.json", jaeger], ["traces.otlp.json", otlp]] as const) t.notThrows(() => importTraceText(body, name), name);
});

test("what the model would fail to build is refused with its path: a bad latency distribution, a fractional pool, a think time that rounds to 0 ns", (t) => {
  const catalog = defaultCatalog();
  const over = (overrides: string) => `${minimal}topology: { overrides: ${overrides} }\n`;
  t.regex(errorOf(over("{ latency: { keystone.validate_token: { kind: gamma, mean: 5ms } } }"), catalog), /topology\.overrides\.latency\["keystone\.validate_token"\]\.kind: kind must be one of constant, uniform/);
  t.regex(errorOf(over("{ services: { keystone: { workers: 1e-300 } } }"), catalog), /topology\.overrides\.services\.keystone\.workers: expected a whole number, got 1e-300/);
  t.regex(errorOf(over("{ network: { links: { controller-1<->db-1: { latency: 1ms, loss: 2 } } } }"), catalog), /topology\.overrides\.network\.links\["controller-1<->db-1"\]\.latency: /);
  const closed = `name: c\nduration: 10s\nworkload:\n  - { name: h, type: closed, users: 1, think: { kind: exponential, mean: 1e-300 }, mix: { token-issue: 1 } }\n`;
  t.regex(errorOf(closed, catalog), /workload\[0\]\.think\.mean: mean must be a finite number > 0/);
});
