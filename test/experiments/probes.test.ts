// The trigger and sampler probes behind Table 2's first two columns.
import test from "ava";
import { PRESETS } from "../../tracer/presets/index.ts";
import { probeSampler, probeTrigger } from "../../sim/experiments/probes.ts";

test("OSProfiler traces signed triggers only; debug flags trace anyone's request", (t) => {
  t.deepEqual(probeTrigger(PRESETS.osprofiler!, 50), { requests: 50, valid: 50, forged: 0, none: 0 });
  for (const name of ["jaeger", "zipkin", "blkin", "otel"]) {
    const r = probeTrigger(PRESETS[name]!, 50);
    t.is(r.valid, 50, name);
    t.is(r.forged, 50, `${name}: an outsider's header is as good as a real one`);
  }
  t.deepEqual(probeTrigger(PRESETS["dag-itc"]!, 20), { requests: 20, valid: 20, forged: 20, none: 20 });
});

test("samplers achieve their rates over many roots, deterministically", (t) => {
  const r = probeSampler({ type: "probabilistic", rate: 0.1 }, "test", 20_000);
  t.is(r.decisions, 20_000);
  t.true(Math.abs(r.sampled / r.decisions - 0.1) < 0.01, String(r.sampled));
  t.deepEqual(probeSampler({ type: "probabilistic", rate: 0.1 }, "test", 20_000), r);
  t.is(probeSampler({ type: "const", decision: false }, "test", 1000).sampled, 0);
  t.is(probeSampler({ type: "on-demand", hmacKeys: ["k"] }, "test", 1000).sampled, 0, "no trigger, no trace");
  const limited = probeSampler({ type: "ratelimiting", tracesPerSecond: 10 }, "test", 10_000);
  // 10 traces/s for 10 s, plus at most the bucket's initial burst of one second's worth.
  t.true(limited.sampled >= 100 && limited.sampled <= 111, `10 traces/s over 10 s of roots: ${limited.sampled}`);
});
