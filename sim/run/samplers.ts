// Head samplers from a scenario's sampler spec, through tracer/sampling's factory.
import type { Clock, Sampler } from "../../tracer/index.ts";
import { createSampler } from "../../tracer/sampling/index.ts";
import type { SamplerSpec } from "../../tracer/sampling/index.ts";

/** One sampler per tracer: rate-limiting and adaptive samplers keep per-instance state. */
export function buildSampler(spec: SamplerSpec, clock: Clock): Sampler {
  return createSampler(spec, { clock }, "tracer.sampler");
}
