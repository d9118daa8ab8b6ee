// Scoring a diagnosis against the ground truth: which components naming the injected fault
// count as right. A component is right when it is the fault's target or a part of it (an
// operation or an instance of a faulty service, an instance on a faulty host), so naming
// more precisely than the fault was injected is never wrong; naming a whole that merely
// contains the target (the host of a faulty instance) is.
import type { Component } from "../../tracer/analysis/diagnose/components.ts";
import { linkName } from "../../tracer/analysis/diagnose/components.ts";
import type { FaultRecord } from "../run/index.ts";

/** Where an instance runs and what it is, by instance name ("keystone-1"). */
export type InstanceMap = ReadonlyMap<string, { readonly service: string; readonly host: string }>;

/** The services that record no spans of their own: a diagnosis names them as dependencies. */
const DEPENDENCIES: Readonly<Record<string, string>> = { db: "mysql", cache: "memcached", broker: "rabbitmq" };

/** Names "service.operation" → [service, operation]. */
function splitOperation(key: string): [string, string] {
  const dot = key.indexOf(".");
  return [key.slice(0, dot), key.slice(dot + 1)];
}

/** Whether naming `c` is right for the fault `f`. */
export function namesFault(c: Component, f: FaultRecord, instances: InstanceMap): boolean {
  const r = f.resolved ?? {};
  const target = f.target as { service?: string; instance?: string; host?: string; link?: string; operation?: string };
  const resolvedInstances = (r["instances"] ?? []).map((name) => ({ name, ...instances.get(name)! })).filter((i) => i.service !== undefined);
  const isInstance = (service: string | undefined, host: string | undefined) => resolvedInstances.some((i) => i.service === service && i.host === host);
  const servicesHit = new Set(resolvedInstances.map((i) => i.service));
  const wholeService = (service: string) => target.service === service && target.instance === undefined && target.host === undefined;
  switch (f.kind) {
    case "clock-skew":
      return c.kind === "clock" && (r["hosts"] ?? []).includes(c.host!);
    case "slow-dependency":
    case "cache-outage": {
      const dep = f.kind === "cache-outage" ? "memcached" : DEPENDENCIES[String(f.params["dependency"])]!;
      const ofDep = (c.kind === "dependency" || c.kind === "service" || c.kind === "operation") && c.service === dep;
      return ofDep || (c.kind === "instance" && c.service === dep);
    }
  }
  if (target.link !== undefined) {
    const [a, b] = target.link.split(/<->|->/);
    return c.kind === "link" && c.link === linkName(a!, b!);
  }
  if (target.operation !== undefined) {
    const ops = r["operations"] ?? [];
    const byOp = c.kind === "operation" && ops.some((o) => {
      const [service, operation] = splitOperation(o);
      return c.service === service && c.operation === operation;
    });
    const restricted = target.instance !== undefined || target.host !== undefined;
    return byOp || (restricted && c.kind === "instance" && isInstance(c.service, c.host));
  }
  if (f.kind === "message-loss" || f.kind === "message-delay" || f.kind === "message-duplication") {
    const queues = r["queues"] ?? [];
    if (c.kind === "queue" && queues.some((q) => q === c.queue || c.queue!.startsWith(`${q}.`) || q.startsWith(`${c.queue}.`))) return true;
  }
  switch (c.kind) {
    case "service":
      return servicesHit.has(c.service!) && (wholeService(c.service!) || resolvedInstances.filter((i) => i.service === c.service).length === [...instances.values()].filter((i) => i.service === c.service).length);
    case "operation":
      return servicesHit.has(c.service!) && wholeService(c.service!);
    case "instance":
      return isInstance(c.service, c.host);
    case "host":
      return target.host !== undefined && target.service === undefined && target.instance === undefined && c.host === target.host;
    default:
      return false;
  }
}
