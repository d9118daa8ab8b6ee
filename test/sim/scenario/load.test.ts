import test from "ava";
import { ScenarioError } from "../../../sim/scenario/errors.ts";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { minimal, testCatalog } from "./helpers.ts";

function errorOf(text: string, file = "s.yaml"): string {
  try {
    parseScenario(text, file, testCatalog);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  throw new Error("expected a ScenarioError");
}

test("a minimal scenario gets its defaults and durations in ns", (t) => {
  const s = parseScenario(minimal, "tiny.yaml", testCatalog);
  t.is(s.name, "tiny");
  t.is(s.duration, 10_000_000_000);
  t.is(s.warmup, 0);
  t.is(s.seed, 1);
  t.deepEqual(s.faults, []);
  t.is(s.topology.profile, "small");
  t.deepEqual(s.topology.config, testCatalog.profiles.small);
  t.is(s.tracer.model, "dag");
  t.is(s.tracer.metadata, "itc");
  t.is(s.tracer.collection.mode, "async");
  const g = s.workload[0]!;
  t.is(g.type, "open");
  if (g.type === "open") {
    t.is(g.rate, 5);
    t.is(g.arrival, "poisson");
  }
  t.regex(s.sourceHash, /^[0-9a-f]{64}$/);
});

test("durations, rates and distributions in their written forms", (t) => {
  const s = parseScenario(
    `
name: forms
duration: 1m30s
warmup: 1500ms
workload:
  - { name: a, type: open, arrival: constant, rate: 120/min, mix: { token-issue: 1 }, changes: [{ at: 30s, rate: 2.5 }] }
  - { name: b, type: closed, users: 3, think: { kind: lognormal, median: 2s, p99: 10s }, mix: { server-list: 1 } }
  - { name: c, type: closed, users: 1, think: 250us, mix: { server-list: 1 } }
faults:
  - { kind: latency, at: 45s, for: 10s, target: { service: keystone, operation: validate-token }, add: { kind: uniform, min: 1ms, max: 3ms } }
  - { kind: clock-skew, at: 0, target: { host: compute-2 }, offsetNs: -20ms }
  - { kind: latency, at: 10s, target: { service: keystone }, growth: { state: revocation-events, eventsPerSecond: 2/s } }
`,
    "forms.yaml",
    testCatalog,
  );
  t.is(s.duration, 90e9);
  t.is(s.warmup, 1.5e9);
  const [a, b, c] = s.workload;
  t.true(a?.type === "open" && a.rate === 2 && a.changes[0]!.rate === 2.5 && a.changes[0]!.at === 30e9);
  t.deepEqual(b?.type === "closed" ? b.think : undefined, { kind: "lognormal", median: 2e9, p99: 10e9 });
  t.deepEqual(c?.type === "closed" ? c.think : undefined, { kind: "constant", value: 250_000 });
  const f = s.faults[0]!;
  t.true(f.kind === "latency" && f.at === 45e9 && f.for === 10e9);
  t.deepEqual(f.kind === "latency" ? f.add : undefined, { kind: "uniform", min: 1e6, max: 3e6 });
  const skew = s.faults[1]!;
  t.true(skew.kind === "clock-skew" && skew.offsetNs === -20e6);
  t.deepEqual(s.faults[2]!.kind === "latency" ? s.faults[2]!.growth : undefined, { state: "revocation-events", eventsPerSecond: 2 });
});

test("JSON files are read too", (t) => {
  const s = parseScenario(
    JSON.stringify({ name: "j", duration: "5s", workload: [{ name: "a", type: "open", rate: 1, mix: { "token-issue": 1 } }] }),
    "j.json",
    testCatalog,
  );
  t.is(s.duration, 5e9);
});

test("wrong types name the path, line and column and what was expected", (t) => {
  t.is(
    errorOf(`name: tiny\nduration: 10s\nseed: true\nworkload:\n  - { name: cli, type: open, rate: fast, mix: { token-issue: 1 } }\n`),
    [
      "s.yaml:3:7: seed: expected a number or a string, got boolean true",
      's.yaml:5:36: workload[0].rate: expected a rate like "5/s", "300/min" or a number per second, got "fast"',
    ].join("\n"),
  );
});

test("a missing required field is named", (t) => {
  t.is(errorOf(`name: tiny\nworkload: []\n`), "s.yaml:1:1: duration: missing; expected a string or a number\ns.yaml:2:11: workload: expected a list of at least 1 item(s), got a list");
});

test("unknown names get the closest valid one", (t) => {
  const message = errorOf(
    minimal +
      `faults:\n  - { kind: latency, at: 2s, add: 5ms, target: { service: keystnoe } }\n` +
      `  - { kind: latency, at: 2s, add: 5ms, target: { service: keystone, operation: validate-tokn } }\n`,
  );
  t.is(
    message,
    [
      's.yaml:7:59: faults[0].target.service: unknown service "keystnoe" (did you mean "keystone"?); expected one of horizon, keystone, memcached, nova-api',
      's.yaml:8:80: faults[1].target.operation: unknown operation of keystone "validate-tokn" (did you mean "validate-token"?); expected one of issue-token, validate-token',
    ].join("\n"),
  );
});

test("long name lists are shortened when a suggestion is given", (t) => {
  const many = { ...testCatalog, names: (x: object) => ({ ...testCatalog.names(x), workflows: Array.from({ length: 20 }, (_, i) => `workflow-${String(i).padStart(2, "0")}`) }) };
  const text = minimal.replace("token-issue", "workflow-7");
  t.throws(() => parseScenario(text, "s.yaml", many), {
    instanceOf: ScenarioError,
    message: 's.yaml:5:48: workload[0].mix.workflow-7: unknown workflow "workflow-7" (did you mean "workflow-07"?)',
  });
});

test("unknown keys, kinds and enum values get suggestions", (t) => {
  const message = errorOf(
    minimal + `faults:\n  - { kind: latncy, at: 2s }\n  - { kind: crash, at: 2s, target: { hots: compute-1 } }\ntracer: { model: dga }\nwarmpu: 1s\n`,
  );
  t.true(message.includes('s.yaml:7:13: faults[0].kind: unknown kind "latncy" (did you mean "latency"?); expected one of "latency", '), message);
  t.true(message.includes('s.yaml:8:38: faults[1].target.hots: unknown key "hots" (did you mean "host"?); expected one of host, instance, link, operation, service'), message);
  t.true(message.includes('s.yaml:9:18: tracer.model: expected one of "span", "dag", got "dga" (did you mean "dag"?)'), message);
  t.true(message.includes('s.yaml:10:1: warmpu: unknown key "warmpu" (did you mean "warmup"?)'), message);
});

test("negative durations are refused", (t) => {
  t.is(errorOf(minimal.replace("10s", "-10s")), 's.yaml:3:11: duration: a duration cannot be negative, got "-10s"');
  t.is(
    errorOf(minimal + `faults:\n  - { kind: latency, at: 2s, add: { kind: exponential, mean: -3ms }, target: { service: keystone } }\n`),
    's.yaml:7:62: faults[0].add.mean: a duration cannot be negative, got "-3ms"',
  );
});

test("faults outside the run are refused", (t) => {
  const message = errorOf(
    minimal + `faults:\n  - { kind: crash, at: 12s, target: { service: keystone } }\n  - { kind: freeze, at: 8s, for: 5s, target: { host: compute-1 } }\n`,
  );
  t.is(
    message,
    [
      "s.yaml:7:24: faults[0].at: the fault's start at 12s is outside the run, which lasts 10s",
      's.yaml:8:34: faults[1].for: the fault ends at 13s, after the run ends at 10s; shorten "for" or omit it to last until the end',
    ].join("\n"),
  );
});

test("malformed YAML reports the line and column", (t) => {
  t.is(errorOf(`name: tiny\nduration: 10s\nworkload: [ { name: cli\n`), [
    "s.yaml:4:1: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }",
    "s.yaml:4:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ].join("\n"));
  t.regex(errorOf(`name: a\nname: b\n`), /^s\.yaml:2:1: YAML syntax error: Map keys must be unique/);
  t.is(errorOf(`- a\n- b\n`), "s.yaml: expected a mapping at the top level (name, duration, workload, …)");
});

test("topology overrides must name profile fields and keep their types", (t) => {
  const ok = parseScenario(minimal + `topology:\n  overrides: { computes: 4, keystone: { cacheTtlNs: 60s } }\n`, "s.yaml", testCatalog);
  t.deepEqual(ok.topology.config, { computes: 4, keystone: { workers: 4, cacheTtlNs: 60e9 }, hosts: ["controller-1"] });
  t.deepEqual(testCatalog.profiles.small, { computes: 2, keystone: { workers: 4, cacheTtlNs: 300e9 }, hosts: ["controller-1"] });
  t.is(
    errorOf(minimal + `topology:\n  overrides: { keystone: { wrokers: 8, cacheTtlNs: soon } }\n`),
    [
      "s.yaml:7:52: topology.overrides.keystone.cacheTtlNs: expected a duration like \"250ms\", \"1.5s\", \"2m\" or \"1m30s\", got \"soon\"",
      's.yaml:7:28: topology.overrides.keystone.wrokers: unknown topology field "wrokers" (did you mean "workers"?); expected one of cacheTtlNs, workers',
    ].join("\n"),
  );
});

test("names depend on the resolved topology", (t) => {
  const withHost = minimal + `faults:\n  - { kind: crash, at: 1s, target: { host: compute-3 } }\n`;
  t.regex(errorOf(withHost), /unknown host "compute-3" \(did you mean "compute-1"\?\)/);
  t.notThrows(() => parseScenario(withHost + `topology: { overrides: { computes: 3 } }\n`, "s.yaml", testCatalog));
});

test("every problem is listed, not just the first", (t) => {
  const message = errorOf(
    minimal.replace("token-issue", "token-isue") + `warmup: 20s\nfaults:\n  - { kind: crash, at: 30s, target: { service: nvoa-api } }\n`,
  );
  t.is(message.split("\n").length, 4, message);
});
