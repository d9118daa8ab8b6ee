// Which shard of a sweep this process runs: `i/N` as written, or `auto/N` / `auto` read from the
// batch system that started it.
//
// - A Kubernetes Indexed Job (`completionMode: Indexed`) gives each pod its completion index,
//   0 .. spec.completions - 1, in JOB_COMPLETION_INDEX (kubernetes.io, "Indexed Job for Parallel
//   Processing with Static Work Assignment"). The pod is not told spec.completions, so N must be
//   written: `--shard auto/N`.
// - A Slurm job array (`sbatch --array=MIN-MAX[:STEP]`) sets SLURM_ARRAY_TASK_ID to the task's
//   array index, SLURM_ARRAY_TASK_MIN / _MAX to the lowest / highest index and
//   SLURM_ARRAY_TASK_COUNT to the number of tasks (slurm.schedmd.com job_array.html; sbatch's
//   output environment adds SLURM_ARRAY_TASK_STEP). The shard is (ID - MIN) / STEP, so an array
//   that starts at 1 works as well as one from 0; `--shard auto` takes N from the count.
//
// An index that cannot be read, or that disagrees with N, is a usage error: a shard that ran
// the wrong points would only be found at merge time, after the whole array had run.
import { SweepError } from "./sweep-error.ts";

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export type ShardEnv = Readonly<Record<string, string | undefined>>;

const K8S_INDEX = "JOB_COMPLETION_INDEX";
const SLURM_ID = "SLURM_ARRAY_TASK_ID";
const SLURM_MIN = "SLURM_ARRAY_TASK_MIN";
const SLURM_MAX = "SLURM_ARRAY_TASK_MAX";
const SLURM_STEP = "SLURM_ARRAY_TASK_STEP";
const SLURM_COUNT = "SLURM_ARRAY_TASK_COUNT";

const USAGE = "expected i/N with 0 <= i < N (e.g. 0/4), auto/N (the index from a Kubernetes Indexed Job's JOB_COMPLETION_INDEX or a Slurm array's SLURM_ARRAY_TASK_ID) or auto (N from SLURM_ARRAY_TASK_COUNT too)";

/** A variable holding a whole number (at least `min`), or undefined when it is not set. */
function intVar(env: ShardEnv, name: string, min: number): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < min) throw new SweepError(`--shard: ${name}="${text}" is not a whole number${min > 0 ? ` of at least ${min}` : ""}`);
  return Number(text);
}

/** "i/N", "auto/N" or "auto" (the last two read `env`, normally process.env). */
export function parseShard(text: string, env: ShardEnv = {}): Shard {
  const auto = /^auto(?:\/(\d+))?$/.exec(text);
  if (auto !== null) return autoShard(text, auto[1] === undefined ? undefined : Number(auto[1]), env);
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new SweepError(`--shard: ${USAGE}, got "${text}"`);
  return { index, count };
}

function autoShard(text: string, written: number | undefined, env: ShardEnv): Shard {
  if (written !== undefined && written < 1) throw new SweepError(`--shard: ${USAGE}, got "${text}"`);
  const k8s = intVar(env, K8S_INDEX, 0);
  const slurm = intVar(env, SLURM_ID, 0);
  if (k8s !== undefined && slurm !== undefined) {
    throw new SweepError(`--shard ${text}: both ${K8S_INDEX} (Kubernetes) and ${SLURM_ID} (Slurm) are set; unset the one that does not belong to this job, or give --shard i/N`);
  }
  if (k8s === undefined && slurm === undefined) {
    throw new SweepError(`--shard ${text}: neither ${K8S_INDEX} (a Kubernetes Indexed Job) nor ${SLURM_ID} (a Slurm job array) is set; run it inside one, or give --shard i/N`);
  }
  let shard: Shard;
  if (k8s !== undefined) {
    if (written === undefined) throw new SweepError(`--shard auto: a Kubernetes Indexed Job does not tell its pods how many indexes it has; give --shard auto/N with N = the Job's spec.completions`);
    shard = { index: k8s, count: written };
    if (shard.index >= shard.count) throw new SweepError(`--shard ${text}: ${K8S_INDEX}=${k8s} is not below N=${written}; spec.completions must equal N`);
    return shard;
  }
  const id = slurm!;
  const min = intVar(env, SLURM_MIN, 0) ?? 0;
  const step = intVar(env, SLURM_STEP, 1) ?? 1;
  const max = intVar(env, SLURM_MAX, 0);
  const tasks = intVar(env, SLURM_COUNT, 1);
  if (id < min || (id - min) % step !== 0) throw new SweepError(`--shard ${text}: ${SLURM_ID}=${id} is not ${SLURM_MIN}=${min} plus a multiple of the step ${step}`);
  // An array given as a list (--array=1,4,9) has as many tasks as indexes but gaps between
  // them: its indexes do not number the shards, so it is refused rather than half-run.
  if (max !== undefined && tasks !== undefined && (max - min) / step + 1 !== tasks) {
    throw new SweepError(`--shard ${text}: the array's indexes ${min}..${max} (step ${step}) are not its ${tasks} tasks in a row; submit it as a range, e.g. sbatch --array=0-${tasks - 1}`);
  }
  const count = written ?? tasks;
  if (count === undefined) throw new SweepError(`--shard auto: ${SLURM_COUNT} is not set, so the number of shards is unknown; give --shard auto/N`);
  if (written !== undefined && tasks !== undefined && written !== tasks) {
    throw new SweepError(`--shard ${text}: N=${written} but the Slurm array has ${SLURM_COUNT}=${tasks} tasks; give --shard auto, or submit N tasks`);
  }
  const index = (id - min) / step;
  if (index >= count) throw new SweepError(`--shard ${text}: ${SLURM_ID}=${id} is shard ${index} (from ${SLURM_MIN}=${min}), not below N=${count}`);
  return { index, count };
}
