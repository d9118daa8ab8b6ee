// Every preset by name, in the order tables list them: the seed's Table 2 systems first, then
// the ones it does not list, then the talk's plan (OSProfiler feeding Jaeger) and its proposal.
import { blkin } from "./blkin.ts";
import { canopy } from "./canopy.ts";
import { dagItc } from "./dag-itc.ts";
import { dapper } from "./dapper.ts";
import { hindsight } from "./hindsight.ts";
import { jaeger } from "./jaeger.ts";
import { osprofilerJaeger } from "./osprofiler-jaeger.ts";
import { osprofiler } from "./osprofiler.ts";
import { otel } from "./otel.ts";
import { pivotTracing } from "./pivot-tracing.ts";
import type { PresetConfig, PresetDefinition } from "./types.ts";
import { xtrace } from "./xtrace.ts";
import { zipkin } from "./zipkin.ts";

const ORDERED: readonly PresetDefinition[] = [jaeger, zipkin, pivotTracing, dapper, canopy, osprofiler, blkin, otel, xtrace, hindsight, osprofilerJaeger, dagItc];

export const PRESET_NAMES: readonly string[] = Object.freeze(ORDERED.map((p) => p.name));

export const PRESETS: Readonly<Record<string, PresetDefinition>> = Object.freeze(Object.fromEntries(ORDERED.map((p) => [p.name, p])));

/** name → configuration: the table a scenario catalog takes. */
export const PRESET_CONFIGS: Readonly<Record<string, PresetConfig>> = Object.freeze(Object.fromEntries(ORDERED.map((p) => [p.name, p.config])));
