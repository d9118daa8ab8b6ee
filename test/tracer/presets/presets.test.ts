import test from "ava";
import { applyOverrides, PRESET_CONFIGS, PRESET_NAMES, PRESETS, presetDefinition, resolvePreset, UnknownPresetError } from "../../../tracer/presets/index.ts";
import { createSampler } from "../../../tracer/sampling/index.ts";
import type { SamplerSpec } from "../../../tracer/sampling/index.ts";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TRACER_SCHEMAS } from "../../../tracer/config/index.ts";
import { DEFAULT_TRACER } from "../../../sim/scenario/tracer-config.ts";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog } from "../../../sim/run/catalog.ts";

const SCENARIO = (tracer: string) => `name: t\nduration: 10s\nworkload:\n  - { name: w, type: open, rate: 1/s, mix: { server-list: 1 } }\ntracer: ${tracer}\n`;

test("the twelve designs, in the order the tables list them", (t) => {
  t.deepEqual(PRESET_NAMES, ["jaeger", "zipkin", "pivot-tracing", "dapper", "canopy", "osprofiler", "blkin", "otel", "xtrace", "hindsight", "osprofiler-jaeger", "dag-itc"]);
  for (const name of PRESET_NAMES) {
    const p = PRESETS[name]!;
    t.is(p.name, name);
    t.is(p.config.preset, name);
    t.true(p.sources.length > 0, `${name} cites its sources`);
    t.true(p.notes.length >= 3, `${name} explains its choices`);
    // Each preset is a configuration the one schema accepts as it is.
    const parsed = TRACER_SCHEMAS.config.safeParse(p.config);
    t.true(parsed.success, `${name}: ${parsed.success ? "" : parsed.error.message}`);
  }
});

test("every preset file cites a source or says 'a choice' beside each collection value", (t) => {
  const dir = fileURLToPath(new URL("../../../tracer/presets/", import.meta.url));
  for (const name of PRESET_NAMES) {
    const file = readFileSync(`${dir}${name}.ts`, "utf8");
    const block = file.slice(file.indexOf("collection: {"));
    for (const line of block.split("\n")) {
      const m = /^\s+(queueSize|batchSize|flushInterval|overflow|transport|retry|costPerTracePoint|costPerKiB|assembly|sampler|mode|concurrentExports|durable|route|relay|backend|retroactive): /.exec(line);
      if (m === null) continue;
      t.regex(line, /\/\/ /, `${name}: ${m[1]} has a comment naming its source or saying it is a choice`);
    }
  }
});

test("the seed's Table 2 rows are recorded for the seven systems it lists", (t) => {
  const listed = PRESET_NAMES.filter((n) => PRESETS[n]!.paper !== undefined);
  t.deepEqual(listed, ["jaeger", "zipkin", "pivot-tracing", "dapper", "canopy", "osprofiler", "blkin"]);
  t.deepEqual(PRESETS.osprofiler!.paper, { onDemand: true, sampling: false, asyncCollection: false, dagModel: false, intervalTreeClock: false });
  t.deepEqual(PRESETS["pivot-tracing"]!.paper, { onDemand: false, sampling: true, asyncCollection: true, dagModel: true, intervalTreeClock: true });
});

test("presets follow the real systems' defaults", (t) => {
  const c = (n: string) => resolvePreset(n);
  t.is(c("osprofiler").collection.mode, "sync");
  t.is(c("osprofiler").collection.route, "broker", "messaging:// notifications on the bus");
  t.is(c("osprofiler").collection.retry.maxRetries, 0, "Notifier(retry=0)");
  t.is(c("osprofiler").sampler.type, "on-demand");
  t.is(c("osprofiler").propagation, "osprofiler");
  t.deepEqual(c("jaeger").sampler, { type: "probabilistic", rate: 0.001 });
  const j = c("jaeger").collection;
  t.deepEqual([j.queueSize, j.batchSize, j.flushInterval, j.overflow, j.transport, j.retry.maxRetries], [100, 10, 1e9, "drop-newest", "lossy", 0], "jaeger-client-python's reporter");
  t.deepEqual([j.relay?.queueSize, j.relay?.workers, j.relay?.overflow, j.relay?.retry.maxRetries], [1000, 10, "drop-newest", 3], "jaeger-agent");
  t.deepEqual([j.backend?.queueSize, j.backend?.unit, j.backend?.workers, j.backend?.overflow], [2000, "records", 50, "drop-newest"], "jaeger-collector");
  t.is(c("jaeger").propagation, "jaeger");
  t.deepEqual(c("zipkin").sampler, { type: "const", decision: true }, "Brave samples everything by default");
  t.is(c("zipkin").collection.retry.maxRetries, 0, "AsyncReporter drops a failed message");
  t.is(c("zipkin").propagation, "b3multi");
  t.deepEqual(c("dapper").sampler, { type: "probabilistic", rate: 1 / 1024 });
  t.true(c("dapper").collection.durable, "local log files survive a crash");
  const otel = c("otel").collection;
  t.deepEqual([otel.queueSize, otel.batchSize, otel.flushInterval, otel.overflow], [2048, 512, 5e9, "drop-newest"]);
  t.deepEqual(c("otel").sampler, { type: "parent-based", root: { type: "const", decision: true } }, "the SDK default ParentBased(AlwaysOn)");
  t.deepEqual(c("pivot-tracing").sampler, { type: "const", decision: false, followParent: false }, "query results, not traces");
  t.is(c("hindsight").collection.mode, "retroactive");
  t.deepEqual([c("osprofiler-jaeger").sampler.type, c("osprofiler-jaeger").collection.relay?.queueSize], ["on-demand", 1000], "the talk's plan: OSProfiler's trigger, Jaeger's pipeline");
  for (const n of ["jaeger", "zipkin", "otel", "osprofiler", "dapper", "xtrace", "hindsight", "osprofiler-jaeger"]) t.is(c(n).collection.assembly.rule, "query-time", n);
  for (const n of ["dag-itc", "canopy"]) t.deepEqual(c(n).collection.assembly, { rule: "quiet-window", window: 30e9 }, n);
  t.deepEqual([c("xtrace").model, c("xtrace").metadata], ["dag", "ids"]);
  t.deepEqual([c("canopy").model, c("canopy").metadata], ["dag", "ids"]);
  t.deepEqual([c("dag-itc").model, c("dag-itc").metadata], ["dag", "itc"]);
  for (const n of ["jaeger", "zipkin", "dapper", "blkin", "otel", "osprofiler", "hindsight", "osprofiler-jaeger"]) t.is(c(n).model, "span", n);
  // No two presets are the same configuration.
  const texts = PRESET_NAMES.map((n) => JSON.stringify({ ...PRESET_CONFIGS[n], preset: "" }));
  t.is(new Set(texts).size, texts.length);
});

test("dag-itc is the runner's default design, so naming it changes nothing", (t) => {
  t.deepEqual(resolvePreset("dag-itc"), DEFAULT_TRACER);
});

test("every preset's sampler builds", (t) => {
  for (const n of PRESET_NAMES) {
    const p = PRESETS[n]!;
    t.notThrows(() => createSampler(p.config.sampler as SamplerSpec, { clock: { now: () => 0 } }), n);
    if (p.samplerAtTenPercent !== null) t.notThrows(() => createSampler(p.samplerAtTenPercent as SamplerSpec, { clock: { now: () => 0 } }), n);
  }
});

test("resolvePreset lays overrides over a copy: sampler replaced whole, collection, its stages and tail merged", (t) => {
  const before = JSON.stringify(PRESETS.jaeger!.config);
  const r = resolvePreset("jaeger", { sampler: { type: "adaptive", targetTracesPerSecond: 2 }, collection: { queueSize: 50, relay: { queueSize: 10 } }, tail: { latencyThreshold: 5e8 } });
  t.deepEqual(r.sampler, { type: "adaptive", targetTracesPerSecond: 2 });
  t.is(r.collection.queueSize, 50);
  t.is(r.collection.overflow, "drop-newest");
  t.deepEqual(r.collection.relay, { ...PRESETS.jaeger!.config.collection.relay!, queueSize: 10 });
  t.deepEqual(r.tail, { errors: true, operations: [], rareShapes: false, decisionWait: 30e9, maxPendingTraces: 50_000, latencyThreshold: 5e8 });
  // A stage the preset lacks starts from its reference defaults (here Hindsight's buffer pool).
  t.deepEqual(resolvePreset("otel", { collection: { mode: "retroactive", retroactive: { latencyTrigger: 1e9 } } }).collection.retroactive, { buffers: 10_000, bufferBytes: 32_768, errorTrigger: true, latencyTrigger: 1e9 });
  t.is(JSON.stringify(PRESETS.jaeger!.config), before, "the preset is unchanged");
  t.true(Object.isFrozen(r) && Object.isFrozen(r.collection), "immer freezes the result");
  t.is(applyOverrides(PRESETS.otel!.config, {}), PRESETS.otel!.config, "no overrides: the preset itself");
});

test("an unknown preset is a typed error naming the closest one", (t) => {
  const e = t.throws(() => resolvePreset("jager"), { instanceOf: UnknownPresetError });
  t.is(e.suggestion, "jaeger");
  t.is(e.message, 'unknown tracer preset "jager" (did you mean "jaeger"?); expected one of blkin, canopy, dag-itc, dapper, hindsight, jaeger, osprofiler, osprofiler-jaeger, otel, pivot-tracing, xtrace, zipkin');
  t.is(t.throws(() => presetDefinition("nothing-like-it"), { instanceOf: UnknownPresetError }).suggestion, undefined);
  t.throws(() => presetDefinition("toString"), { instanceOf: UnknownPresetError });
});

test("a scenario names a preset and overrides it", (t) => {
  for (const n of PRESET_NAMES) {
    const s = parseScenario(SCENARIO(`{ preset: ${n} }`), "t.yaml", defaultCatalog());
    t.deepEqual(s.tracer, PRESET_CONFIGS[n], n);
  }
  const s = parseScenario(SCENARIO("{ preset: jaeger, sampler: { type: probabilistic, rate: 0.5 }, collection: { queueSize: 10, assembly: { rule: quiet-window, window: 45s } } }"), "t.yaml", defaultCatalog());
  t.deepEqual(s.tracer.sampler, { type: "probabilistic", rate: 0.5 });
  t.is(s.tracer.collection.queueSize, 10);
  t.is(s.tracer.collection.overflow, "drop-newest");
  t.deepEqual(s.tracer.collection.assembly, { rule: "quiet-window", window: 45e9 }, "durations in a scenario file are read with its units");
  const bad = t.throws(() => parseScenario(SCENARIO("{ preset: otle }"), "t.yaml", defaultCatalog()));
  t.regex(bad.message, /t\.yaml:5:\d+: tracer\.preset: unknown tracer preset "otle" \(did you mean "otel"\?\)/);
});
