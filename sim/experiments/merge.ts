// Merging shard outputs: every shard must come from the same grid, and together they must
// hold every point exactly once; the result is byte for byte what one machine writes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SweepError, sweepFiles } from "./sweep.ts";
import type { PointResult, SweepGrid } from "./sweep.ts";

interface ShardMeta extends SweepGrid {
  readonly points: number;
  readonly shard: { readonly index: number; readonly count: number } | null;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new SweepError(`${file}: cannot read it (is this a sweep output folder?)`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SweepError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

export function mergeShards(dirs: readonly string[]): Map<string, string> {
  if (dirs.length === 0) throw new SweepError("merge: give at least one sweep output folder");
  const metas = dirs.map((d) => readJson(join(d, "sweep.json")) as ShardMeta);
  const gridText = (m: ShardMeta) => JSON.stringify([m.scenario, m.sourceHash, m.seeds, m.sets]);
  const first = metas[0]!;
  metas.forEach((m, i) => {
    if (gridText(m) !== gridText(first)) throw new SweepError(`merge: ${dirs[i]} is from a different sweep than ${dirs[0]} (scenario, its file, seeds or --set values differ)`);
  });
  const points: PointResult[] = [];
  const seen = new Map<number, string>();
  dirs.forEach((d, i) => {
    const file = join(d, "points.jsonl");
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new SweepError(`${file}: cannot read it`);
    }
    const lines = text.split("\n").filter((l) => l !== "");
    if (lines.length !== metas[i]!.points) throw new SweepError(`${file}: holds ${lines.length} points, sweep.json says ${metas[i]!.points}`);
    lines.forEach((l, k) => {
      let p: PointResult;
      try {
        p = JSON.parse(l) as PointResult;
      } catch {
        throw new SweepError(`${file}:${k + 1}: not valid JSON`);
      }
      if (seen.has(p.index)) throw new SweepError(`merge: point ${p.index} is in both ${seen.get(p.index)} and ${d}`);
      seen.set(p.index, d);
      points.push(p);
    });
  });
  const total = first.seeds.length * first.sets.reduce((n, s) => n * s.values.length, 1);
  const missing: number[] = [];
  for (let i = 0; i < total && missing.length < 10; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0) throw new SweepError(`merge: the grid has ${total} points; missing ${missing.join(", ")}${missing.length === 10 ? ", …" : ""} (a shard not given?)`);
  return sweepFiles({ scenario: first.scenario, sourceHash: first.sourceHash, seeds: first.seeds, sets: first.sets }, null, points);
}
