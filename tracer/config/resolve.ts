// A configuration with overrides laid over it, derived with immer so the base (a shared preset
// object) is never mutated. A sampler or the queries are replaced whole; the tail policies and
// the collection are merged field by field, and so are the collection's stages (a stage the
// base lacks starts from its reference defaults, defaults.ts).
import { produce } from "immer";
import type { Draft } from "immer";
import { HINDSIGHT_BUFFERS, JAEGER_AGENT, JAEGER_COLLECTOR, OTEL_TAIL } from "./defaults.ts";
import type { TracerConfig, TracerOverrides } from "./schema.ts";

const STAGE_DEFAULTS = { relay: JAEGER_AGENT, backend: JAEGER_COLLECTOR, retroactive: HINDSIGHT_BUFFERS } as const;
const STAGES = new Set<string>(["retry", "relay", "backend", "assembly", "retroactive"]);

function merge<T extends object>(base: T | undefined, fields: object | undefined): T | undefined {
  if (fields === undefined) return base;
  const out = { ...(base ?? {}) } as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out as T;
}

export function applyOverrides(base: TracerConfig, overrides: TracerOverrides): TracerConfig {
  return produce(base, (draft) => {
    if (overrides.preset !== undefined) draft.preset = overrides.preset;
    if (overrides.enabled !== undefined) draft.enabled = overrides.enabled;
    if (overrides.model !== undefined) draft.model = overrides.model;
    if (overrides.metadata !== undefined) draft.metadata = overrides.metadata;
    if (overrides.propagation !== undefined) draft.propagation = overrides.propagation;
    if (overrides.sampler !== undefined) draft.sampler = overrides.sampler as Draft<TracerConfig["sampler"]>;
    if (overrides.tail !== undefined) draft.tail = merge(base.tail ?? OTEL_TAIL, overrides.tail) as Draft<TracerConfig["tail"]>;
    const c = overrides.collection;
    if (c !== undefined) {
      const target = draft.collection as Record<string, unknown>;
      for (const [k, v] of Object.entries(c)) {
        if (v === undefined) continue;
        if (STAGES.has(k)) {
          const from = (base.collection as Record<string, unknown>)[k] ?? STAGE_DEFAULTS[k as keyof typeof STAGE_DEFAULTS];
          target[k] = merge(from as object | undefined, v as object);
        } else target[k] = v;
      }
    }
    if (overrides.queries !== undefined) draft.queries = overrides.queries as Draft<TracerConfig["queries"]>;
  });
}
