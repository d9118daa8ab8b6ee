// A crashed nova-compute, as Nova handles it: builds it was running or had queued end in ERROR
// on restart (init_host), the scheduler stops picking it once its heartbeat is stale, and a
// delete either waits for it (cast) or, once it is reported down, is done locally by nova-api.
import test from "ava";
import { S, Simulation } from "../../../sim/kernel/index.ts";
import { buildCloud, defaultTopology } from "../../../sim/openstack/index.ts";
import type { Cloud, RequestResult, TopologyConfig, Workflow } from "../../../sim/openstack/index.ts";
import { applyFaults } from "../../../sim/faults/index.ts";

interface Done extends RequestResult {
  readonly startedAt: number;
  readonly endedAt: number;
}

function start(sim: Simulation, cloud: Cloud, workflow: Workflow, at: number, out: Done[]): void {
  sim.schedule(at - sim.now, () => {
    const p = cloud.startRequest(workflow);
    sim.process((function* () {
      const r: RequestResult = yield p;
      out.push({ ...r, startedAt: at, endedAt: sim.now });
    })());
  });
}

test("builds on a crashed compute end in ERROR at its restart; builds elsewhere go on", (t) => {
  const sim = new Simulation({ seed: "crash-builds" });
  const cloud = buildCloud(sim, defaultTopology());
  const crashAt = 30 * S;
  const restartAt = 100 * S;
  applyFaults(sim, cloud, [{ kind: "crash", at: crashAt, for: restartAt - crashAt, target: { host: "compute-2" } }]);
  // Builds compute-2 runs when it crashes, or has been sent while down, are the ones to fail.
  let stranded = new Set<string>();
  sim.schedule(restartAt - 1, () => {
    stranded = new Set(cloud.servers.onHost("compute-2").filter((r) => r.state === "BUILD").map((r) => r.id));
  });
  const done: Done[] = [];
  for (let at = 1 * S; at < 80 * S; at += 1 * S) start(sim, cloud, "server-create", at, done);
  sim.run({ until: 400 * S });
  t.is(done.length, 79);
  const failed = done.filter((r) => !r.ok);
  t.true(stranded.size >= 3, `${stranded.size} builds stranded`);
  t.is(failed.length, stranded.size);
  t.is(cloud.counters.buildsInterrupted, stranded.size);
  for (const r of failed) {
    t.is(r.error, "server went to ERROR");
    // The client learns it at its first poll after init_host ran.
    t.true(r.endedAt >= restartAt && r.endedAt <= restartAt + cloud.topology.client.pollIntervalNs + 2 * S, `${r.endedAt}`);
  }
  // Builds on the other hosts completed while compute-2 was down.
  t.true(done.filter((r) => r.ok && r.endedAt > crashAt && r.endedAt < restartAt).length >= 20);
  t.true(done.filter((r) => r.startedAt > crashAt).every((r) => r.ok || r.endedAt >= restartAt));
  // None of the stranded builds was built after the restart.
  t.true([...stranded].every((id) => cloud.servers.get(id)?.state !== "ACTIVE"));
});

test("the scheduler keeps picking a crashed compute until its heartbeat is older than service_down_time, then stops", (t) => {
  const sim = new Simulation({ seed: "heartbeat" });
  const cloud = buildCloud(sim, defaultTopology());
  const crashAt = 15 * S;
  const restartAt = 215 * S;
  applyFaults(sim, cloud, [{ kind: "crash", at: crashAt, for: restartAt - crashAt, target: { host: "compute-2" } }]);
  // Its reports start within its first report interval after INITIAL_REPORTING_DELAY: the last one
  // before the crash was at 5–15 s, so it is reported down 60 s after that.
  sim.run({ until: crashAt - 1 });
  const last = cloud.serviceGroup.lastReport("compute-2")!;
  t.true(last >= 5 * S && last < crashAt, `${last}`);
  const stale = last + cloud.topology.compute.serviceDownTimeNs;
  const seen: Record<string, boolean> = {};
  const look = (label: string, at: number) => sim.schedule(at - sim.now, () => void (seen[label] = cloud.serviceGroup.isUp("compute-2")));
  look("before the crash", crashAt - 1);
  look("crashed, report still fresh", stale - 1 * S);
  look("report stale", stale + 1 * S);
  look("still down", restartAt - 1 * S);
  look("restarted: it reports as it starts", restartAt + 1 * S);
  const early: Done[] = [];
  const late: Done[] = [];
  for (let at = 20 * S; at < 60 * S; at += 1 * S) start(sim, cloud, "server-create", at, early);
  let freeAtStale = 0;
  sim.schedule(stale + 1 * S - sim.now, () => void (freeAtStale = cloud.placement.freeOn("compute-2")));
  for (let at = 80 * S; at < 200 * S; at += 1 * S) start(sim, cloud, "server-create", at, late);
  sim.run({ until: 600 * S });
  t.deepEqual(seen, {
    "before the crash": true,
    "crashed, report still fresh": true,
    "report stale": false,
    "still down": false,
    "restarted: it reports as it starts": true,
  });
  // Before the heartbeat went stale, builds were still sent to compute-2 and failed at restart.
  t.true(early.some((r) => !r.ok));
  // After, none was: every later create succeeded and compute-2 got no new allocation.
  t.is(late.length, 120);
  t.true(late.every((r) => r.ok), late.find((r) => !r.ok)?.error);
  t.is(cloud.placement.freeOn("compute-2"), freeAtStale);
});

function oneCompute(): TopologyConfig {
  const t = defaultTopology();
  return { ...t, hosts: { ...t.hosts, computes: 1 } };
}

test("a delete while the compute is down but not yet reported down waits for it; once reported down nova-api deletes locally", (t) => {
  const sim = new Simulation({ seed: "delete" });
  const cloud = buildCloud(sim, oneCompute());
  const restartAt = 115 * S;
  applyFaults(sim, cloud, [{ kind: "crash", at: 15 * S, for: restartAt - 15 * S, target: { host: "compute-1" } }]);
  const cast: Done[] = [];
  const local: Done[] = [];
  start(sim, cloud, "server-delete", 20 * S, cast);
  start(sim, cloud, "server-delete", 80 * S, local);
  sim.run({ until: 400 * S });
  // The cast waits in compute.compute-1 until the restart; init_host finishes it.
  t.true(cast[0]!.ok, cast[0]!.error);
  t.true(cast[0]!.endedAt >= restartAt);
  // Reported down (no report since 10 s, > 60 s ago): deleted by nova-api, no waiting.
  t.true(local[0]!.ok, local[0]!.error);
  t.true(local[0]!.latencyNs < 10 * S, `${local[0]!.latencyNs}`);
  t.is(cloud.counters.localDeletes, 1);
  t.is(cloud.servers.size, cloud.topology.compute.initialInstances - 2);
});
