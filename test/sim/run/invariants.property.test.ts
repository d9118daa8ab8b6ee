// Random short scenarios with random fault timelines — host crashes, partitions, message loss on
// collection links, collector outages (freeze or crash), clock skew, queues small enough to
// overflow — under random collection configurations. Whatever happens, every emitted record is
// stored or dropped with a reason, on every host, and no output holds NaN, a null or negative
// latency or timestamp; tracebed reads its own exports back. 40 runs (a few seconds each at most;
// the whole property about 15 s on one core).
import test from "ava";
import fc from "fast-check";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog, runScenario } from "../../../sim/run/index.ts";
import { runProblems } from "./outputs.ts";

const RUNS = 40;
const CLOUD_HOSTS = ["controller-1", "controller-2", "controller-3", "compute-1", "compute-2", "db-1", "broker-1"] as const;
/** The load generator's host has links to the collector too, but is not a host of the cloud a fault may crash or skew. */
const HOSTS = [...CLOUD_HOSTS, "client-1"] as const;
const WORKFLOWS = ["token-issue", "server-list", "server-show", "server-create", "server-delete", "horizon-instances", "pattern-concurrent"] as const;

const DURATION_S = 6;

/** A fault window inside the run, in ms. */
const window = fc.record({ at: fc.integer({ min: 200, max: (DURATION_S - 1) * 1000 }), len: fc.integer({ min: 100, max: 3000 }) });
const within = (w: { at: number; len: number }): string => `at: ${w.at}ms, for: ${Math.min(w.len, DURATION_S * 1000 - w.at)}ms`;

const fault = fc.oneof(
  fc.record({ w: window, host: fc.constantFrom(...CLOUD_HOSTS) }).map(({ w, host }) => `{ kind: crash, ${within(w)}, target: { host: ${host} } }`),
  fc.record({ w: window, host: fc.constantFrom(...HOSTS) }).map(({ w, host }) => `{ kind: partition, ${within(w)}, target: { link: "${host}<->collector-1" } }`),
  fc.record({ w: window, host: fc.constantFrom(...HOSTS), p: fc.double({ min: 0.05, max: 1, noNaN: true }) }).map(
    ({ w, host, p }) => `{ kind: message-loss, ${within(w)}, probability: ${p.toFixed(3)}, target: { link: "${host}->collector-1" } }`,
  ),
  fc.record({ w: window, kind: fc.constantFrom("freeze", "crash") }).map(({ w, kind }) => `{ kind: ${kind}, ${within(w)}, target: { host: collector-1 } }`),
  // Skew that keeps the host's clock at or after the run's start (exports date spans from it).
  fc.record({ w: window, host: fc.constantFrom(...CLOUD_HOSTS), ahead: fc.boolean(), ms: fc.integer({ min: 0, max: 150 }), ppm: fc.integer({ min: -500, max: 500 }) }).map(
    ({ w, host, ahead, ms, ppm }) => `{ kind: clock-skew, ${within(w)}, offsetNs: "${ahead ? "" : "-"}${ms}ms", driftPpm: ${ppm}, target: { host: ${host} } }`,
  ),
);

const collection = fc.oneof(
  fc.record({
    mode: fc.constantFrom("async", "sync"),
    transport: fc.constantFrom("lossy", "reliable"),
    overflow: fc.constantFrom("drop-newest", "drop-oldest"),
    // Small queues overflow under bursts.
    queueSize: fc.constantFrom(16, 64, 2048),
    batchSize: fc.constantFrom(8, 512),
    // No retry: a batch refused by a crashed collector is dropped (collector-down); with retries it may get through.
    maxRetries: fc.constantFrom(0, 3),
    // A durable agent's log survives its host's crash (Dapper's local files).
    durable: fc.boolean(),
  }).map(
    (c) =>
      `{ mode: ${c.mode}, transport: ${c.transport}, overflow: ${c.overflow}, queueSize: ${c.queueSize}, batchSize: ${Math.min(c.batchSize, c.queueSize)}, retry: { maxRetries: ${c.maxRetries}, initialBackoff: 50ms, maxBackoff: 200ms }, durable: ${c.durable} }`,
  ),
  fc.constantFrom("{ mode: retroactive, retroactive: { buffers: 4, bufferBytes: 4096 } }", "{ mode: retroactive }"),
);

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  rate: fc.integer({ min: 2, max: 12 }),
  mix: fc.uniqueArray(fc.constantFrom(...WORKFLOWS), { minLength: 1, maxLength: 4 }),
  users: fc.integer({ min: 0, max: 2 }),
  faults: fc.array(fault, { minLength: 1, maxLength: 4 }),
  collection,
  tail: fc.boolean(),
  model: fc.constantFrom("dag", "span"),
});

type ScenarioShape = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function text(s: ScenarioShape): string {
  const mix = `{ ${s.mix.map((w) => `${w}: 1`).join(", ")} }`;
  return [
    "name: random",
    `seed: ${s.seed}`,
    `duration: ${DURATION_S}s`,
    "workload:",
    `  - { name: cli, type: open, rate: ${s.rate}/s, mix: ${mix} }`,
    ...(s.users > 0 ? [`  - { name: ui, type: closed, users: ${s.users}, think: { kind: exponential, mean: 1s }, mix: { horizon-instances: 1 } }`] : []),
    "faults:",
    ...s.faults.map((f) => `  - ${f}`),
    `tracer: { model: ${s.model}, collection: ${s.collection}${s.tail ? ", tail: { latencyThreshold: 30ms }" : ""} }`,
    "report: { keepTraces: 30 }",
    "",
  ].join("\n");
}

test(`accounting law and clean outputs in ${RUNS} random short scenarios with random fault timelines`, (t) => {
  // (Records left unsent at the end need requests that outlive the drain: the crash sweep has them.
  // Refusals by a collector that is up but unavailable (collector-down) come only from its outage
  // API, which no scenario fault reaches: a crashed collector host loses batches on the network, a
  // frozen one holds them until it thaws. test/tracer/collect covers the outage.)
  const seen = { crashDrops: 0, networkLoss: 0, queueFull: 0, evicted: 0 };
  const result = fc.check(
    fc.property(scenario, (s) => {
      const file = text(s);
      const { run, summary } = runScenario(parseScenario(file, "random.yaml", defaultCatalog()));
      const a = summary.tracer.accounting;
      const problems = runProblems(run, summary, s.model);
      seen.crashDrops += a.dropped["host-crash"];
      seen.networkLoss += a.dropped["network-loss"];
      seen.queueFull += a.dropped["queue-full"];
      seen.evicted += a.dropped.evicted;
      if (problems.length > 0) throw new Error(`${problems.slice(0, 5).join("; ")}\n--- scenario ---\n${file}`);
    }),
    { numRuns: RUNS, seed: 19_2026 },
  );
  t.false(result.failed, `${fc.defaultReportMessage(result) ?? ""}\n${String(result.errorInstance)}`);
  t.is(result.numRuns, RUNS);
  // The timelines must reach the losses they are there for, or the property proves little.
  for (const [name, n] of Object.entries(seen)) t.true(n > 0, `no run lost records to ${name}`);
});
