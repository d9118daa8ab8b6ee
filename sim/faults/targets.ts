// Validating a fault spec against a built cloud and resolving its target to concrete parts.
// Every error names the spec's path (`faults[2].target.service`), what was expected and, for
// an unknown name, the closest valid one.
import type { Link } from "../net/index.ts";
import { parseLinkName } from "../net/index.ts";
import type { Host } from "../net/index.ts";
import type { BrokerQueue, RpcMessage } from "../rpc/index.ts";
import { closestName, validNames } from "../openstack/index.ts";
import type { Cloud, Operation, ServiceInstance } from "../openstack/index.ts";
import type { FaultSpec, FaultTarget } from "./types.ts";

export class FaultSpecError extends Error {
  /** Path inside the fault list, e.g. `faults[2].target.service`. */
  readonly path: string;
  readonly expected: string;
  readonly suggestion: string | undefined;
  constructor(path: string, problem: string, expected: string, suggestion?: string) {
    super(`${path}: ${problem}; expected ${expected}${suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`}`);
    this.name = "FaultSpecError";
    this.path = path;
    this.expected = expected;
    this.suggestion = suggestion;
  }
}

export interface Resolved {
  readonly instances: ServiceInstance[];
  readonly hosts: Host[];
  readonly links: Link[];
  /** Operations, each with the instance it is limited to (null: every instance). */
  readonly operations: { op: Operation; instance: string | null }[];
  readonly queues: BrokerQueue<RpcMessage>[];
}

/** RPC topics per service (the queues a service's servers consume). */
const TOPICS: Readonly<Record<string, string>> = {
  "nova-conductor": "conductor",
  "nova-scheduler": "scheduler",
  "nova-compute": "compute",
};

function unknown(path: string, what: string, name: unknown, valid: readonly string[]): FaultSpecError {
  const text = typeof name === "string" ? name : String(name);
  const shown = valid.length > 12 ? `${valid.slice(0, 12).join(", ")}, …` : valid.join(", ");
  return new FaultSpecError(path, `unknown ${what} ${JSON.stringify(text)}`, `one of ${shown}`, typeof name === "string" ? closestName(name, valid) : undefined);
}

/** The instances a target names through service, instance or host (empty if none of those is set). */
function targetInstances(cloud: Cloud, t: FaultTarget, path: string): ServiceInstance[] {
  const names = validNames(cloud);
  let list: ServiceInstance[] | null = null;
  if (t.service !== undefined) {
    if (!names.services.includes(t.service)) throw unknown(`${path}.service`, "service", t.service, names.services);
    list = [...cloud.instances(t.service)];
  }
  if (t.instance !== undefined) {
    const inst = cloud.instance(t.instance);
    if (inst === undefined) throw unknown(`${path}.instance`, "instance", t.instance, names.instances);
    if (list !== null && !list.includes(inst)) {
      throw new FaultSpecError(`${path}.instance`, `instance ${JSON.stringify(t.instance)} is not an instance of ${t.service}`, `one of ${list.map((i) => i.name).join(", ")}`);
    }
    list = [inst];
  }
  if (t.host !== undefined) {
    if (!names.hosts.includes(t.host)) throw unknown(`${path}.host`, "host", t.host, names.hosts);
    const on = cloud.allInstances().filter((i) => i.host.name === t.host);
    list = list === null ? on : list.filter((i) => i.host.name === t.host);
    if (list.length === 0 && (t.service !== undefined || t.instance !== undefined)) {
      throw new FaultSpecError(`${path}.host`, `nothing of the target runs on ${t.host}`, "a host the service or instance runs on");
    }
  }
  return list ?? [];
}

function targetOperations(cloud: Cloud, t: FaultTarget, instances: readonly ServiceInstance[], path: string): { op: Operation; instance: string | null }[] {
  const names = validNames(cloud);
  const perInstance = t.instance !== undefined || t.host !== undefined;
  const out: { op: Operation; instance: string | null }[] = [];
  const push = (op: Operation): void => {
    if (perInstance) {
      for (const i of instances) if (i.service === op.service) out.push({ op, instance: i.name });
    } else out.push({ op, instance: null });
  };
  if (t.operation !== undefined) {
    const op = t.operation;
    const services = [...new Set(instances.map((i) => i.service))];
    if (op.includes(".")) {
      const found = cloud.operations().get(op);
      if (found === undefined) throw unknown(`${path}.operation`, "operation", op, names.operations);
      if (services.length > 0 && !services.includes(found.service)) {
        throw new FaultSpecError(`${path}.operation`, `operation ${op} does not belong to the targeted ${services.join(", ")}`, `an operation of ${services.join(", ")}`);
      }
      if (perInstance) for (const i of instances.filter((x) => x.service === found.service)) out.push({ op: found, instance: i.name });
      else out.push({ op: found, instance: null });
      return out;
    }
    if (services.length === 0) {
      throw new FaultSpecError(`${path}.operation`, `a bare operation name ${JSON.stringify(op)} needs a service, instance or host`, `"service.operation", e.g. "keystone.validate_token"`, closestName(op, names.operations.map((o) => o.slice(o.indexOf(".") + 1))));
    }
    for (const s of services) {
      const found = cloud.operations().get(`${s}.${op}`);
      if (found === undefined) {
        const ofService = names.operations.filter((o) => o.startsWith(`${s}.`)).map((o) => o.slice(s.length + 1));
        throw unknown(`${path}.operation`, `operation of ${s}`, op, ofService);
      }
      push(found);
    }
    return out;
  }
  const services = [...new Set(instances.map((i) => i.service))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const s of services) for (const op of cloud.operations().values()) if (op.service === s) push(op);
  return out;
}

function targetLinks(cloud: Cloud, link: string, path: string): Link[] {
  const names = validNames(cloud);
  const parsed = parseLinkName(link);
  if (parsed === null) throw new FaultSpecError(`${path}.link`, `malformed link ${JSON.stringify(link)}`, `"a<->b" (both ways) or "a->b" (one way)`, closestName(link, names.links));
  for (const end of [parsed.from, parsed.to]) {
    if (!names.hosts.includes(end)) throw unknown(`${path}.link`, "host in link", end, names.hosts);
  }
  if (parsed.from === parsed.to) throw new FaultSpecError(`${path}.link`, "a link needs two different hosts", `"a<->b" with a != b`);
  const a = cloud.host(parsed.from);
  const b = cloud.host(parsed.to);
  return parsed.oneWay ? [cloud.net.link(a, b)] : [cloud.net.link(a, b), cloud.net.link(b, a)];
}

function hostsOf(instances: readonly ServiceInstance[], cloud: Cloud, t: FaultTarget): Host[] {
  if (t.host !== undefined && t.service === undefined && t.instance === undefined) return [cloud.host(t.host)];
  const seen: Host[] = [];
  for (const i of instances) if (!seen.includes(i.host)) seen.push(i.host);
  return seen;
}

function queuesOf(cloud: Cloud, instances: readonly ServiceInstance[], t: FaultTarget): BrokerQueue<RpcMessage>[] {
  const out: BrokerQueue<RpcMessage>[] = [];
  const queues = cloud.broker.topicQueues();
  for (const i of instances) {
    const topic = TOPICS[i.service];
    if (topic === undefined) continue;
    const single = t.instance !== undefined || t.host !== undefined;
    for (const q of queues) {
      const hit = single
        ? q.name === `${topic}.${i.host.name}` || q.name === `${topic}_fanout_${i.host.name}`
        : q.name === topic || q.name.startsWith(`${topic}.`) || q.name.startsWith(`${topic}_fanout_`);
      if (hit && !out.includes(q)) out.push(q);
    }
  }
  return out;
}

/** Checks `spec` (at `path`, e.g. "faults[0]") against the cloud and resolves what it hits. */
export function resolveTarget(cloud: Cloud, spec: FaultSpec, path: string): Resolved {
  const t = spec.target;
  const tp = `${path}.target`;
  if (t === null || typeof t !== "object") throw new FaultSpecError(tp, "missing target", "an object with service, instance, host, link or operation");
  const empty = t.service === undefined && t.instance === undefined && t.host === undefined && t.link === undefined && t.operation === undefined;
  const instances = targetInstances(cloud, t, tp);
  const res: Resolved = { instances, hosts: [], links: [], operations: [], queues: [] };
  if (t.link !== undefined) {
    if (t.service !== undefined || t.instance !== undefined || t.host !== undefined || t.operation !== undefined) {
      throw new FaultSpecError(tp, "a link target cannot be combined with service, instance, host or operation", "either link alone or a service/instance/host/operation");
    }
    res.links.push(...targetLinks(cloud, t.link, tp));
  }
  const needs = (what: string): never => {
    throw new FaultSpecError(tp, `${spec.kind} needs ${what}`, what);
  };
  switch (spec.kind) {
    case "latency":
    case "error":
      if (res.links.length > 0) {
        if (spec.kind === "error") needs("a service, instance, host or operation (errors are not injected on links)");
        break;
      }
      if (empty) needs("a service, instance, host, operation or link");
      res.operations.push(...targetOperations(cloud, t, instances, tp));
      if (res.operations.length === 0) needs("a target with operations");
      break;
    case "crash":
    case "freeze":
      if (t.link !== undefined || t.operation !== undefined || empty) needs("a service, instance or host");
      res.hosts.push(...(t.host !== undefined && t.service === undefined && t.instance === undefined ? [cloud.host(t.host)] : []));
      break;
    case "partition":
      if (t.operation !== undefined || empty) needs("a link, host, service or instance");
      if (res.links.length === 0) res.hosts.push(...hostsOf(instances, cloud, t));
      break;
    case "message-loss":
    case "message-delay":
    case "message-duplication":
      if (res.links.length === 0) {
        if (empty || t.operation !== undefined) needs("a link, or an RPC service/instance (nova-conductor, nova-scheduler, nova-compute)");
        res.queues.push(...queuesOf(cloud, instances, t));
        if (res.queues.length === 0) needs("a link, or an RPC service/instance (nova-conductor, nova-scheduler, nova-compute)");
      }
      break;
    case "slow-dependency":
    case "cache-outage":
      if (t.link !== undefined || t.operation !== undefined) needs("no target, or the dependency's service/instance");
      break;
    case "limit":
      if (t.link !== undefined || t.operation !== undefined) needs("a service, instance or host");
      if (empty && spec.limit !== "db-threads") needs("a service, instance or host");
      break;
    case "clock-skew":
      if (t.link !== undefined || t.operation !== undefined || empty) needs("a host, service or instance");
      res.hosts.push(...hostsOf(instances, cloud, t));
      break;
  }
  return res;
}
