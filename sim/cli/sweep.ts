// `tracebed sweep <scenario> --seeds 1..100 --set tracer.sampling.rate=0.01,0.1 --jobs N
// [--shard i/N | auto/N | auto] [--out DIR]`: runs a grid of seeds × --set values on worker
// threads and aggregates it; a shard runs every N-th point (its index given, or read from a
// Kubernetes Indexed Job or a Slurm job array), and `tracebed merge` joins the shards.
import { runTasks } from "../experiments/pool.ts";
import { gridOf, gridTasks, parseSeeds, parseSet, parseShard, pointScenario, sweepFiles, sweepPoint } from "../experiments/sweep.ts";
import type { PointResult, SweepTask } from "../experiments/sweep.ts";
import { expectPositionals, parseArgv, UsageError } from "./args.ts";
import type { Command } from "./command.ts";
import { checkOutputDir, writeOutputFiles } from "./output.ts";
import { progressBar } from "./progress.ts";

const flags = [
  { name: "seeds", placeholder: "RANGE", description: "seeds: a range 1..100 or a list 1,2,5 (default: the scenario's seed)" },
  { name: "set", placeholder: "PATH=V1,V2", description: "a scenario field and its values (repeatable): tracer.sampling.rate=0.01,0.1 runs the preset's own sampler family at each rate; a schema path such as tracer.sampler.rate=0.01,0.1 sets that field (with tracer.sampler.type=probabilistic when the preset's sampler has no rate)" },
  { name: "jobs", placeholder: "N", description: "worker threads (default 1)" },
  { name: "shard", placeholder: "i/N", description: "run only the points whose number is i modulo N (0 <= i < N); auto/N reads i from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm job array (SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN); auto alone also reads N from SLURM_ARRAY_TASK_COUNT" },
  { name: "out", placeholder: "DIR", description: "folder for sweep.json, points.jsonl, points.csv, aggregate.csv (default: sweep-<scenario>)" },
] as const;

/** What a sweep writes (sim/experiments/sweep.ts sweepFiles). */
const SWEEP_FILES = ["sweep.json", "points.jsonl", "points.csv", "aggregate.csv"];

/** --set may repeat, so flags are read here rather than through parseArgv's last-wins map. */
function collectSets(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    if (a === "--set" && argv[i + 1] !== undefined) out.push(argv[i + 1]!);
    else if (a.startsWith("--set=")) out.push(a.slice(6));
  });
  return out;
}

export const sweepCommand: Command = {
  usage: "tracebed sweep <scenario> [--seeds 1..100] [--set PATH=V1,V2 ...] [--jobs N] [--shard i/N|auto/N|auto] [--out DIR]",
  description: "Points are numbered: every combination of --set values (the first varying slowest), then seeds. With --shard i/N a machine runs points ≡ i (mod N); `tracebed merge` joins the shards' folders into the same bytes one machine writes.",
  flags,
  async run(argv, io) {
    const parsed = parseArgv("sweep", argv, flags);
    expectPositionals("sweep", parsed.positionals, ["scenario"], this.usage);
    const file = parsed.positionals[0]!;
    const jobsText = parsed.flags.jobs;
    if (jobsText !== undefined && (typeof jobsText !== "string" || !/^[1-9]\d*$/.test(jobsText))) throw new UsageError(`sweep: --jobs: expected a positive integer, got "${String(jobsText)}"`);
    const jobs = jobsText === undefined ? 1 : Number(jobsText);
    const sets = collectSets(argv).map(parseSet);
    const shard = typeof parsed.flags.shard === "string" ? parseShard(parsed.flags.shard, process.env) : null;
    let seeds: number[];
    if (typeof parsed.flags.seeds === "string") seeds = parseSeeds(parsed.flags.seeds);
    else {
      const own = pointScenario(file, []).seed;
      if (typeof own !== "number") throw new UsageError(`sweep: the scenario's seed "${own}" is not a number; give --seeds`);
      seeds = [own];
    }
    const finalGrid = gridOf(file, seeds, sets);
    const all = gridTasks(finalGrid, file);
    const mine: SweepTask[] = shard === null ? all : all.filter((t) => t.index % shard.count === shard.index);
    const out = typeof parsed.flags.out === "string" ? parsed.flags.out : `sweep-${finalGrid.scenario}`;
    checkOutputDir(`sweep: --out ${out}`, out, SWEEP_FILES);
    const bar = progressBar(io.stderr, io.interactive, `sweep ${finalGrid.scenario}`);
    const results = await runTasks(
      mine.map((task) => ({ type: "sweep" as const, task })),
      { jobs, onProgress: (d, t) => bar.update(d / t, `${d}/${t} runs`) },
      (t) => sweepPoint((t as { task: SweepTask }).task),
    );
    bar.done();
    const points = mine.map((t) => results.get(t.id) as PointResult);
    const files = sweepFiles(finalGrid, shard, points);
    writeOutputFiles(`sweep: --out ${out}`, out, files);
    io.stdout(`sweep ${finalGrid.scenario}: ${points.length} of ${all.length} runs${shard === null ? "" : ` (shard ${shard.index}/${shard.count})`} → ${out}\n`);
    if (shard === null) io.stdout(files.get("aggregate.csv")!);
    return 0;
  },
};
