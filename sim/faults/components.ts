// Ground truth for scoring a diagnosis: the components a fault hit, in the vocabulary a
// diagnosis names (DESIGN.md: service, operation, instance, host, link, queue, dependency,
// clock), and `faultComponents`, the components a correct diagnosis may name for a fault.
import type { Resolved } from "./resolve.ts";
import type { FaultKind } from "./types.ts";

/** A part of the cloud a fault can hit and a diagnosis can name. */
export type Component =
  | { readonly kind: "service"; readonly service: string }
  /** An operation of a service; with `instance` and `host` when only that instance's calls are hit. */
  | { readonly kind: "operation"; readonly service: string; readonly operation: string; readonly instance?: string; readonly host?: string }
  | { readonly kind: "instance"; readonly service: string; readonly instance: string; readonly host: string }
  | { readonly kind: "host"; readonly host: string }
  /** "a<->b" (both directions, hosts in name order) or "a->b" (one direction). */
  | { readonly kind: "link"; readonly link: string }
  | { readonly kind: "queue"; readonly queue: string }
  /** A backing service everything else depends on: mysql, memcached or rabbitmq. */
  | { readonly kind: "dependency"; readonly service: string }
  | { readonly kind: "clock"; readonly host: string };

export type ComponentKind = Component["kind"];

/** What a fault record needs for `faultComponents`. */
export interface FaultHits {
  readonly kind: FaultKind;
  readonly components: readonly Component[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The components a resolved fault hit, most specific first (what summary.json's `faults[].components` holds). */
export function hitComponents(kind: FaultKind, r: Resolved): Component[] {
  const out: Component[] = [];
  if (r.link !== null) out.push({ kind: "link", link: r.link.name });
  for (const { op, instance } of r.operations) {
    out.push(instance === null
      ? { kind: "operation", service: op.service, operation: op.name }
      : { kind: "operation", service: op.service, operation: op.name, instance: instance.name, host: instance.host.name });
  }
  for (const q of r.queues) out.push({ kind: "queue", queue: q.name });
  for (const h of r.hosts) out.push(kind === "clock-skew" ? { kind: "clock", host: h.name } : { kind: "host", host: h.name });
  if (r.dependency !== null) out.push({ kind: "dependency", service: r.dependency });
  for (const s of r.services) out.push({ kind: "service", service: s });
  for (const i of r.instances) out.push({ kind: "instance", service: i.service, instance: i.name, host: i.host.name });
  return out;
}

/**
 * The components a correct diagnosis may name for a fault, best first: what the fault hit
 * (`record.components`), then the other names that still point at it — for an operation, its
 * service (and, for one instance's calls, that instance); for a link, its undirected name and
 * each direction it covers; for a dependency, its service. Nothing coarser: a host fault is
 * named by its host, a clock fault by the host's clock, a queue fault by its queues (not the
 * service consuming them). Pure: reads only the record.
 */
export function faultComponents(record: FaultHits): Component[] {
  const out: Component[] = [];
  const seen = new Set<string>();
  const add = (c: Component): void => {
    const k = JSON.stringify(c);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(c);
    }
  };
  for (const c of record.components) add(c);
  const services: string[] = [];
  for (const c of record.components) {
    if (c.kind === "operation") {
      if (c.instance !== undefined && c.host !== undefined) add({ kind: "instance", service: c.service, instance: c.instance, host: c.host });
      if (!services.includes(c.service)) services.push(c.service);
    } else if (c.kind === "dependency") {
      if (!services.includes(c.service)) services.push(c.service);
    } else if (c.kind === "link") {
      const both = c.link.indexOf("<->");
      if (both > 0) {
        const [a, b] = [c.link.slice(0, both), c.link.slice(both + 3)];
        add({ kind: "link", link: `${a}->${b}` });
        add({ kind: "link", link: `${b}->${a}` });
      } else {
        const one = c.link.indexOf("->");
        const [a, b] = [c.link.slice(0, one), c.link.slice(one + 2)].sort(byName);
        add({ kind: "link", link: `${a}<->${b}` });
      }
    }
  }
  for (const s of services) add({ kind: "service", service: s });
  return out;
}
