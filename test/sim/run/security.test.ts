// summary.json's tracer.security: refused triggers by reason and rejected headers by format,
// summed over every tracer of a run. The load generator's client signs OSProfiler triggers (as
// `openstack --os-profile KEY` does), and replays every other one.
import test from "ava";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog, humanSummary, runScenario } from "../../../sim/run/index.ts";
import type { TracingFactory } from "../../../sim/run/tracing.ts";
import { signedPack, toUuid } from "../../../tracer/context/osprofiler.ts";
import type { Carrier, Tracer } from "../../../tracer/index.ts";

const KEY = "SECRET_KEY";

const scenario = (replay: boolean) => `name: triggers
duration: 4s
workload:
  - { name: cli, type: open, arrival: constant, rate: 10/s, mix: { server-list: 1 } }
tracer: { preset: osprofiler, sampler: { type: on-demand, hmacKeys: [${KEY}]${replay ? ", replayProtection: { ttl: 30s }" : ""} } }
report: { keepTraces: 10 }
`;

/** The client's n-th root span starts with a signed trigger; every odd one replays the one before. */
function signingClient(replay: boolean): (factory: TracingFactory) => TracingFactory {
  return (factory) => (service, host) => {
    const handle = factory(service, host);
    if (handle === null || service !== "client") return handle;
    const inner = handle.tracer;
    let n = 0;
    let last: Carrier = {};
    const startSpan: Tracer["startSpan"] = (name, options) => {
      if (options?.parent !== undefined) return inner.startSpan(name, options);
      const id = (n + 1).toString(16).padStart(32, "0");
      if (n++ % 2 === 0) {
        const p = signedPack(toUuid(id), toUuid(id), KEY, replay ? { nonce: id, expires: host.clock.now() + 10e9 } : undefined)!;
        last = { "x-trace-info": p.info, "x-trace-hmac": p.hmac };
      }
      // A malformed W3C header arrives too, for the rejection counters.
      inner.extract({ traceparent: "00-not-a-trace" }, "w3c");
      return inner.startSpan(name, { ...options, headers: { ...options?.headers, ...last } });
    };
    const tracer = new Proxy(inner, { get: (target, key) => (key === "startSpan" ? startSpan : (Reflect.get(target, key, target) as unknown)) });
    return { tracer, drainCostNs: handle.drainCostNs };
  };
}

test("with replay protection, every replayed trigger is refused and counted under tracer.security", (t) => {
  const { summary } = runScenario(parseScenario(scenario(true), "triggers.yaml", defaultCatalog()), { wrapTracing: signingClient(true) });
  const s = summary.tracer.security;
  const requests = summary.requests["server-list"]!.issued;
  t.is(requests, 39);
  const fresh = Math.ceil(requests / 2);
  t.deepEqual(s.triggers, {
    replayProtection: true,
    // The client's root, then the three services a server list reaches, each verifying the trigger its caller signed afresh.
    traced: fresh * 4,
    noTrigger: s.triggers!.noTrigger,
    refused: { "missing-hmac": 0, "bad-hmac": 0, "retired-key": 0, malformed: 0, "missing-nonce": 0, expired: 0, replayed: requests - fresh, "replay-cache-full": 0 },
  });
  t.deepEqual(s.rejectedHeaders, { w3c: { "traceparent:too-short": requests }, itc: {}, jaeger: {}, b3: {}, b3multi: {}, osprofiler: {} });
  const human = humanSummary(summary);
  t.true(human.includes(`\nrejected headers: w3c traceparent:too-short ${requests}\nrefused triggers: replayed ${requests - fresh}\n`), human);
});

test("without it (OSProfiler's behaviour), the same replays are traced", (t) => {
  const { summary } = runScenario(parseScenario(scenario(false), "triggers.yaml", defaultCatalog()), { wrapTracing: signingClient(false) });
  t.like(summary.tracer.security.triggers, { replayProtection: false, traced: 39 * 4, refused: { replayed: 0 } });
});

test("a run without the on-demand sampler reports rejected headers only", (t) => {
  const { summary, bytes } = runScenario(parseScenario(scenario(false).replace(/tracer: .*\n/, ""), "plain.yaml", defaultCatalog()));
  t.is(summary.tracer.security.triggers, undefined);
  t.deepEqual(Object.keys(summary.tracer.security.rejectedHeaders), ["w3c", "itc", "jaeger", "b3", "b3multi", "osprofiler"]);
  t.regex(bytes, /"security": \{\n\s+"rejectedHeaders": \{/);
  t.false(humanSummary(summary).includes("rejected headers"), "nothing to say when nothing was refused");
});
