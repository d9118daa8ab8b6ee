// A preset with every request traced, as the runner takes it: the configuration with its
// sampler always on (jobs.ts fullConfig), and for an on-demand system the client signing every
// request with a valid trigger instead (its sampler keeps verifying).
import type { Tracer } from "../../../tracer/index.ts";
import type { TracerConfig } from "../../scenario/tracer-config.ts";
import type { TracingFactory } from "../../run/tracing.ts";
import { fullConfig, presetOf } from "../jobs.ts";
import { triggering } from "../measure.ts";
import type { MeasureOptions } from "../measure.ts";

export interface PresetTracing {
  readonly config: TracerConfig;
  readonly wrapTracing?: (factory: TracingFactory) => TracingFactory;
}

/** The client's tracer starts root spans with `trigger`'s headers; every other tracer is untouched. */
function withTriggers(trigger: NonNullable<MeasureOptions["trigger"]>): (factory: TracingFactory) => TracingFactory {
  const classes = new Map<string, string>();
  return (factory) => (service, host) => {
    const handle = factory(service, host);
    if (handle === null || service !== "client") return handle;
    const inner = handle.tracer;
    const startSpan = triggering(inner, trigger, classes);
    const tracer: Tracer = new Proxy(inner, {
      get(target, key) {
        if (key === "startSpan") return startSpan;
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    return { tracer, drainCostNs: () => handle.drainCostNs() };
  };
}

export function presetTracing(name: string): PresetTracing {
  const full = fullConfig(presetOf(name));
  return full.trigger === undefined ? { config: full.config } : { config: full.config, wrapTracing: withTriggers(full.trigger) };
}

/** Whether the preset stores per-request traces at all (Pivot Tracing emits query results only: jobs.ts fullConfig keeps it so). */
export function storesTraces(name: string): boolean {
  const s = fullConfig(presetOf(name)).config.sampler;
  return !(s.type === "const" && !s.decision && s.followParent === false);
}
