// Background work as OpenStack does it: servicegroup reports every report_interval, nova-compute's
// periodic tasks (update_available_resource, _sync_scheduler_instance_info) and the fanout casts
// that keep every scheduler's host state, each traced as a request of its own.
import test from "ava";
import { S } from "../../../sim/kernel/index.ts";
import { defaultTopology } from "../../../sim/openstack/index.ts";
import type { BackgroundResult, TopologyConfig } from "../../../sim/openstack/index.ts";
import { applyFaults } from "../../../sim/faults/index.ts";
import { spansFromEvents } from "../../../tracer/index.ts";
import type { SpanRecord, TraceEvent } from "../../../tracer/index.ts";
import { runOne, tracedCloud } from "./harness.ts";
import type { Traced } from "./harness.ts";

function quiet(edit: (c: TopologyConfig["compute"]) => Partial<TopologyConfig["compute"]> = () => ({})): TopologyConfig {
  const t = defaultTopology();
  return { ...t, compute: { ...t.compute, ...edit(t.compute) } };
}

function withRuns(env: Traced): BackgroundResult[] {
  const runs: BackgroundResult[] = [];
  env.cloud.onBackground((r) => runs.push(r));
  return runs;
}

function spansOfRuns(env: Traced, runs: readonly BackgroundResult[]): SpanRecord[] {
  const ids = new Set(runs.map((r) => r.traceId));
  const events: TraceEvent[] = [];
  for (const r of env.records) if (r.type === "event" && ids.has(r.event.traceId)) events.push(r.event);
  return spansFromEvents(events);
}

test("every nova service reports its state every report_interval, each report a traced request of its own", (t) => {
  const env = tracedCloud({ seed: "reports" });
  const runs = withRuns(env);
  env.sim.run({ until: 60 * S });
  const reports = runs.filter((r) => r.workflow === "periodic-report-state");
  // Four computes, two conductors, two schedulers; the first report 5–15 s in, then every 10 s: 5 or 6 each.
  t.true(reports.length >= 8 * 5 && reports.length <= 8 * 6, `${reports.length}`);
  t.true(reports.every((r) => r.ok));
  const spans = spansOfRuns(env, reports);
  const roots = spans.filter((s) => s.parentSpanId === undefined);
  t.is(roots.length, reports.length);
  t.true(roots.every((s) => s.name === "report_state" && s.attributes["workflow"] === "periodic-report-state"));
  t.deepEqual([...new Set(roots.map((s) => s.service))].sort(), ["nova-compute", "nova-conductor", "nova-scheduler"]);
  // A compute has no database access: its Service.save goes through the conductor.
  const fromCompute = spans.filter((s) => s.service === "nova-compute" && s.name === "rpc.call conductor.object_action");
  t.is(fromCompute.length, roots.filter((s) => s.service === "nova-compute").length);
  t.true(spans.some((s) => s.service === "nova-conductor" && s.name === "db.update services"));
  t.true(spans.some((s) => s.service === "nova-scheduler" && s.name === "db.update services"));
  // Their starts are spread over the interval, not stacked on one instant.
  t.true(new Set(roots.map((s) => Math.floor(s.start / S) % 10)).size >= 4);
});

test("nova-compute's update_available_resource runs about every 60 s, through the conductor and Placement", (t) => {
  const env = tracedCloud({ seed: "periodic" });
  const runs = withRuns(env);
  env.sim.run({ until: 250 * S });
  const updates = runs.filter((r) => r.workflow === "periodic-update-available-resource");
  // Per compute: the timer starts 0–60 s in, then a run every 60 s (+ up to 3 s of jitter): 3 or 4 by 250 s.
  t.true(updates.length >= 4 * 3 && updates.length <= 4 * 4, `${updates.length}`);
  const spans = spansOfRuns(env, updates);
  const root = spans.find((s) => s.parentSpanId === undefined)!;
  const calls = spans.filter((s) => s.traceId === root.traceId && s.service === "nova-compute" && s.kind === "client").map((s) => s.name).sort();
  t.deepEqual(calls, [
    "GET /resource_providers/{uuid}/inventories",
    "rpc.call conductor.object_action",
    "rpc.call conductor.object_class_action_versions",
    "rpc.call conductor.object_class_action_versions",
  ]);
  const syncs = runs.filter((r) => r.workflow === "periodic-sync-instance-info");
  t.true(syncs.length >= 4, `${syncs.length}`);
  // The fanout cast reaches every scheduler's own queue.
  const consumed = spansOfRuns(env, syncs.slice(0, 1)).filter((s) => s.name === "rpc.consume sync_instance_info");
  t.deepEqual(consumed.map((s) => s.attributes["messaging.destination.subscription.name"]).sort(), ["scheduler_fanout_controller-2", "scheduler_fanout_controller-3"]);
});

test("a build tells every scheduler of the new instance with a fanout cast, inside the request's trace", (t) => {
  const env = tracedCloud({ seed: "fanout" });
  const r = runOne(env, "server-create");
  t.true(r.ok);
  const events: TraceEvent[] = [];
  for (const x of env.records) if (x.type === "event" && x.event.traceId === r.traceId) events.push(x.event);
  const spans = spansFromEvents(events);
  t.is(spans.filter((s) => s.name === "rpc.cast scheduler.update_instance_info").length, 1);
  t.deepEqual(spans.filter((s) => s.name === "rpc.consume update_instance_info").map((s) => s.host).sort(), ["controller-2", "controller-3"]);
});

test("negative intervals disable the periodic tasks, as nova's options do", (t) => {
  const env = tracedCloud({ seed: "off", topology: quiet(() => ({ updateResourcesIntervalNs: -1, schedulerInstanceSyncIntervalNs: -1 })) });
  const runs = withRuns(env);
  env.sim.run({ until: 300 * S });
  t.deepEqual([...new Set(runs.map((r) => r.workflow))], ["periodic-report-state"]);
});

test("a frozen compute stops its background work until it thaws", (t) => {
  const env = tracedCloud({ seed: "frozen" });
  const runs = withRuns(env);
  applyFaults(env.sim, env.cloud, [{ kind: "freeze", at: 20 * S, for: 100 * S, target: { host: "compute-3" } }]);
  env.sim.run({ until: 200 * S });
  const onCompute3 = runs.filter((r) => r.workflow === "periodic-report-state" && spansOfRuns(env, [r])[0]?.host === "compute-3");
  // Reports started before the freeze, none during it (a run held by the freeze finishes after it), then again.
  const during = onCompute3.filter((r) => r.start > 21 * S && r.start < 120 * S);
  t.is(during.length, 0);
  t.true(onCompute3.some((r) => r.start >= 120 * S));
  t.true(env.cloud.serviceGroup.isUp("compute-3"));
});

test("background work is deterministic: the same seed gives the same runs", (t) => {
  const once = () => {
    const env = tracedCloud({ seed: "same" });
    const runs = withRuns(env);
    env.sim.run({ until: 130 * S });
    return runs.map((r) => `${r.workflow}@${r.start}+${r.latencyNs}`);
  };
  t.deepEqual(once(), once());
});
