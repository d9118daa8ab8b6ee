// The components a diagnosis can name, and which of them each unit of evidence belongs to.
// A unit belongs to every component whose failure could change it: a span's work to its
// operation, its instance (service on a host), its service and its host; a call's transit to
// the link it crosses (through the broker, when it names one), the broker (its messaging
// system and its host), its queue and the callee; a dependency's time to the dependency, and
// to its host and link when the span names the server's address.
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

/**
 * The topic a queue belongs to: its name's first dot-separated word, as a topic exchange binds
 * routing keys ("compute.compute-2" → "compute"), or the name before `_fanout` (oslo.messaging's
 * fanout exchange, "compute_fanout", and the queues bound to it, "compute_fanout_<server>").
 */
export function topicOf(queue: string): string {
  const fanout = queue.indexOf("_fanout");
  if (fanout > 0 && (queue.length === fanout + 7 || queue[fanout + 7] === "_")) return queue.slice(0, fanout);
  const dot = queue.indexOf(".");
  return dot > 0 ? queue.slice(0, dot) : queue;
}

/**
 * Who answers a queue or an endpoint, as the traces show it: the consumer (or server) instances
 * calls through a queue (or to an endpoint) reached, by queue or endpoint name.
 */
export type DestinationReaders = ReadonlyMap<string, readonly { readonly service: string; readonly host: string }[]>;

const destinationOf = (u: UnitInfo): string | undefined => u.via ?? u.endpoint;

/** The readers of every queue or endpoint that some call unit reached a callee through. */
export function destinationReaders(units: Iterable<UnitInfo>): DestinationReaders {
  const out = new Map<string, { service: string; host: string }[]>();
  for (const u of units) {
    const d = destinationOf(u);
    if (u.kind !== "call" || d === undefined || u.host === "" || u.service === "") continue;
    let list = out.get(d);
    if (list === undefined) out.set(d, (list = []));
    if (!list.some((r) => r.service === u.service && r.host === u.host)) list.push({ service: u.service, host: u.host });
  }
  return out;
}

/** Who answers a call's destination in the other traces: on the host it connected to, when it names one. */
function answering(u: UnitInfo, readers: DestinationReaders | undefined): readonly { readonly service: string; readonly host: string }[] {
  const d = destinationOf(u);
  const all = d === undefined ? [] : (readers?.get(d) ?? []);
  return u.host === "" ? all : all.filter((x) => x.host === u.host);
}

/**
 * The hosts a message lost in a broker may have been on its way to (the readers of its queue,
 * the broker's own host aside), sorted: each one's link to the broker could have lost it.
 */
function lostWays(u: UnitInfo, readers: DestinationReaders | undefined): string[] {
  if (u.kind !== "call" || u.service !== "" || u.via === undefined) return [];
  return [...new Set(answering(u, readers).map((x) => x.host))].filter((h) => h !== u.broker).sort();
}

/** For each queue, a weight per reader host: how short of its share of the deliveries it fell. */
export type LostShares = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * How much of a unit a component holds: all of it, but for a message lost on its way to one
 * of several readers, each reader's link to the broker holds a share (it was on its way to one
 * of them; which one, nobody saw): in proportion to how short each reader fell (`short`), or
 * equal when none did or nothing says. The link it was sent over holds it all.
 */
export function shareOf(u: UnitInfo, readers: DestinationReaders | undefined, componentKeyOf: string, short?: LostShares): number {
  if (u.broker === undefined || !componentKeyOf.startsWith("link:")) return 1;
  const ways = lostWays(u, readers);
  if (ways.length < 2 || (u.from !== undefined && componentKeyOf === `link:${linkName(u.from, u.broker)}`)) return 1;
  const way = ways.find((h) => componentKeyOf === `link:${linkName(u.broker!, h)}`);
  if (way === undefined) return 1;
  const weights = u.via === undefined ? undefined : short?.get(u.via);
  let total = 0;
  for (const h of ways) total += weights?.get(h) ?? 0;
  return total > 0 ? (weights!.get(way) ?? 0) / total : 1 / ways.length;
}

/**
 * The components a unit belongs to (each once). A call that reached no callee is charged to
 * whoever answers its queue or endpoint in the other traces (`readers`): the instance on the
 * host it connected to, the one instance that answers, or the service when several instances
 * of one service share its endpoint; unless it timed out unanswered (`silent`): then the way
 * there or the host it dialled was gone, not only the process. A message a broker took is the
 * broker's until a consumer takes it, and a consumer that is down or cut off leaves it waiting
 * in its queue, not lost: a lost message is charged to its way to a consumer (a host's own
 * queue: the link to its one reader), never to the consumer.
 */
export function componentsOf(u: UnitInfo, readers?: DestinationReaders): Component[] {
  const out: Component[] = [];
  const wayTo = lostWays(u, readers);
  if (u.kind === "call" && u.service === "" && u.via === undefined && u.endpoint !== undefined && !u.silent) {
    const r = answering(u, readers);
    if (r.length === 1) u = { ...u, service: r[0]!.service, host: r[0]!.host };
    else if (r.length > 1 && r.every((x) => x.service === r[0]!.service)) u = { ...u, service: r[0]!.service };
  }
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
      else {
        if (u.service !== "") out.push(instance(u.service, u.host));
        out.push({ kind: "host", host: u.host });
      }
      // The caller's host sends it: a host cut off from the network delays its calls too.
      if (u.from !== undefined) out.push({ kind: "host", host: u.from });
      if (u.via !== undefined) {
        out.push({ kind: "queue", queue: u.via });
        const topic = topicOf(u.via);
        if (topic !== u.via) out.push({ kind: "queue", queue: topic });
        // The broker itself: every message through it crosses it, whatever its queue.
        if (u.system !== undefined) out.push({ kind: "dependency", service: u.system });
        if (u.broker !== undefined) {
          out.push({ kind: "host", host: u.broker });
          if (u.from !== undefined && u.from !== u.broker) out.push({ kind: "link", link: linkName(u.from, u.broker) });
          if (u.host !== "" && u.host !== u.broker) out.push({ kind: "link", link: linkName(u.broker, u.host) });
          for (const h of wayTo) out.push({ kind: "link", link: linkName(u.broker, h) });
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
