// What each fault kind does to the cloud, and how it is undone. Each injector returns an undo.
import type { Sampler, Stream } from "../kernel/index.ts";
import { S } from "../kernel/index.ts";
import type { BrokerQueue } from "../rpc/index.ts";
import { buildSemaphore } from "../openstack/index.ts";
import type { Cloud, LatencyLayer, ErrorLayer, ServiceInstance } from "../openstack/index.ts";
import { FaultSpecError } from "./targets.ts";
import type { Resolved } from "./targets.ts";
import { latencySampler } from "./params.ts";
import type { FaultSpec, LimitName } from "./types.ts";

export type Undo = () => void;

/** Anything with an added-delay hook: links, and broker queues. */
interface Delayable {
  extraDelay: Sampler | null;
}

// The delays each target carries now, so overlapping faults can end in any order: undoing one
// removes exactly its sampler instead of restoring a chain saved when it began.
const activeDelays = new WeakMap<Delayable, Sampler[]>();

function setDelays(target: Delayable, list: Sampler[]): void {
  activeDelays.set(target, list);
  target.extraDelay = list.length === 0 ? null : list.length === 1 ? list[0]! : (s) => list.reduce((n, f) => n + f(s), 0);
}

function addDelay(target: Delayable, f: Sampler): Undo {
  setDelays(target, [...(activeDelays.get(target) ?? []), f]);
  return () => setDelays(target, (activeDelays.get(target) ?? []).filter((g) => g !== f));
}

type FaultyQueue = Pick<BrokerQueue<never>, "extraDelay" | "faultStream">;

// Broker-queue faults draw from the stream of the first fault still on the queue; it is
// cleared only when the last one ends, whatever order overlapping faults end in.
const queueFaults = new WeakMap<FaultyQueue, number>();

function holdQueueStream(q: FaultyQueue, stream: Stream): Undo {
  const n = queueFaults.get(q) ?? 0;
  if (n === 0) q.faultStream = stream;
  queueFaults.set(q, n + 1);
  return () => {
    const left = queueFaults.get(q)! - 1;
    queueFaults.set(q, left);
    if (left === 0) q.faultStream = null;
  };
}

function addQueueDelay(q: FaultyQueue, f: Sampler, stream: Stream): Undo {
  return all([holdQueueStream(q, stream), addDelay(q, f)]);
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

function all(undos: Undo[]): Undo {
  return () => {
    for (let i = undos.length - 1; i >= 0; i--) undos[i]!();
  };
}

function latency(cloud: Cloud, spec: Extract<FaultSpec, { kind: "latency" }>, r: Resolved, stream: Stream, path: string): Undo {
  const undos: Undo[] = [];
  const start = spec.at;
  const base = spec.add === undefined ? null : latencySampler(spec.add, `${path}.add`);
  const g = spec.growth;
  const perSecond = g !== undefined && "nsPerSecond" in g ? g.nsPerSecond : 0;
  const draw: Sampler = (s) => {
    let ns = base === null ? 0 : base(s);
    if (perSecond > 0) ns += Math.round((perSecond * (cloud.sim.now - start)) / S);
    return ns;
  };
  if (g !== undefined && "state" in g) {
    if (!r.operations.some((o) => o.op.service === "keystone")) {
      throw new FaultSpecError(`${path}.growth.state`, "revocation-events growth only applies to Keystone", "a target of service keystone (e.g. operation keystone.validate_token)");
    }
    undos.push(cloud.keystone.grow(cloud.sim.now, g.eventsPerSecond));
  }
  if (base !== null || perSecond > 0) {
    for (const link of r.links) undos.push(addDelay(link, draw));
    for (const { op, instance } of r.operations) {
      const layer: LatencyLayer = { instance, extra: () => draw(stream) };
      op.latency.push(layer);
      undos.push(() => remove(op.latency, layer));
    }
  }
  return all(undos);
}

function error(spec: Extract<FaultSpec, { kind: "error" }>, r: Resolved, stream: Stream): Undo {
  const undos: Undo[] = [];
  for (const { op, instance } of r.operations) {
    const layer: ErrorLayer = { instance, probability: spec.probability, stream, message: spec.message ?? `injected error in ${op.key}` };
    op.errors.push(layer);
    undos.push(() => remove(op.errors, layer));
  }
  return all(undos);
}

function crashOrFreeze(cloud: Cloud, kind: "crash" | "freeze", r: Resolved): Undo {
  const groups = r.hosts.length > 0 ? r.hosts : r.instances.map((i) => i.group);
  for (const g of groups) {
    if (kind === "crash") g.crash();
    else g.freeze();
  }
  return () => {
    for (const g of groups) {
      if (kind === "crash") g.restart();
      else g.thaw();
    }
    cloud.net.healed();
  };
}

function partition(cloud: Cloud, spec: Extract<FaultSpec, { kind: "partition" }>, r: Resolved): Undo {
  const net = cloud.net;
  if (r.links.length > 0) {
    for (const l of r.links) l.cuts++;
    return () => {
      for (const l of r.links) if (l.cuts > 0) l.cuts--;
      net.healed();
    };
  }
  const dir = spec.direction ?? "both";
  for (const h of r.hosts) net.isolate(h, dir);
  return () => {
    for (const h of r.hosts) net.rejoin(h, dir);
  };
}

function message(spec: Extract<FaultSpec, { kind: "message-loss" | "message-delay" | "message-duplication" }>, r: Resolved, stream: Stream, path: string): Undo {
  const undos: Undo[] = [];
  if (spec.kind === "message-delay") {
    const f = latencySampler(spec.delay, `${path}.delay`);
    for (const l of r.links) undos.push(addDelay(l, f));
    for (const q of r.queues) undos.push(addQueueDelay(q, f, stream));
    return all(undos);
  }
  const p = spec.probability;
  const loss = spec.kind === "message-loss";
  for (const l of r.links) {
    if (loss) l.extraLoss += p;
    else l.duplicate += p;
    undos.push(() => {
      if (loss) l.extraLoss -= p;
      else l.duplicate -= p;
    });
  }
  for (const q of r.queues) {
    undos.push(holdQueueStream(q, stream));
    if (loss) q.dropRate += p;
    else q.duplicateRate += p;
    undos.push(() => {
      if (loss) q.dropRate -= p;
      else q.duplicateRate -= p;
    });
  }
  return all(undos);
}

function slowDependency(cloud: Cloud, spec: Extract<FaultSpec, { kind: "slow-dependency" }>, r: Resolved, stream: Stream, path: string): Undo {
  const f = latencySampler(spec.add, `${path}.add`);
  const undos: Undo[] = [];
  if (spec.dependency === "broker") {
    for (const q of cloud.broker.topicQueues()) undos.push(addQueueDelay(q, f, stream));
    return all(undos);
  }
  const service = spec.dependency === "db" ? "mysql" : "memcached";
  const only = r.instances.filter((i) => i.service === service).map((i) => i.name);
  for (const op of cloud.operations().values()) {
    if (op.service !== service) continue;
    const targets: (string | null)[] = only.length > 0 ? only : [null];
    for (const instance of targets) {
      const layer: LatencyLayer = { instance, extra: () => f(stream) };
      op.latency.push(layer);
      undos.push(() => remove(op.latency, layer));
    }
  }
  return all(undos);
}

function cacheOutage(cloud: Cloud, r: Resolved): Undo {
  const victims = r.instances.filter((i) => i.service === "memcached");
  const list = victims.length > 0 ? victims : cloud.caches.map((c) => c.inst);
  for (const m of list) m.group.crash();
  return () => {
    for (const m of list) m.group.restart();
  };
}

function limitTargets(cloud: Cloud, limit: LimitName, r: Resolved, path: string): ServiceInstance[] {
  const ok = (i: ServiceInstance): boolean => {
    switch (limit) {
      case "workers": return i.workers !== null;
      case "db-pool": return i.dbPool !== null;
      case "max-concurrent-builds": return i.service === "nova-compute";
      case "executor": return i.rpcServer !== null;
      case "db-threads": return i.service === "mysql";
    }
  };
  const list = limit === "db-threads" && r.instances.length === 0 ? [cloud.db.inst] : r.instances.filter(ok);
  if (list.length === 0) throw new FaultSpecError(`${path}.limit`, `nothing in the target has a ${limit} limit`, "a target that has this limit");
  return list;
}

function limit(cloud: Cloud, spec: Extract<FaultSpec, { kind: "limit" }>, r: Resolved, path: string): Undo {
  const undos: Undo[] = [];
  for (const i of limitTargets(cloud, spec.limit, r, path)) {
    switch (spec.limit) {
      case "workers":
      case "db-pool":
      case "max-concurrent-builds":
      case "db-threads": {
        const res = spec.limit === "workers" ? i.workers! : spec.limit === "db-pool" ? i.dbPool! : spec.limit === "db-threads" ? cloud.db.threads : buildSemaphore(i);
        const old = res.capacity;
        res.capacity = spec.value;
        undos.push(() => {
          res.capacity = old;
        });
        break;
      }
      case "executor": {
        const srv = i.rpcServer!;
        const old = srv.executorSize;
        srv.setExecutorSize(spec.value);
        undos.push(() => srv.setExecutorSize(old));
        break;
      }
    }
  }
  return all(undos);
}

function clockSkew(spec: Extract<FaultSpec, { kind: "clock-skew" }>, r: Resolved): Undo {
  for (const h of r.hosts) h.clock.skew(h.clock.offsetNs + (spec.offsetNs ?? 0), h.clock.driftPpm + (spec.driftPpm ?? 0));
  return () => {
    for (const h of r.hosts) h.clock.skew(h.clock.offsetNs - (spec.offsetNs ?? 0), h.clock.driftPpm - (spec.driftPpm ?? 0));
  };
}

/** Checks, before the run, what can only be checked against the resolved target. */
export function precheck(cloud: Cloud, spec: FaultSpec, r: Resolved, path: string): void {
  if (spec.kind === "limit") limitTargets(cloud, spec.limit, r, path);
  if (spec.kind === "latency" && spec.growth !== undefined && "state" in spec.growth && !r.operations.some((o) => o.op.service === "keystone")) {
    throw new FaultSpecError(`${path}.growth.state`, "revocation-events growth only applies to Keystone", "a target of service keystone (e.g. operation keystone.validate_token)");
  }
}

export function inject(cloud: Cloud, spec: FaultSpec, r: Resolved, stream: Stream, path: string): Undo {
  switch (spec.kind) {
    case "latency": return latency(cloud, spec, r, stream, path);
    case "error": return error(spec, r, stream);
    case "crash":
    case "freeze": return crashOrFreeze(cloud, spec.kind, r);
    case "partition": return partition(cloud, spec, r);
    case "message-loss":
    case "message-delay":
    case "message-duplication": return message(spec, r, stream, path);
    case "slow-dependency": return slowDependency(cloud, spec, r, stream, path);
    case "cache-outage": return cacheOutage(cloud, r);
    case "limit": return limit(cloud, spec, r, path);
    case "clock-skew": return clockSkew(spec, r);
  }
}
