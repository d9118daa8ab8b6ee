// Feature probes that need no cloud: a tracer built from a preset, as a service would hold it,
// handed requests the way a server trace point handles them (extract the caller's context,
// start a server span with the headers), to measure what its trigger and sampler do.
import seedrandom from "seedrandom";
import { createTracer, newId128, newId64 } from "../../tracer/index.ts";
import type { Carrier, RandomSource, TraceRecord } from "../../tracer/index.ts";
import { createSampler } from "../../tracer/sampling/index.ts";
import type { SamplerSpec } from "../../tracer/sampling/index.ts";
import { signedPack, toUuid } from "../../tracer/context/osprofiler.ts";
import type { PresetDefinition } from "../../tracer/presets/index.ts";
import type { TracerConfig } from "../scenario/tracer-config.ts";
import { formatsFor } from "../run/tracing.ts";

const stream = (name: string): RandomSource => {
  const r = seedrandom.alea(`experiments/${name}`);
  return { next: () => r() };
};

export type TriggerCase = "valid" | "forged" | "none";

/** What a caller puts on a request to ask for a trace, honestly (valid) or not (forged). */
export function triggerHeaders(preset: PresetDefinition, kind: TriggerCase, random: RandomSource): Carrier {
  if (kind === "none") return {};
  const traceId = newId128(random);
  const spanId = newId64(random);
  switch (preset.config.propagation) {
    case "osprofiler": {
      const key = kind === "valid" ? (preset.config.sampler.type === "on-demand" ? preset.config.sampler.hmacKeys[0]! : "SECRET_KEY") : "guessed-key";
      const p = signedPack(toUuid(traceId), toUuid(traceId), key)!;
      return { "x-trace-info": p.info, "x-trace-hmac": p.hmac };
    }
    // Debug flags carry no credential: an outsider's header is byte for byte a valid one.
    case "jaeger":
      return { "uber-trace-id": `${traceId}:${spanId}:0:3` };
    case "b3":
      return { b3: `${traceId}-${spanId}-d` };
    case "b3multi":
      return { "x-b3-traceid": traceId, "x-b3-spanid": spanId, "x-b3-flags": "1" };
    default:
      return { traceparent: `00-${traceId}-${spanId}-01` };
  }
}

export interface TriggerResult {
  requests: number;
  valid: number;
  forged: number;
  none: number;
}

/** Requests traced per case, out of `requests` each. */
export function probeTrigger(preset: PresetDefinition, requests = 200): TriggerResult {
  const config: TracerConfig = preset.config;
  const random = stream(`trigger/${preset.name}`);
  const headersRandom = stream(`trigger-headers/${preset.name}`);
  let now = 0;
  const clock = { now: () => now };
  let emitted = 0;
  const tracer = createTracer({
    service: "nova-api",
    host: "controller-1",
    clock,
    random,
    sampler: createSampler(config.sampler, { clock }),
    sink: { emit: (_r: TraceRecord) => void emitted++ },
    model: config.model,
    metadata: config.metadata,
    formats: formatsFor(config),
    hmacKeys: config.sampler.type === "on-demand" ? config.sampler.hmacKeys : undefined,
  });
  const traced = (kind: TriggerCase): number => {
    let n = 0;
    for (let i = 0; i < requests; i++) {
      now += 1e6;
      const headers = triggerHeaders(preset, kind, headersRandom);
      const parent = tracer.extract(headers);
      const span = parent === undefined ? tracer.startSpan("GET /servers", { kind: "server", headers }) : tracer.startSpan("GET /servers", { parent, kind: "server", headers });
      if (span.context().sampled) n++;
      span.end();
    }
    return n;
  };
  return { requests, valid: traced("valid"), forged: traced("forged"), none: traced("none") };
}

export interface SamplingResult {
  decisions: number;
  sampled: number;
}

/**
 * Root decisions of a sampler over fresh trace ids, at 1,000 requests per second spread over
 * ten operations (so rate limits and per-operation floors act as they would under load).
 */
export function probeSampler(spec: SamplerSpec, name: string, decisions = 100_000): SamplingResult {
  let now = 0;
  const clock = { now: () => now };
  const random = stream(`sampling/${name}`);
  let sampled = 0;
  const tracer = createTracer({
    service: "nova-api",
    host: "controller-1",
    clock,
    random,
    sampler: createSampler(spec, { clock }),
    sink: { emit: () => {} },
    model: "span",
  });
  for (let i = 0; i < decisions; i++) {
    now += 1e6;
    const span = tracer.startSpan(`op-${i % 10}`, { kind: "server" });
    if (span.context().sampled) sampled++;
    span.end();
  }
  return { decisions, sampled };
}
