// Looking up what a fault's target names in a built cloud: the instances a service, instance
// and/or host pick out, the operations an operation name picks out (for every instance, or for
// the picked instances only), and the directed links a link name stands for.
import type { Host, Link } from "../net/index.ts";
import { parseLinkName } from "../net/index.ts";
import { closestName, validNames } from "../openstack/index.ts";
import type { Cloud, Operation, ServiceInstance } from "../openstack/index.ts";
import { FaultSpecError, unknownName } from "./errors.ts";
import type { FaultTarget } from "./types.ts";

/** An operation a fault applies to, on one instance or (null) on every instance of its service. */
export interface TargetOperation {
  readonly op: Operation;
  readonly instance: ServiceInstance | null;
}

/** A link target: its directed links and its name as the ground truth writes it. */
export interface TargetLink {
  readonly links: readonly Link[];
  /** "a<->b" with the two hosts in name order, or "a->b" as given. */
  readonly name: string;
  readonly from: Host;
  readonly to: Host;
  readonly oneWay: boolean;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The target has none of service, instance, host, link, operation. */
export function isEmptyTarget(t: FaultTarget): boolean {
  return t.service === undefined && t.instance === undefined && t.host === undefined && t.link === undefined && t.operation === undefined;
}

/** The instances a target names through service, instance and host (empty if none of those is set). */
export function targetInstances(cloud: Cloud, t: FaultTarget, path: string): ServiceInstance[] {
  const names = validNames(cloud);
  let list: ServiceInstance[] | null = null;
  if (t.service !== undefined) {
    if (!names.services.includes(t.service)) throw unknownName(`${path}.service`, "service", t.service, names.services);
    list = [...cloud.instances(t.service)];
  }
  if (t.instance !== undefined) {
    const inst = cloud.instance(t.instance);
    if (inst === undefined) throw unknownName(`${path}.instance`, "instance", t.instance, names.instances);
    if (list !== null && !list.includes(inst)) {
      throw new FaultSpecError(`${path}.instance`, `instance ${JSON.stringify(t.instance)} is not an instance of ${t.service}`, `one of ${list.map((i) => i.name).join(", ")}`);
    }
    list = [inst];
  }
  if (t.host !== undefined) {
    if (!names.hosts.includes(t.host)) throw unknownName(`${path}.host`, "host", t.host, names.hosts);
    const on = cloud.allInstances().filter((i) => i.host.name === t.host);
    list = list === null ? on : list.filter((i) => i.host.name === t.host);
    if (list.length === 0 && (t.service !== undefined || t.instance !== undefined)) {
      throw new FaultSpecError(`${path}.host`, `nothing of the target runs on ${t.host}`, "a host the service or instance runs on");
    }
  }
  return list ?? [];
}

/** The operation `t.operation` names, qualified ("svc.op") or bare with the target's service(s). */
function namedOperations(cloud: Cloud, t: FaultTarget, instances: readonly ServiceInstance[], path: string): Operation[] {
  const names = validNames(cloud);
  const op = t.operation!;
  const services = [...new Set(instances.map((i) => i.service))].sort(byName);
  if (op.includes(".")) {
    const found = cloud.operations().get(op);
    if (found === undefined) throw unknownName(`${path}.operation`, "operation", op, names.operations);
    if (services.length > 0 && !services.includes(found.service)) {
      const where = t.instance ?? t.host ?? services.join(", ");
      throw new FaultSpecError(`${path}.operation`, `operation ${op} does not run on ${where}`, `an operation of ${services.join(", ")}`);
    }
    return [found];
  }
  if (services.length === 0) {
    throw new FaultSpecError(`${path}.operation`, `a bare operation name ${JSON.stringify(op)} needs a service, instance or host`, `"service.operation", e.g. "keystone.validate_token"`, closestName(op, names.operations.map((o) => o.slice(o.indexOf(".") + 1))));
  }
  const out: Operation[] = [];
  for (const s of services) {
    const found = cloud.operations().get(`${s}.${op}`);
    if (found !== undefined) out.push(found);
  }
  if (out.length === 0) {
    const ofServices = names.operations.filter((o) => services.includes(o.slice(0, o.indexOf(".")))).map((o) => o.slice(o.indexOf(".") + 1));
    throw unknownName(`${path}.operation`, `operation of ${services.join(", ")}`, op, ofServices);
  }
  return out;
}

/**
 * The operations a target picks out: the named one, or every operation of the picked
 * instances' services. With an instance or host in the target, each applies to those
 * instances only; otherwise to every instance of its service.
 */
export function targetOperations(cloud: Cloud, t: FaultTarget, instances: readonly ServiceInstance[], path: string): TargetOperation[] {
  const perInstance = t.instance !== undefined || t.host !== undefined;
  const ops = t.operation !== undefined
    ? namedOperations(cloud, t, instances, path)
    : [...new Set(instances.map((i) => i.service))].sort(byName).flatMap((s) => [...cloud.operations().values()].filter((o) => o.service === s));
  const out: TargetOperation[] = [];
  for (const op of ops) {
    if (!perInstance) out.push({ op, instance: null });
    else for (const i of instances) if (i.service === op.service) out.push({ op, instance: i });
  }
  return out;
}

export function targetLink(cloud: Cloud, link: string, path: string): TargetLink {
  const names = validNames(cloud);
  const parsed = parseLinkName(link);
  if (parsed === null) throw new FaultSpecError(`${path}.link`, `malformed link ${JSON.stringify(link)}`, `"a<->b" (both ways) or "a->b" (one way)`, closestName(link, names.links));
  for (const end of [parsed.from, parsed.to]) {
    if (!names.hosts.includes(end)) throw unknownName(`${path}.link`, "host in link", end, names.hosts);
  }
  if (parsed.from === parsed.to) throw new FaultSpecError(`${path}.link`, "a link needs two different hosts", `"a<->b" with a != b`);
  const from = cloud.host(parsed.from);
  const to = cloud.host(parsed.to);
  const links = parsed.oneWay ? [cloud.net.link(from, to)] : [cloud.net.link(from, to), cloud.net.link(to, from)];
  const [x, y] = [parsed.from, parsed.to].sort(byName);
  return { links, name: parsed.oneWay ? `${parsed.from}->${parsed.to}` : `${x}<->${y}`, from, to, oneWay: parsed.oneWay };
}
