// The model's ground truth: with the kernel's causality observer attached, a request's true
// critical path names what the simulation was doing (the client, a service's operation, a
// database or cache call, a message on the network), without any tracer.
import test from "ava";
import { Causality, Simulation } from "../../../sim/kernel/index.ts";
import type { CausalPoint } from "../../../sim/kernel/index.ts";
import { buildCloud, defaultTopology } from "../../../sim/openstack/index.ts";
import type { Cloud, Workflow } from "../../../sim/openstack/index.ts";
import type { RequestEnd } from "../../../sim/openstack/truth.ts";
import { trueCriticalPath } from "../../../sim/experiments/thesis/truth-path.ts";
import type { TrueSegment } from "../../../sim/experiments/thesis/truth-path.ts";

interface Ended {
  readonly info: RequestEnd;
  readonly end: CausalPoint;
  readonly path: TrueSegment[];
}

function observedCloud(seed: number): { sim: Simulation; cloud: Cloud; ended: Ended[] } {
  const sim = new Simulation({ seed });
  const causality = new Causality();
  sim.observeCausality(causality);
  const ended: Ended[] = [];
  causality.onScopeEnd = (_scope, end, info) => ended.push({ info: info as RequestEnd, end, path: trueCriticalPath(end) });
  // No tracer at all: the truth does not come from one.
  const cloud = buildCloud(sim, defaultTopology(), {});
  return { sim, cloud, ended };
}

function one(workflow: Workflow, seed = 7): { ended: Ended; latencyNs: number } {
  const { sim, cloud, ended } = observedCloud(seed);
  let latencyNs = -1;
  sim.schedule(1e9, () => {
    const p = cloud.startRequest(workflow);
    sim.process((function* () {
      latencyNs = ((yield p) as { latencyNs: number }).latencyNs;
    })());
  });
  sim.run({ until: 120e9 });
  return { ended: ended.find((e) => e.info.workflow === workflow)!, latencyNs };
}

const names = (path: readonly TrueSegment[]): string[] => path.map((s) => `${s.activity.service} ${s.activity.operation}`);

test("a token issue's true path: the CLI, the network, Keystone's work and its database queries, the answer's way back", (t) => {
  const { ended, latencyNs } = one("token-issue");
  t.deepEqual(names(ended.path), [
    "client openstack token issue",
    "network network",
    "mysql mysql.select",
    "keystone keystone.issue_token",
    "mysql mysql.select",
    "keystone keystone.issue_token",
    "network network",
  ]);
  // Contiguous from the request's start to its end, and as long as the request took.
  t.is(ended.path[0]!.start, ended.info.start);
  for (let i = 1; i < ended.path.length; i++) t.is(ended.path[i]!.start, ended.path[i - 1]!.end);
  t.is(ended.path[ended.path.length - 1]!.end - ended.path[0]!.start, latencyNs);
});

test("Pattern #2 puts both of the overview's backend calls on the path; Pattern #1 only the one that ended last", (t) => {
  const sequential = names(one("pattern-sequential").ended.path);
  t.true(sequential.includes("nova-api nova-api.tenant_usage"));
  t.true(sequential.includes("cinder cinder.show_limits"));
  const concurrent = names(one("pattern-concurrent").ended.path);
  const both = ["nova-api nova-api.tenant_usage", "cinder cinder.show_limits"].filter((n) => concurrent.includes(n));
  t.is(both.length, 1);
});

test("a frozen Keystone's time is Keystone's: the wait stays in the request, labelled with the operation that waited", (t) => {
  const { sim, cloud, ended } = observedCloud(7);
  const thaws = cloud.instances("keystone").map((k) => k.freeze());
  sim.schedule(1e9, () => cloud.startRequest("token-issue"));
  sim.schedule(3e9, () => thaws.forEach((thaw) => thaw()));
  sim.run({ until: 60e9 });
  const path = ended[0]!.path;
  const keystone = path.filter((s) => s.activity.service === "keystone").reduce((n, s) => n + s.end - s.start, 0);
  t.true(keystone >= 2e9, `keystone's share: ${keystone} ns`);
  t.is(path[0]!.start, 1e9);
});

test("observing the truth leaves the run unchanged", (t) => {
  const run = (observe: boolean) => {
    const sim = new Simulation({ seed: 3 });
    if (observe) sim.observeCausality(new Causality());
    const cloud = buildCloud(sim, defaultTopology(), {});
    for (const [i, w] of (["server-create", "horizon-instances", "server-list", "pattern-concurrent"] as const).entries()) sim.schedule(1e9 + i * 3e8, () => cloud.startRequest(w));
    sim.run({ until: 90e9 });
    return `${sim.eventLog.count} ${sim.eventLog.hash()}`;
  };
  t.is(run(true), run(false));
});
