// What each fault kind does, as calls on the model objects it hits — `link.partition()`,
// `link.degrade(...)`, `host.crash()`, `instance.freeze()`, `queue.delay(...)`,
// `pool.limit(n)`, `operation.inject(...)`, `clock.skew(...)`, `cache.outage()`,
// `broker.slow(...)` — each returning an undo. Nothing here writes model fields.
import { S, undoAll } from "../kernel/index.ts";
import type { Sampler, Stream, Undo } from "../kernel/index.ts";
import { buildSemaphore } from "../openstack/index.ts";
import type { Cloud, ServiceInstance } from "../openstack/index.ts";
import type { RpcServer } from "../rpc/index.ts";
import { latencySampler } from "./params.ts";
import type { Resolved } from "./resolve.ts";
import type { FaultSpec, LimitName } from "./types.ts";

export type { Undo };

function latency(cloud: Cloud, spec: Extract<FaultSpec, { kind: "latency" }>, r: Resolved, stream: Stream, path: string): Undo {
  const undos: Undo[] = [];
  const start = cloud.sim.now;
  const base = spec.add === undefined ? null : latencySampler(spec.add, `${path}.add`);
  const g = spec.growth;
  const perSecond = g !== undefined && "nsPerSecond" in g ? g.nsPerSecond : 0;
  const draw: Sampler = (s) => {
    let ns = base === null ? 0 : base(s);
    if (perSecond > 0) ns += Math.round((perSecond * (cloud.sim.now - start)) / S);
    return ns;
  };
  // Keystone keeps revocation events it should prune: every validation scans them all.
  if (g !== undefined && "state" in g) undos.push(cloud.keystone.grow(start, g.eventsPerSecond));
  if (base !== null || perSecond > 0) {
    if (r.link !== null) for (const l of r.link.links) undos.push(l.degrade({ delay: draw }, stream));
    for (const { op, instance } of r.operations) undos.push(op.inject({ instance: instance?.name ?? null, latency: () => draw(stream) }));
  }
  return undoAll(undos);
}

function error(spec: Extract<FaultSpec, { kind: "error" }>, r: Resolved, stream: Stream): Undo {
  return undoAll(r.operations.map(({ op, instance }) => op.inject({
    instance: instance?.name ?? null,
    error: { probability: spec.probability, stream, message: spec.message ?? `injected error in ${op.key}` },
  })));
}

function crashOrFreeze(kind: "crash" | "freeze", r: Resolved): Undo {
  const undos: Undo[] = [];
  for (const h of r.hosts) undos.push(kind === "crash" ? h.crash() : h.freeze());
  for (const i of r.instances) undos.push(kind === "crash" ? i.crash() : i.freeze());
  return undoAll(undos);
}

function partition(cloud: Cloud, spec: Extract<FaultSpec, { kind: "partition" }>, r: Resolved): Undo {
  if (r.link !== null) return undoAll(r.link.links.map((l) => l.partition()));
  return undoAll(r.hosts.map((h) => cloud.net.isolate(h, spec.direction ?? "both")));
}

function message(cloud: Cloud, spec: Extract<FaultSpec, { kind: "message-loss" | "message-delay" | "message-duplication" }>, r: Resolved, stream: Stream, path: string): Undo {
  const undos: Undo[] = [];
  const consumers: (RpcServer | undefined)[] = r.consumers.length === 0 ? [undefined] : r.consumers.map((i) => i.rpcServer!);
  if (spec.kind === "message-delay") {
    const f = latencySampler(spec.delay, `${path}.delay`);
    if (r.link !== null) for (const l of r.link.links) undos.push(l.degrade({ delay: f }, stream));
    for (const q of r.queues) {
      for (const consumer of consumers) if (consumer === undefined || consumer.subscriptions.includes(q)) undos.push(q.delay(f, { stream, consumer }));
    }
    return undoAll(undos);
  }
  const p = spec.probability;
  const d = spec.kind === "message-loss" ? { loss: p } : { duplicate: p };
  if (r.link !== null) {
    for (const l of r.link.links) {
      // Toward or from the broker, the fault is on AMQP messages; elsewhere on packets.
      undos.push(r.amqp ? brokerAt(cloud, l.from, l.to).degradeMessages(l.from, l.to, d, stream) : l.degrade(d, stream));
    }
  }
  for (const q of r.queues) {
    for (const consumer of consumers) if (consumer === undefined || consumer.subscriptions.includes(q)) undos.push(q.degrade(d, { stream, consumer }));
  }
  return undoAll(undos);
}

/** The broker at one end of a link (the resolver checked that one end is a broker's host). */
function brokerAt(cloud: Cloud, a: { readonly name: string }, b: { readonly name: string }) {
  return cloud.brokers.find((x) => x.host.name === a.name || x.host.name === b.name)!;
}

function slowDependency(cloud: Cloud, spec: Extract<FaultSpec, { kind: "slow-dependency" }>, r: Resolved, stream: Stream, path: string): Undo {
  const f = latencySampler(spec.add, `${path}.add`);
  // Every targeted broker (the API queue, and in a multi-cell cloud the cells' queues).
  if (spec.dependency === "broker") return undoAll(cloud.brokers.filter((b) => r.instances.some((i) => i.group === b.group)).map((b) => b.slow(f, stream)));
  const undos: Undo[] = [];
  for (const inst of r.instances) {
    for (const op of cloud.operations().values()) {
      if (op.service === inst.service) undos.push(op.inject({ instance: inst.name, latency: () => f(stream) }));
    }
  }
  return undoAll(undos);
}

function cacheOutage(cloud: Cloud, r: Resolved): Undo {
  return undoAll(cloud.caches.filter((m) => r.instances.includes(m.inst)).map((m) => m.outage()));
}

function pool(cloud: Cloud, limit: LimitName, i: ServiceInstance): { limit(n: number): Undo } {
  switch (limit) {
    case "workers": return i.workers!;
    case "db-pool": return i.dbPool!;
    case "max-concurrent-builds": return buildSemaphore(i);
    case "executor": return i.rpcServer!;
    case "db-threads": return cloud.databases.find((d) => d.nodes.includes(i))?.threadsOf(i) ?? cloud.db.threads;
  }
}

function limit(cloud: Cloud, spec: Extract<FaultSpec, { kind: "limit" }>, r: Resolved): Undo {
  return undoAll(r.instances.map((i) => pool(cloud, spec.limit, i).limit(spec.value)));
}

function clockSkew(spec: Extract<FaultSpec, { kind: "clock-skew" }>, r: Resolved): Undo {
  return undoAll(r.hosts.map((h) => h.clock.skew({ offsetNs: spec.offsetNs ?? 0, driftPpm: spec.driftPpm ?? 0 })));
}

/** Starts the fault now; the undo ends it. */
export function inject(cloud: Cloud, spec: FaultSpec, r: Resolved, stream: Stream, path: string): Undo {
  switch (spec.kind) {
    case "latency": return latency(cloud, spec, r, stream, path);
    case "error": return error(spec, r, stream);
    case "crash":
    case "freeze": return crashOrFreeze(spec.kind, r);
    case "partition": return partition(cloud, spec, r);
    case "message-loss":
    case "message-delay":
    case "message-duplication": return message(cloud, spec, r, stream, path);
    case "slow-dependency": return slowDependency(cloud, spec, r, stream, path);
    case "cache-outage": return cacheOutage(cloud, r);
    case "limit": return limit(cloud, spec, r);
    case "clock-skew": return clockSkew(spec, r);
  }
}
