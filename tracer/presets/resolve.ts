// A preset by name with overrides laid over it (tracer/config's applyOverrides). Unknown names
// are a typed error naming the closest preset.
import { applyOverrides } from "../config/index.ts";
import type { TracerConfig, TracerOverrides } from "../config/index.ts";
import { PRESETS } from "./table.ts";
import type { PresetDefinition } from "./types.ts";

export { applyOverrides };
export type PresetOverrides = TracerOverrides;

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

export function presetDefinition(name: string): PresetDefinition {
  const p = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (p === undefined) throw new UnknownPresetError(name, Object.keys(PRESETS).sort());
  return p;
}

export function resolvePreset(name: string, overrides: TracerOverrides = {}): TracerConfig {
  return applyOverrides(presetDefinition(name).config, overrides);
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
