// A preset by name with a scenario's overrides laid over it, derived with immer so the
// shared preset objects are never mutated. Unknown names are a typed error naming the
// closest preset.
import { produce } from "immer";
import type { Draft } from "immer";
import { PRESETS } from "./table.ts";
import type { PivotQuery } from "../pivot/query.ts";
import type { PresetCollection, PresetConfig, PresetDefinition, PresetSamplerSpec, PresetTail } from "./types.ts";

export interface PresetOverrides {
  readonly enabled?: boolean;
  readonly model?: PresetConfig["model"];
  readonly metadata?: PresetConfig["metadata"];
  readonly propagation?: PresetConfig["propagation"];
  /** Replaces the preset's sampler as a whole (a sampler is one choice, not a bag of fields). */
  readonly sampler?: PresetSamplerSpec;
  readonly tail?: Partial<PresetTail>;
  readonly collection?: Partial<PresetCollection>;
  /** Replaces the preset's queries as a whole. */
  readonly queries?: readonly PivotQuery[];
}

export class UnknownPresetError extends Error {
  /** Lets the command line print the message and exit 2 instead of a stack trace. */
  readonly userFacing = true;
  readonly preset: string;
  readonly suggestion: string | undefined;
  constructor(preset: string, names: readonly string[]) {
    const suggestion = closestName(preset, names);
    super(`unknown tracer preset ${JSON.stringify(preset)}${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}; expected one of ${names.join(", ")}`);
    this.name = "UnknownPresetError";
    this.preset = preset;
    this.suggestion = suggestion;
  }
}

const TAIL_DEFAULTS: PresetTail = { errors: true, operations: [], rareShapes: false, decisionWait: 5e9, maxPendingTraces: 10_000 };

export function presetDefinition(name: string): PresetDefinition {
  const p = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (p === undefined) throw new UnknownPresetError(name, Object.keys(PRESETS).sort());
  return p;
}

export function resolvePreset(name: string, overrides: PresetOverrides = {}): PresetConfig {
  return applyOverrides(presetDefinition(name).config, overrides);
}

export function applyOverrides(base: PresetConfig, overrides: PresetOverrides): PresetConfig {
  return produce(base, (draft) => {
    if (overrides.enabled !== undefined) draft.enabled = overrides.enabled;
    if (overrides.model !== undefined) draft.model = overrides.model;
    if (overrides.metadata !== undefined) draft.metadata = overrides.metadata;
    if (overrides.propagation !== undefined) draft.propagation = overrides.propagation;
    if (overrides.sampler !== undefined) draft.sampler = overrides.sampler as Draft<PresetSamplerSpec>;
    if (overrides.tail !== undefined) {
      const tail = { ...(draft.tail ?? TAIL_DEFAULTS) } as Record<string, unknown>;
      for (const [k, v] of Object.entries(overrides.tail)) if (v !== undefined) tail[k] = v;
      draft.tail = tail as Draft<PresetTail>;
    }
    for (const [k, v] of Object.entries(overrides.collection ?? {})) {
      if (v !== undefined) (draft.collection as Record<string, unknown>)[k] = v;
    }
    if (overrides.queries !== undefined) draft.queries = overrides.queries as Draft<PivotQuery[]>;
  });
}

/** The closest name by edit distance (ties: the first in order), if it is close enough to be a typo. */
export function closestName(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(name.toLowerCase(), n.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 2)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
