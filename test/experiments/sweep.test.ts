// Sweeps: shards merged give the bytes one machine writes, worker threads give the bytes one
// thread writes, and bad grids are refused before anything runs.
import test from "ava";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tracebed, tracebedInProcess } from "../sim/cli/helpers.ts";
import { applyAssignments, gridTasks, parseSeeds, parseSet, parseShard, SweepError } from "../../sim/experiments/sweep.ts";
import { runTasks, TaskError } from "../../sim/experiments/pool.ts";

const scenario = fileURLToPath(new URL("../../sim/experiments/scenarios/patterns.yaml", import.meta.url));
const grid = ["--seeds", "1..2", "--set", "tracer.sampling.rate=0.1,0.5", "--set", "duration=6s"];
const temp = () => mkdtempSync(join(tmpdir(), "tracebed-sweep-"));
const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));

test("shards merged, and worker threads, give the bytes of one machine", async (t) => {
  const whole = temp();
  const r = await tracebedInProcess(["sweep", scenario, ...grid, "--jobs", "1", "--out", whole]);
  t.is(r.code, 0, r.stderr);
  t.true(r.stdout.startsWith(`sweep exp-patterns: 4 of 4 runs → ${whole}\n`));
  const shards = [temp(), temp(), temp()];
  for (let i = 0; i < 3; i++) t.is((await tracebedInProcess(["sweep", scenario, ...grid, "--shard", `${i}/3`, "--out", shards[i]!])).code, 0);
  const merged = temp();
  const m = await tracebedInProcess(["merge", shards[2]!, shards[0]!, shards[1]!, "--out", merged]);
  t.is(m.code, 0, m.stderr);
  t.deepEqual(files(merged), files(whole));
  const threads = temp();
  t.is((await tracebedInProcess(["sweep", scenario, ...grid, "--jobs", "2", "--out", threads])).code, 0);
  t.deepEqual(files(threads), files(whole));
  const points = files(whole)["points.csv"]!.split("\n");
  t.is(points[0], "point,seed,set,requests,failed,p50_ms,p99_ms,mean_ms,trace_points,stored_records,dropped_records,stored_traces,metadata_bytes");
  t.regex(points[1]!, /^0,1,tracer\.sampling\.rate=0\.1 duration=6s,\d+,0,/);
  t.regex(points[4]!, /^3,2,tracer\.sampling\.rate=0\.5 duration=6s,/);
  const agg = files(whole)["aggregate.csv"]!.split("\n");
  t.regex(agg[1]!, /^tracer\.sampling\.rate=0\.1 duration=6s,2,/);
  t.is(agg.length, 4);
});

test("merge refuses incomplete or mixed shards", async (t) => {
  const a = temp();
  const b = temp();
  t.is((await tracebedInProcess(["sweep", scenario, "--seeds", "1..2", "--set", "duration=3s", "--shard", "0/2", "--out", a])).code, 0);
  t.is((await tracebedInProcess(["sweep", scenario, "--seeds", "1..3", "--set", "duration=3s", "--shard", "1/2", "--out", b])).code, 0);
  const missing = await tracebedInProcess(["merge", a, "--out", temp()]);
  t.is(missing.code, 2);
  t.is(missing.stderr, "merge: the grid has 2 points; missing 1 (a shard not given?)\n");
  const mixed = await tracebedInProcess(["merge", a, b, "--out", temp()]);
  t.is(mixed.code, 2);
  t.is(mixed.stderr, `merge: ${b} is from a different sweep than ${a} (scenario, its file, seeds or --set values differ)\n`);
  const twice = await tracebedInProcess(["merge", a, a, "--out", temp()]);
  t.is(twice.stderr, `merge: point 0 is in both ${a} and ${a}\n`);
});

test("bad grids are refused with exit 2 before anything runs", async (t) => {
  const bad = async (args: string[]) => {
    const r = await tracebedInProcess(["sweep", scenario, ...args, "--out", temp()]);
    t.is(r.code, 2);
    return r.stderr;
  };
  t.is(await bad(["--seeds", "5..1"]), "--seeds: the range 5..1 is empty (the end comes before the start)\n");
  t.is(await bad(["--seeds", "a,b"]), '--seeds: expected a range like 1..100 or a list like 1,2,5 of integers, got "a,b"\n');
  t.is(await bad(["--set", "rate"]), '--set: expected path=value[,value…], e.g. tracer.sampler.rate=0.01,0.1, got "rate"\n');
  t.is(await bad(["--shard", "2/2"]), '--shard: expected i/N with 0 <= i < N (e.g. 0/4), auto/N (the index from a Kubernetes Indexed Job\'s JOB_COMPLETION_INDEX or a Slurm array\'s SLURM_ARRAY_TASK_ID) or auto (N from SLURM_ARRAY_TASK_COUNT too), got "2/2"\n');
  t.is(await bad(["--set", "tracer.sampling.rate=2"]), "--set tracer.sampling.rate: expected a number in [0, 1], got 2\n");
  const unknown = await bad(["--set", "tracer.preset=jager"]);
  t.true(unknown.includes("with tracer.preset=jager") && unknown.includes('unknown tracer preset "jager" (did you mean "jaeger"?)'), unknown);
});

test("grid points: every combination of --set values, then seeds; shards by number", (t) => {
  t.deepEqual(parseSeeds("3..5"), [3, 4, 5]);
  t.deepEqual(parseSet("a.b=1,x,true"), { path: "a.b", values: [1, "x", true] });
  t.deepEqual(parseShard("1/4"), { index: 1, count: 4 });
  const tasks = gridTasks({ scenario: "s", sourceHash: "", seeds: [1, 2], sets: [{ path: "p", values: [1, 2] }, { path: "q", values: ["a"] }] }, "f");
  t.deepEqual(tasks.map((x) => [x.index, x.seed, x.assignments.map(([p, v]) => `${p}=${v}`).join(" ")]), [
    [0, 1, "p=1 q=a"],
    [1, 2, "p=1 q=a"],
    [2, 1, "p=2 q=a"],
    [3, 2, "p=2 q=a"],
  ]);
  const data = { tracer: { preset: "jaeger" }, workload: [{ rate: "1/s" }] };
  const next = applyAssignments(data, [["tracer.sampling.rate", 0.2], ["workload[0].rate", "5/s"]]);
  t.deepEqual(next, { tracer: { preset: "jaeger", sampler: { type: "probabilistic", rate: 0.2 } }, workload: [{ rate: "5/s" }] });
  t.deepEqual(data, { tracer: { preset: "jaeger" }, workload: [{ rate: "1/s" }] }, "the parsed file is shared by every point, never changed");
  t.deepEqual(applyAssignments({ tracer: { preset: "otel" } }, [["tracer.sampling.rate", 0.3]]), { tracer: { preset: "otel", sampler: { type: "parent-based", root: { type: "consistent", probability: 0.3 } } } });
});

/** This process's environment without any batch system's shard variables, plus `vars`. */
function jobEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k === "JOB_COMPLETION_INDEX" || k.startsWith("SLURM_")) delete env[k];
  return { ...env, ...vars };
}

test("shards started as a Kubernetes Indexed Job and a Slurm array, each its own process, merge into the bytes of one machine", async (t) => {
  const small = ["--seeds", "1..3", "--set", "duration=3s"];
  const whole = temp();
  t.is((await tracebedInProcess(["sweep", scenario, ...small, "--out", whole])).code, 0);
  // Three processes through bin/tracebed.js, as a pod or an array task starts them: shard 0 as
  // pod 0 of an Indexed Job with completions 3; shards 1 and 2 as tasks 2 and 3 of
  // `sbatch --array=1-3` (Slurm numbers them from MIN), one with N written and one with N read.
  const dirs = [temp(), temp(), temp()];
  const runs = await Promise.all([
    tracebed(["sweep", scenario, ...small, "--shard", "auto/3", "--out", dirs[0]!], undefined, jobEnv({ JOB_COMPLETION_INDEX: "0" })),
    tracebed(["sweep", scenario, ...small, "--shard", "auto", "--out", dirs[1]!], undefined, jobEnv({ SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "3", SLURM_ARRAY_TASK_COUNT: "3" })),
    tracebed(["sweep", scenario, ...small, "--shard", "auto/3", "--out", dirs[2]!], undefined, jobEnv({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_COUNT: "3" })),
  ]);
  runs.forEach((r, i) => {
    t.is(r.code, 0, r.stderr);
    t.is(r.stdout, `sweep exp-patterns: 1 of 3 runs (shard ${i}/3) → ${dirs[i]}\n`);
  });
  const merged = temp();
  t.is((await tracebed(["merge", ...dirs, "--out", merged])).code, 0);
  t.deepEqual(files(merged), files(whole));
});

test("--shard auto reads the batch system's variables and refuses missing or inconsistent ones", (t) => {
  t.deepEqual(parseShard("auto/4", { JOB_COMPLETION_INDEX: "3" }), { index: 3, count: 4 });
  t.deepEqual(parseShard("auto", { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "5" }), { index: 0, count: 5 });
  t.deepEqual(parseShard("auto", { SLURM_ARRAY_TASK_ID: "7", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "9", SLURM_ARRAY_TASK_STEP: "2", SLURM_ARRAY_TASK_COUNT: "5" }), { index: 3, count: 5 });
  const refused = (text: string, env: Record<string, string>) => t.throws(() => parseShard(text, env), { instanceOf: SweepError })!.message;
  t.is(refused("auto/4", {}), "--shard auto/4: neither JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (a Slurm job array) is set; run it inside one, or give --shard i/N");
  t.is(refused("auto", { JOB_COMPLETION_INDEX: "1" }), "--shard auto: a Kubernetes Indexed Job does not tell its pods how many indexes it has; give --shard auto/N with N = the Job's spec.completions");
  t.is(refused("auto/2", { JOB_COMPLETION_INDEX: "2" }), "--shard auto/2: JOB_COMPLETION_INDEX=2 is not below N=2; spec.completions must equal N");
  t.is(refused("auto/2", { JOB_COMPLETION_INDEX: "x" }), '--shard: JOB_COMPLETION_INDEX="x" is not a whole number');
  t.is(refused("auto/2", { JOB_COMPLETION_INDEX: "0", SLURM_ARRAY_TASK_ID: "0" }), "--shard auto/2: both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) are set; unset the one that does not belong to this job, or give --shard i/N");
  t.is(refused("auto", { SLURM_ARRAY_TASK_ID: "1" }), "--shard auto: SLURM_ARRAY_TASK_COUNT is not set, so the number of shards is unknown; give --shard auto/N");
  t.is(refused("auto/4", { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "3" }), "--shard auto/4: N=4 but the Slurm array has SLURM_ARRAY_TASK_COUNT=3 tasks; give --shard auto, or submit N tasks");
  t.is(refused("auto", { SLURM_ARRAY_TASK_ID: "9", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "9", SLURM_ARRAY_TASK_COUNT: "3" }), "--shard auto: the array's indexes 1..9 (step 1) are not its 3 tasks in a row; submit it as a range, e.g. sbatch --array=0-2");
  t.is(refused("auto/3", { SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_MIN: "1" }), "--shard auto/3: SLURM_ARRAY_TASK_ID=4 is shard 3 (from SLURM_ARRAY_TASK_MIN=1), not below N=3");
  t.is(refused("auto/3", { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_MIN: "1" }), "--shard auto/3: SLURM_ARRAY_TASK_ID=0 is not SLURM_ARRAY_TASK_MIN=1 plus a multiple of the step 1");
  t.true(refused("auto/0", { JOB_COMPLETION_INDEX: "0" }).startsWith('--shard: expected i/N with 0 <= i < N'));
});

test("the pool: worker threads and this thread share the tasks; a task failing in a worker names the task", async (t) => {
  const tasks = gridTasks({ scenario: "s", sourceHash: "", seeds: [1, 2, 3, 4], sets: [] }, scenario).map((task) => ({ type: "sweep" as const, task }));
  const ran: string[] = [];
  const results = await runTasks(tasks, { jobs: 2 }, (task) => {
    const id = (task as { task: { id: string } }).task.id;
    ran.push(id);
    return `local ${id}`;
  });
  t.deepEqual([...results.keys()].sort(), ["point:0", "point:1", "point:2", "point:3"]);
  t.true(ran.length >= 1 && ran.length < 4, `this thread ran ${ran.length} of 4`);
  for (const id of results.keys()) if (!ran.includes(id)) t.is((results.get(id) as { index: number }).index, Number(id.slice(6)), "a worker ran the real point");
  // A point whose scenario file is gone fails in the worker (this thread's stand-in never fails).
  const missing = gridTasks({ scenario: "s", sourceHash: "", seeds: [1, 2], sets: [] }, join(temp(), "gone.yaml")).map((task) => ({ type: "sweep" as const, task }));
  const error = await t.throwsAsync(runTasks(missing, { jobs: 2 }, () => "ok"), { instanceOf: TaskError });
  t.regex(error!.message, /^task point:0 failed: SweepError: .*gone\.yaml: cannot read the scenario file/);
});
