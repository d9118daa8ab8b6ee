// Background work: what services do on their own timers — servicegroup reports and periodic
// tasks — each run traced as its own request (a root span with a `workflow` attribute, reported
// to the cloud's background listeners like a finished request), so it loads the database, the
// broker and the services as in a real cloud and a diagnosis sees it. Loops run in the
// instance's process group: a crash stops them, a freeze holds them, a restart starts them again.
//
// Two loop disciplines, as oslo.service runs them:
// - `startBackground`: a FixedIntervalLoopingCall (oslo_service/loopingcall.py): the next run
//   starts `interval` after the previous one started, at once if the run outlasted it.
// - `startPeriodicTasks`: the service's periodic-task timer (nova/service.py: a dynamic timer
//   started after random.randint(0, periodic_fuzzy_delay) seconds, default 60, waking at most
//   every periodic_interval_max, default 60 s) running oslo_service/periodic_task.py's
//   run_periodic_tasks: each task runs when `spacing` (0: DEFAULT_INTERVAL, 60 s; negative:
//   disabled) has passed since its last run, one task after another, its next run pushed back by
//   up to 5% of the spacing in whole seconds (_nearest_boundary) so tasks do not synchronise.
import { S } from "../kernel/index.ts";
import type { Stream } from "../kernel/index.ts";
import type { Span } from "../../tracer/index.ts";
import type { ServiceInstance } from "./instance.ts";

/** How a background run ended. */
export interface Outcome {
  readonly ok: boolean;
  readonly error?: string;
}

/** oslo_service/periodic_task.py DEFAULT_INTERVAL. */
export const DEFAULT_INTERVAL_NS = 60 * S;
/** nova's periodic_interval_max (nova/conf/service.py, default 60 s): the longest the periodic-task timer sleeps. */
const PERIODIC_INTERVAL_MAX_NS = 60 * S;

export type BackgroundBody = (root: Span) => Generator<any, Outcome, any>;

const rootAttributes = new Map<string, Readonly<Record<string, string>>>();

function workflowAttribute(workflow: string): Readonly<Record<string, string>> {
  let a = rootAttributes.get(workflow);
  if (a === undefined) rootAttributes.set(workflow, (a = Object.freeze({ workflow })));
  return a;
}

/** One traced background run: a root span named `name`, the body, and the result to the cloud's listeners. */
export function* runTraced(inst: ServiceInstance, workflow: string, name: string, body: BackgroundBody): Generator<any, void, any> {
  const sim = inst.sim;
  const start = sim.now;
  const root = inst.startSpan(name, undefined, "internal", workflowAttribute(workflow));
  const out = yield* body(root);
  if (!out.ok) root.setStatus("error", out.error);
  root.end();
  const latencyNs = sim.now - start;
  const pay = inst.overhead();
  if (pay !== null) yield pay;
  inst.cloud.backgroundDone({
    workflow,
    ok: out.ok,
    ...(out.error === undefined ? {} : { error: out.error }),
    latencyNs,
    ...(inst.traced ? { traceId: root.traceId } : {}),
    start,
  });
}

/**
 * Runs `body` in a FixedIntervalLoopingCall: first after `delay(true)`, then every `delay(false)`
 * ns from the start of the previous run. `restartAtOnce`: after a restart the first run comes at
 * once (the service saves its record as it starts).
 */
export function startBackground(inst: ServiceInstance, workflow: string, name: string, delay: (first: boolean) => number, body: BackgroundBody, restartAtOnce = false): void {
  const loop = function* (firstDelay: number): Generator<any, void, any> {
    yield inst.group.delay(firstDelay);
    const interval = delay(false);
    for (;;) {
      const started = inst.sim.now;
      yield* runTraced(inst, workflow, name, body);
      yield inst.group.delay(Math.max(0, interval - (inst.sim.now - started)));
    }
  };
  inst.group.spawn(loop(delay(true)), `${inst.name}:${name}`);
  inst.group.onChange((e) => {
    // A child group hears its parent's events too: only a restart of this process, once it is up.
    if (e === "restart" && inst.group.up) inst.group.spawn(loop(restartAtOnce ? 0 : delay(true)), `${inst.name}:${name}`);
  });
}

export interface PeriodicTask {
  /** The workflow its runs are reported as. */
  readonly workflow: string;
  /** The task's name (the root span's). */
  readonly name: string;
  /** Spacing between runs: 0 for DEFAULT_INTERVAL, negative to disable. */
  readonly spacingNs: number;
  readonly body: BackgroundBody;
}

/** Runs an instance's periodic tasks as nova's service timer runs them (see the file comment). */
export function startPeriodicTasks(inst: ServiceInstance, tasks: readonly PeriodicTask[], fuzzyDelayNs: number, stream: Stream): void {
  const enabled = tasks.filter((t) => t.spacingNs >= 0).map((t) => ({ ...t, spacingNs: t.spacingNs === 0 ? DEFAULT_INTERVAL_NS : t.spacingNs }));
  if (enabled.length === 0) return;
  const loop = function* (): Generator<any, void, any> {
    // random.randint(0, periodic_fuzzy_delay): whole seconds, both ends included.
    const fuzzy = fuzzyDelayNs > 0 ? stream.int(Math.floor(fuzzyDelayNs / S) + 1) * S : 0;
    yield inst.group.delay(fuzzy);
    // run_immediately=False: each task's first run comes one spacing after the timer starts.
    const lastRun = enabled.map(() => inst.sim.now);
    for (;;) {
      let idle = DEFAULT_INTERVAL_NS;
      for (let i = 0; i < enabled.length; i++) {
        const task = enabled[i]!;
        idle = Math.min(idle, task.spacingNs);
        const due = lastRun[i]! + task.spacingNs - inst.sim.now;
        if (due > 0) {
          idle = Math.min(idle, due);
          continue;
        }
        lastRun[i] = nearestBoundary(inst.sim.now, lastRun[i]!, task.spacingNs, stream);
        yield* runTraced(inst, task.workflow, task.name, task.body);
      }
      yield inst.group.delay(Math.min(idle, PERIODIC_INTERVAL_MAX_NS));
    }
  };
  inst.group.spawn(loop(), `${inst.name}:periodic_tasks`);
  inst.group.onChange((e) => {
    if (e === "restart" && inst.group.up) inst.group.spawn(loop(), `${inst.name}:periodic_tasks`);
  });
}

/** _nearest_boundary: the last multiple of `spacing` after `last`, pushed back by up to 5% of the spacing in whole seconds. */
function nearestBoundary(now: number, last: number, spacing: number, stream: Stream): number {
  const offset = (now - last) % spacing;
  const jitter = Math.floor((spacing / S) * (stream.next() / 20)) * S;
  return now - offset + jitter;
}
