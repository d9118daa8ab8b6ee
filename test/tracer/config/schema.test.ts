// One schema for the tracer configuration: presets are values of it, scenario files write
// overrides of it (with their units), `tracebed schema` carries its descriptions, and a bad
// field names the file, the path and what was expected.
import test from "ava";
import { TRACER_SCHEMAS, applyOverrides, samplerSchemas, PLAIN_UNITS } from "../../../tracer/config/index.ts";
import { PRESETS } from "../../../tracer/presets/index.ts";
import { scenarioJsonSchema } from "../../../sim/scenario/schema.ts";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog } from "../../../sim/run/catalog.ts";
import { breadcrumbProcessor, createTriggerCoordinator, createAgent, Ledger } from "../../../tracer/collect/index.ts";
import type { RingBuffer } from "../../../tracer/collect/index.ts";
import { alwaysOn, createTracer } from "../../../tracer/index.ts";
import { TestScheduler, TestTransport } from "../collect/helpers.ts";

const SCENARIO = (tracer: string) => `name: t\nduration: 10s\nworkload:\n  - { name: w, type: open, rate: 1/s, mix: { server-list: 1 } }\ntracer: ${tracer}\n`;

test("the descriptions of the collection's stages reach the scenario's JSON Schema", (t) => {
  const text = JSON.stringify(scenarioJsonSchema());
  for (const phrase of ["Jaeger's agent", "ingest queue in front of storage", "judged when it is read", "Dapper's local log files", "breadcrumbs"]) t.true(text.includes(phrase), phrase);
});

test("a bad field in a scenario's tracer block names the file, the path and what was expected", (t) => {
  const err = (tracer: string) => t.throws(() => parseScenario(SCENARIO(tracer), "t.yaml", defaultCatalog()))!.message;
  t.regex(err("{ collection: { assembly: { rule: at-once } } }"), /t\.yaml:5:\d+: tracer\.collection\.assembly\.rule: expected one of "query-time", "quiet-window", "first-window"/);
  t.regex(err("{ collection: { relay: { workers: 0 } } }"), /t\.yaml:5:\d+: tracer\.collection\.relay\.workers: expected a value more than 0, got number 0/);
  t.regex(err("{ collection: { backend: { writeLatency: fast } } }"), /tracer\.collection\.backend\.writeLatency: expected a duration like "250ms"/);
});

test("overrides compose with a preset and the result is a configuration the schema accepts", (t) => {
  const s = parseScenario(SCENARIO("{ preset: otel, collection: { backend: { workers: 2 }, retry: { maxRetries: 0 } }, tail: { latencyThreshold: 2s } }"), "t.yaml", defaultCatalog());
  t.is(s.tracer.collection.backend!.workers, 2);
  t.is(s.tracer.collection.backend!.queueSize, 1000, "the rest of the preset's stage stays");
  t.deepEqual(s.tracer.collection.retry, { maxRetries: 0, initialBackoff: 1e9, maxBackoff: 4e9 });
  t.is(s.tracer.tail!.latencyThreshold, 2e9);
  t.true(TRACER_SCHEMAS.config.safeParse(s.tracer).success);
  t.is(applyOverrides(PRESETS.otel!.config, {}), PRESETS.otel!.config);
});

test("the sampler schema refines a spec as a whole in one place, after its shape", (t) => {
  const seen: string[] = [];
  const { sampler } = samplerSchemas(PLAIN_UNITS);
  // The refinement runs for a well-shaped spec, and not for a malformed one.
  const withSpy = sampler.superRefine((spec) => void seen.push(spec.type));
  t.true(withSpy.safeParse({ type: "parent-based", root: { type: "probabilistic", rate: 0.5 } }).success);
  t.false(withSpy.safeParse({ type: "parent-based", root: { type: "parent-based" } }).success);
  t.deepEqual(seen, ["parent-based"]);
});

test("configurations that would let an unsigned sampled flag bypass the on-demand trigger are refused, naming the field", (t) => {
  const { sampler } = samplerSchemas(PLAIN_UNITS);
  const refused = (spec: unknown) => {
    const r = sampler.safeParse(spec);
    t.false(r.success, JSON.stringify(spec));
    return r.success ? undefined : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  t.deepEqual(refused({ type: "parent-based", root: { type: "on-demand", hmacKeys: ["k"] } }), [
    "root.type: a parent-based sampler cannot wrap the on-demand one: following the caller's sampled flag would trace any request that says it is sampled, an unsigned traceparent …-01 included, bypassing the signed trigger; the on-demand sampler already carries its decision to child spans",
  ]);
  t.regex(refused({ type: "on-demand", hmacKeys: ["k"], followParent: true })![0]!, /^followParent: the on-demand sampler cannot follow its caller: /);
  t.true(sampler.safeParse({ type: "on-demand", hmacKeys: ["k"], followParent: false }).success);
  t.true(sampler.safeParse({ type: "on-demand", hmacKeys: ["k"], replayProtection: { ttl: 30e9, cacheSize: 100 } }).success);
  // In a scenario file: the file, the line, the path.
  const err = t.throws(() => parseScenario(SCENARIO("{ sampler: { type: parent-based, root: { type: on-demand, hmacKeys: [k] } } }"), "t.yaml", defaultCatalog()))!.message;
  t.regex(err, /^t\.yaml:5:\d+: tracer\.sampler\.root\.type: a parent-based sampler cannot wrap the on-demand one: /);
  t.notRegex(err, /\n/);
});

test("breadcrumbs: a request carries its agent in baggage; the callee records where it came from, the caller where it went", (t) => {
  const scheduler = new TestScheduler();
  const ledger = new Ledger();
  const coordinator = createTriggerCoordinator({ ledger });
  const transport = new TestTransport(scheduler, () => "delivered");
  const buffers = new Map<string, RingBuffer>();
  for (const host of ["a", "b"]) buffers.set(host, coordinator.buffer({ host, capacity: 10, agent: createAgent({ host, scheduler, transport, ledger }) }));
  const tracer = (host: string) =>
    createTracer({ service: host, host, clock: { now: () => 0 }, random: { next: () => 0.5 }, sampler: alwaysOn, sink: buffers.get(host)!, model: "span", processor: breadcrumbProcessor(host, (h) => buffers.get(h)) });
  const [ta, tb] = [tracer("a"), tracer("b")];
  const root = ta.startSpan("GET /", { kind: "server" });
  const call = ta.startSpan("call b", { parent: root, kind: "client" });
  const headers: Record<string, string> = {};
  ta.inject(call, headers);
  t.regex(headers.baggage ?? "", /hindsight=a/);
  const served = tb.startSpan("serve", { parent: tb.extract(headers)!, kind: "server" });
  t.is(buffers.get("b")!.stats.breadcrumbs, 1, "b knows the request came from a");
  t.is(buffers.get("a")!.stats.breadcrumbs, 0);
  served.end();
  t.is(buffers.get("a")!.stats.breadcrumbs, 1, "the reply tells a where it went");
  call.end();
  root.end();
});
