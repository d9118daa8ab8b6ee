import test from "ava";
import { applyOverrides, PRESET_CONFIGS, PRESET_NAMES, PRESETS, presetDefinition, resolvePreset, UnknownPresetError } from "../../../tracer/presets/index.ts";
import { createSampler } from "../../../tracer/sampling/index.ts";
import type { SamplerSpec } from "../../../tracer/sampling/index.ts";
import { DEFAULT_TRACER } from "../../../sim/scenario/tracer-config.ts";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog } from "../../../sim/run/catalog.ts";

const SCENARIO = (tracer: string) => `name: t\nduration: 10s\nworkload:\n  - { name: w, type: open, rate: 1/s, mix: { server-list: 1 } }\ntracer: ${tracer}\n`;

test("the ten systems, in the order the tables list them", (t) => {
  t.deepEqual(PRESET_NAMES, ["jaeger", "zipkin", "pivot-tracing", "dapper", "canopy", "osprofiler", "blkin", "otel", "xtrace", "dag-itc"]);
  for (const name of PRESET_NAMES) {
    const p = PRESETS[name]!;
    t.is(p.name, name);
    t.is(p.config.preset, name);
    t.true(p.sources.length > 0, `${name} cites its sources`);
    t.true(p.notes.length >= 3, `${name} explains its choices`);
  }
});

test("the seed's Table 2 rows are recorded for the seven systems it lists", (t) => {
  const listed = PRESET_NAMES.filter((n) => PRESETS[n]!.paper !== undefined);
  t.deepEqual(listed, ["jaeger", "zipkin", "pivot-tracing", "dapper", "canopy", "osprofiler", "blkin"]);
  t.deepEqual(PRESETS.osprofiler!.paper, { onDemand: true, sampling: false, asyncCollection: false, dagModel: false, intervalTreeClock: false });
  t.deepEqual(PRESETS["pivot-tracing"]!.paper, { onDemand: false, sampling: true, asyncCollection: true, dagModel: true, intervalTreeClock: true });
});

test("presets differ where the systems differ", (t) => {
  const c = (n: string) => resolvePreset(n);
  t.is(c("osprofiler").collection.mode, "sync");
  t.is(c("osprofiler").sampler.type, "on-demand");
  t.is(c("osprofiler").propagation, "osprofiler");
  t.deepEqual(c("jaeger").sampler, { type: "probabilistic", rate: 0.001 });
  t.is(c("jaeger").collection.overflow, "drop-oldest");
  t.is(c("jaeger").collection.transport, "lossy");
  t.is(c("jaeger").propagation, "jaeger");
  t.is(c("zipkin").propagation, "b3");
  t.deepEqual(c("dapper").sampler, { type: "probabilistic", rate: 1 / 1024 });
  const otel = c("otel").collection;
  t.deepEqual([otel.queueSize, otel.batchSize, otel.flushInterval, otel.overflow], [2048, 512, 5e9, "drop-newest"]);
  t.is(c("otel").sampler.type, "parent-based");
  t.deepEqual([c("xtrace").model, c("xtrace").metadata], ["dag", "ids"]);
  t.deepEqual([c("canopy").model, c("canopy").metadata], ["dag", "ids"]);
  t.deepEqual([c("dag-itc").model, c("dag-itc").metadata], ["dag", "itc"]);
  for (const n of ["jaeger", "zipkin", "dapper", "blkin", "otel", "osprofiler"]) t.is(c(n).model, "span", n);
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

test("resolvePreset lays overrides over a copy: sampler replaced whole, collection and tail merged", (t) => {
  const before = JSON.stringify(PRESETS.jaeger!.config);
  const r = resolvePreset("jaeger", { sampler: { type: "adaptive", targetTracesPerSecond: 2 }, collection: { queueSize: 50 }, tail: { latencyThreshold: 5e8 } });
  t.deepEqual(r.sampler, { type: "adaptive", targetTracesPerSecond: 2 });
  t.is(r.collection.queueSize, 50);
  t.is(r.collection.overflow, "drop-oldest");
  t.deepEqual(r.tail, { errors: true, operations: [], rareShapes: false, decisionWait: 5e9, maxPendingTraces: 10_000, latencyThreshold: 5e8 });
  t.is(JSON.stringify(PRESETS.jaeger!.config), before, "the preset is unchanged");
  t.true(Object.isFrozen(r) && Object.isFrozen(r.collection), "immer freezes the result");
  t.is(applyOverrides(PRESETS.otel!.config, {}), PRESETS.otel!.config, "no overrides: the preset itself");
});

test("an unknown preset is a typed error naming the closest one", (t) => {
  const e = t.throws(() => resolvePreset("jager"), { instanceOf: UnknownPresetError });
  t.is(e.suggestion, "jaeger");
  t.is(e.message, 'unknown tracer preset "jager" (did you mean "jaeger"?); expected one of blkin, canopy, dag-itc, dapper, jaeger, osprofiler, otel, pivot-tracing, xtrace, zipkin');
  t.is(t.throws(() => presetDefinition("nothing-like-it"), { instanceOf: UnknownPresetError }).suggestion, undefined);
  t.throws(() => presetDefinition("toString"), { instanceOf: UnknownPresetError });
});

test("a scenario names a preset and overrides it", (t) => {
  for (const n of PRESET_NAMES) {
    const s = parseScenario(SCENARIO(`{ preset: ${n} }`), "t.yaml", defaultCatalog());
    t.deepEqual(s.tracer, PRESET_CONFIGS[n], n);
  }
  const s = parseScenario(SCENARIO("{ preset: jaeger, sampler: { type: probabilistic, rate: 0.5 }, collection: { queueSize: 10 } }"), "t.yaml", defaultCatalog());
  t.deepEqual(s.tracer.sampler, { type: "probabilistic", rate: 0.5 });
  t.is(s.tracer.collection.queueSize, 10);
  t.is(s.tracer.collection.overflow, "drop-oldest");
  const bad = t.throws(() => parseScenario(SCENARIO("{ preset: otle }"), "t.yaml", defaultCatalog()));
  t.regex(bad.message, /t\.yaml:5:\d+: tracer\.preset: unknown tracer preset "otle" \(did you mean "otel"\?\)/);
});
