// The components a diagnosis can name, and which of them each unit of evidence belongs to.
// A unit belongs to every component whose failure could change it: a span's work to its
// operation, its instance (service on a host), its service and its host; a call's transit to
// the link it crosses (through the broker, when it names one), the broker's queue and the
// callee; a dependency's time to the dependency, and to its host and link when the span
// names the server's address.
import type { UnitInfo } from "./evidence.ts";

export const COMPONENT_KINDS = ["service", "operation", "instance", "host", "link", "queue", "dependency", "clock"] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/**
 * A part of the system, named as specifically as the evidence allows. An instance is a
 * service on a host (`instance` is "service@host"); a link is two hosts, "a<->b" in sorted
 * order; a queue is a broker destination; a dependency is a service that records no spans of
 * its own (a database, a cache, a broker), named by its `peer.service` or messaging system;
 * a clock is a host's.
 */
export interface Component {
  readonly kind: ComponentKind;
  readonly service?: string;
  readonly operation?: string;
  readonly instance?: string;
  readonly host?: string;
  readonly link?: string;
  readonly queue?: string;
}

export const linkName = (a: string, b: string): string => (a < b ? `${a}<->${b}` : `${b}<->${a}`);

export function componentKey(c: Component): string {
  switch (c.kind) {
    case "service":
    case "dependency":
      return `${c.kind}:${c.service}`;
    case "operation":
      return `operation:${c.service}.${c.operation}`;
    case "instance":
      return `instance:${c.instance}`;
    case "host":
    case "clock":
      return `${c.kind}:${c.host}`;
    case "link":
      return `link:${c.link}`;
    case "queue":
      return `queue:${c.queue}`;
  }
}

/** How a component reads in text: `operation keystone.validate_token`, `link a<->b`. */
export const componentLabel = (c: Component): string => componentKey(c).replace(":", " ");

const instance = (service: string, host: string): Component => ({ kind: "instance", service, host, instance: `${service}@${host}` });

/** The components a unit belongs to (each once). */
export function componentsOf(u: UnitInfo): Component[] {
  const out: Component[] = [];
  const callee = () => {
    if (u.service === "") return;
    out.push({ kind: "service", service: u.service });
    if (u.host !== "") out.push(instance(u.service, u.host), { kind: "host", host: u.host });
  };
  switch (u.kind) {
    case "work":
      out.push({ kind: "operation", service: u.service, operation: u.operation });
      callee();
      break;
    case "queue":
      callee();
      break;
    case "dependency":
      out.push({ kind: "dependency", service: u.service });
      if (u.host !== "") {
        out.push(instance(u.service, u.host), { kind: "host", host: u.host });
        if (u.from !== undefined && u.from !== u.host) out.push({ kind: "link", link: linkName(u.from, u.host) });
      }
      break;
    case "call":
      // A call's own time is what passed outside its callee's span (the network, a queue, a
      // timeout): the callee's service did not take it, so it is named only when no callee span
      // was found (the call never reached it); a known callee's instance and host stay candidates.
      if (u.host === "") callee();
      else if (u.service !== "") out.push(instance(u.service, u.host), { kind: "host", host: u.host });
      // The caller's host sends it: a host cut off from the network delays its calls too.
      if (u.from !== undefined) out.push({ kind: "host", host: u.from });
      if (u.via !== undefined) {
        out.push({ kind: "queue", queue: u.via });
        if (u.broker !== undefined) {
          if (u.from !== undefined && u.from !== u.broker) out.push({ kind: "link", link: linkName(u.from, u.broker) });
          if (u.host !== "" && u.host !== u.broker) out.push({ kind: "link", link: linkName(u.broker, u.host) });
        }
      } else if (u.from !== undefined && u.host !== "" && u.from !== u.host) out.push({ kind: "link", link: linkName(u.from, u.host) });
      break;
  }
  const seen = new Set<string>();
  return out.filter((c) => {
    const k = componentKey(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
