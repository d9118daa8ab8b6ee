// Sweeps: a scenario over a grid of seeds and --set values. The grid is plain data, numbered
// in a fixed order; a shard runs the points whose number ≡ i (mod N); the outputs of shards
// merge into exactly the bytes one machine writes for the whole grid.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { produce } from "immer";
import { parseDocument } from "yaml";
import { PRESETS } from "../../tracer/presets/index.ts";
import type { PresetSamplerSpec } from "../../tracer/presets/index.ts";
import { parseScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/load.ts";
import { defaultCatalog } from "../run/catalog.ts";
import { measureRun } from "./measure.ts";
import { SweepError } from "./sweep-error.ts";
import { fixed, int, ms, toCsv } from "./tables.ts";

export { SweepError };
export { parseShard } from "./shard.ts";
export type { Shard, ShardEnv } from "./shard.ts";

export type SetValue = string | number | boolean;

export interface SweepGrid {
  readonly scenario: string;
  readonly sourceHash: string;
  readonly seeds: readonly number[];
  /** Each --set: a dotted path into the scenario and the values it takes, in order. */
  readonly sets: readonly { readonly path: string; readonly values: readonly SetValue[] }[];
}

export interface SweepTask {
  readonly id: string;
  readonly index: number;
  readonly file: string;
  readonly seed: number;
  readonly assignments: readonly (readonly [string, SetValue])[];
}

export interface PointResult {
  readonly index: number;
  readonly seed: number;
  readonly assignments: readonly (readonly [string, SetValue])[];
  readonly requests: number;
  readonly failed: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly meanNs: number;
  readonly tracePoints: number;
  readonly stored: number;
  readonly dropped: number;
  readonly storedTraces: number;
  readonly metadataBytes: number;
}

/** "1..100", "1,2,5", "7" → seeds. */
export function parseSeeds(text: string): number[] {
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(text);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (b < a) throw new SweepError(`--seeds: the range ${text} is empty (the end comes before the start)`);
    if (b - a >= 1_000_000) throw new SweepError(`--seeds: ${text} has more than 1,000,000 seeds`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const parts = text.split(",");
  if (parts.some((p) => !/^-?\d+$/.test(p))) throw new SweepError(`--seeds: expected a range like 1..100 or a list like 1,2,5 of integers, got "${text}"`);
  const seeds = parts.map(Number);
  if (new Set(seeds).size !== seeds.length) throw new SweepError(`--seeds: "${text}" repeats a seed`);
  return seeds;
}

const parseValue = (v: string): SetValue => (/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(v) ? Number(v) : v === "true" ? true : v === "false" ? false : v);

/** "tracer.sampler.rate=0.01,0.1" → path and values. */
export function parseSet(text: string): { path: string; values: SetValue[] } {
  const eq = text.indexOf("=");
  if (eq <= 0 || eq === text.length - 1) throw new SweepError(`--set: expected path=value[,value…], e.g. tracer.sampler.rate=0.01,0.1, got "${text}"`);
  const path = text.slice(0, eq);
  if (!/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+|\[\d+\])*$/.test(path)) throw new SweepError(`--set: "${path}" is not a dotted path like tracer.sampler.rate or faults[0].at`);
  return { path, values: text.slice(eq + 1).split(",").map(parseValue) };
}

/** The grid's points in order: every combination of --set values (the first varying slowest), then seeds. */
export function gridTasks(grid: SweepGrid, file: string): SweepTask[] {
  let combos: (readonly [string, SetValue])[][] = [[]];
  for (const s of grid.sets) combos = combos.flatMap((c) => s.values.map((v) => [...c, [s.path, v] as const]));
  const tasks: SweepTask[] = [];
  for (const assignments of combos) {
    for (const seed of grid.seeds) {
      const index = tasks.length;
      tasks.push({ id: `point:${index}`, index, file, seed, assignments });
    }
  }
  return tasks;
}

const segments = (path: string): (string | number)[] => [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));

/** The preset's own sampler family at `rate` (tracer.sampling.rate), or a probabilistic sampler. */
function samplerAt(presetName: string, rate: number): PresetSamplerSpec {
  const family = PRESETS[presetName]?.samplerAtTenPercent ?? null;
  if (family === null) return { type: "probabilistic", rate };
  switch (family.type) {
    case "probabilistic":
      return { ...family, rate };
    case "consistent":
      return { ...family, probability: rate };
    case "per-operation":
      return { ...family, defaultRate: rate };
    case "parent-based":
      return family.root.type === "consistent" ? { ...family, root: { ...family.root, probability: rate } } : { type: "parent-based", root: { type: "probabilistic", rate } };
    default:
      return { type: "probabilistic", rate };
  }
}

type Plain = Record<string | number, unknown>;

/** The scenario's data with a point's assignments applied (immer: the parsed file is shared by every point). */
export function applyAssignments(data: Plain, assignments: readonly (readonly [string, SetValue])[]): Plain {
  return produce(data, (draft) => {
    for (const [path, value] of assignments) {
      if (path === "tracer.sampling.rate") {
        if (typeof value !== "number" || value < 0 || value > 1) throw new SweepError(`--set tracer.sampling.rate: expected a number in [0, 1], got ${JSON.stringify(value)}`);
        const tracer = ((draft as Plain).tracer ??= {}) as Plain;
        tracer.sampler = samplerAt(typeof tracer.preset === "string" ? tracer.preset : "dag-itc", value) as unknown as Plain;
        continue;
      }
      const segs = segments(path);
      let node = draft as Plain;
      for (const s of segs.slice(0, -1)) {
        if (node[s] === undefined) node[s] = {};
        if (typeof node[s] !== "object" || node[s] === null) throw new SweepError(`--set ${path}: "${s}" holds ${JSON.stringify(node[s])}, not a mapping`);
        node = node[s] as Plain;
      }
      node[segs[segs.length - 1]!] = value;
    }
  });
}

const scenarioData = new Map<string, Plain>();
function dataOf(file: string): Plain {
  let d = scenarioData.get(file);
  if (d === undefined) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new SweepError(`${file}: cannot read the scenario file`);
    }
    d = parseDocument(text).toJS({ maxAliasCount: 100 }) as Plain;
    scenarioData.set(file, d);
  }
  return d;
}

export const describeAssignments = (a: readonly (readonly [string, SetValue])[]): string => a.map(([p, v]) => `${p}=${v}`).join(" ");

/** The scenario of one grid point, checked like a scenario file (errors name the point's --set values). */
export function pointScenario(file: string, assignments: readonly (readonly [string, SetValue])[]): Scenario {
  const data = applyAssignments(dataOf(file), assignments);
  return parseScenario(JSON.stringify(data), assignments.length === 0 ? file : `${file} with ${describeAssignments(assignments)}`, defaultCatalog());
}

export function sweepPoint(task: SweepTask): PointResult {
  const scenario = pointScenario(task.file, task.assignments);
  const m = measureRun(scenario, scenario.tracer.enabled ? scenario.tracer : null, { seed: task.seed }).metrics;
  return {
    index: task.index,
    seed: task.seed,
    assignments: task.assignments,
    requests: m.requests,
    failed: m.failed,
    p50Ns: m.latencyP50Ns,
    p99Ns: m.latencyP99Ns,
    meanNs: m.latencyMeanNs,
    tracePoints: m.tracePoints,
    stored: m.stored,
    dropped: Object.values(m.dropped).reduce((s, n) => s + n, 0),
    storedTraces: m.storedTraces,
    metadataBytes: m.metadataBytes,
  };
}

export function gridOf(file: string, seeds: readonly number[], sets: readonly { path: string; values: SetValue[] }[]): SweepGrid {
  const scenario = pointScenario(file, []);
  // Check every combination's scenario before anything runs: a bad --set fails at once.
  for (const t of gridTasks({ scenario: scenario.name, sourceHash: "", seeds: [seeds[0]!], sets }, file)) pointScenario(file, t.assignments);
  return { scenario: scenario.name, sourceHash: scenario.sourceHash, seeds, sets };
}

// ---- outputs ----

const POINT_COLUMNS = ["point", "seed", "set", "requests", "failed", "p50_ms", "p99_ms", "mean_ms", "trace_points", "stored_records", "dropped_records", "stored_traces", "metadata_bytes"];

function pointRow(p: PointResult): string[] {
  return [int(p.index), int(p.seed), describeAssignments(p.assignments), int(p.requests), int(p.failed), ms(p.p50Ns, 3), ms(p.p99Ns, 3), ms(p.meanNs, 3), int(p.tracePoints), int(p.stored), int(p.dropped), int(p.storedTraces), int(p.metadataBytes)];
}

export function pointsCsv(points: readonly PointResult[]): string {
  const sorted = [...points].sort((a, b) => a.index - b.index);
  return toCsv({ id: "points", title: "", description: "", columns: POINT_COLUMNS, rows: sorted.map(pointRow) });
}

/** Per combination of --set values: mean over seeds, and min / max of p99. */
export function aggregateCsv(points: readonly PointResult[]): string {
  const groups = new Map<string, PointResult[]>();
  for (const p of [...points].sort((a, b) => a.index - b.index)) {
    const k = describeAssignments(p.assignments);
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const mean = (ps: PointResult[], f: (p: PointResult) => number) => ps.reduce((s, p) => s + f(p), 0) / ps.length;
  const rows = [...groups.entries()].map(([k, ps]) => [
    k,
    int(ps.length),
    fixed(mean(ps, (p) => p.requests), 1),
    fixed(mean(ps, (p) => p.failed), 2),
    ms(mean(ps, (p) => p.p50Ns), 3),
    ms(mean(ps, (p) => p.p99Ns), 3),
    ms(Math.min(...ps.map((p) => p.p99Ns)), 3),
    ms(Math.max(...ps.map((p) => p.p99Ns)), 3),
    fixed(mean(ps, (p) => p.storedTraces), 1),
    fixed(mean(ps, (p) => p.dropped), 1),
    fixed(mean(ps, (p) => (p.requests === 0 ? 0 : p.metadataBytes / p.requests)), 1),
  ]);
  return toCsv({
    id: "aggregate",
    title: "",
    description: "",
    columns: ["set", "seeds", "requests", "failed", "p50_ms_mean", "p99_ms_mean", "p99_ms_min", "p99_ms_max", "stored_traces", "dropped_records", "metadata_bytes_per_request"],
    rows,
  });
}

/** sweep.json: the grid, so shards can be checked to belong together. */
export function gridJson(grid: SweepGrid, shard: { index: number; count: number } | null, points: number): string {
  return JSON.stringify({ scenario: grid.scenario, sourceHash: grid.sourceHash, seeds: grid.seeds, sets: grid.sets, points, shard }, null, 2) + "\n";
}

export const gridKey = (grid: SweepGrid): string => createHash("sha256").update(JSON.stringify([grid.scenario, grid.sourceHash, grid.seeds, grid.sets])).digest("hex");

/** points.jsonl: the raw results, one per line in point order (what merge reads). */
export function pointsJsonl(points: readonly PointResult[]): string {
  return [...points].sort((a, b) => a.index - b.index).map((p) => JSON.stringify(p) + "\n").join("");
}

/** Every output file of a sweep (or a shard of one): name → bytes. */
export function sweepFiles(grid: SweepGrid, shard: { index: number; count: number } | null, points: readonly PointResult[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set("sweep.json", gridJson(grid, shard, points.length));
  files.set("points.jsonl", pointsJsonl(points));
  files.set("points.csv", pointsCsv(points));
  files.set("aggregate.csv", aggregateCsv(points));
  return files;
}
