// OpenTelemetry semantic-convention attributes at the model's trace points, on each span's
// start event only. Attributes that do not vary per call are built once per (endpoint, route,
// table, method…) and shared as frozen objects, so a trace point adds no allocation; the few
// that vary (a path with an id in it, a pool wait) are built per call.
//
// Sources (semantic conventions as published at opentelemetry.io/docs/specs/semconv):
// - HTTP spans (stable): client `http.request.method`, `server.address`, `server.port`,
//   `url.full` (here `url.path`: the model has no scheme or host); server `http.request.method`,
//   `http.route`, `url.path`; both `http.response.status_code` once the response is known
//   (http/http-spans.md).
// - Database client spans (stable): `db.system.name` ("mysql", MySQL page: SHOULD be provided
//   at span creation; "memcached" for the cache), `db.operation.name`, `db.collection.name`,
//   `server.address`, `server.port` (database/database-spans.md, database/mysql.md).
// - Messaging spans, RabbitMQ (development): `messaging.system` "rabbitmq",
//   `messaging.operation.type` (send on the producer side, process on the consumer side),
//   `messaging.destination.name` = the exchange, `messaging.rabbitmq.destination.routing_key`,
//   and on the consumer `messaging.destination.subscription.name` = the queue it consumed
//   (messaging/messaging-spans.md, messaging/rabbitmq.md).
// - RPC spans: `rpc.system.name`, `rpc.method` as "service/method" (rpc/rpc-spans.md). oslo.messaging
//   has no registered system name; "oslo_messaging" is this model's choice.
// `peer.service` stays on database and cache client spans: the diagnosis charges a failing
// client span to it (tracer/analysis/diagnose/errors.ts).
import type { AttributeInput } from "../../tracer/index.ts";

type Attrs = Readonly<Record<string, string | number>>;

/**
 * The API ports OpenStack services listen on by default (OpenStack Installation Guide,
 * "Firewalls and default ports"); Horizon is served by Apache on 80; MySQL 3306, memcached
 * 11211, RabbitMQ (AMQP) 5672 are those servers' defaults.
 */
export const SERVICE_PORTS: Readonly<Record<string, number>> = {
  keystone: 5000,
  "nova-api": 8774,
  placement: 8778,
  glance: 9292,
  neutron: 9696,
  cinder: 8776,
  horizon: 80,
  mysql: 3306,
  memcached: 11211,
  rabbitmq: 5672,
};

/** nova's control_exchange (nova/rpc.py sets the transport default to "nova"): the topic exchange nova's RPC uses. */
export const CONTROL_EXCHANGE = "nova";

// Shared objects are found by their arguments through nested maps (one level per argument),
// so a trace point that finds its object builds no key string and no closure.
type Tree = Map<unknown, unknown>;

/** The subtree under `key`, made on first use. */
function under(tree: Tree, key: unknown): Tree {
  let t = tree.get(key) as Tree | undefined;
  if (t === undefined) tree.set(key, (t = new Map()));
  return t;
}

/** The frozen object under `key`, built and frozen on first use. */
function shared(tree: Tree, key: unknown, build: () => Record<string, string | number>): Attrs {
  let a = tree.get(key) as Attrs | undefined;
  if (a === undefined) tree.set(key, (a = Object.freeze(build())));
  return a;
}

/** The method and path of a route template "GET /v2.1/servers/{id}", by route. */
const routes = new Map<string, { readonly method: string; readonly template: string }>();
function split(route: string): { readonly method: string; readonly template: string } {
  let r = routes.get(route);
  if (r === undefined) {
    const sp = route.indexOf(" ");
    routes.set(route, (r = { method: route.slice(0, sp), template: route.slice(sp + 1) }));
  }
  return r;
}

/** The path without its query string. */
const withoutQuery = (path: string): string => {
  const q = path.indexOf("?");
  return q < 0 ? path : path.slice(0, q);
};

const httpClients: Tree = new Map();

/** An HTTP client span's start attributes: method, the service endpoint (address and port) and the path. */
export function httpClientAttributes(service: string, method: string, path: string, route: string): AttributeInput {
  const template = split(route).template;
  // Only a path with an id in it (not its route template) varies per call.
  const urlPath = path === template ? path : withoutQuery(path);
  const tree = urlPath === template ? under(under(httpClients, service), method) : undefined;
  const a = tree?.get(urlPath) as Attrs | undefined;
  if (a !== undefined) return a;
  const built = { "http.request.method": method, "server.address": service, "server.port": SERVICE_PORTS[service] ?? 80, "url.path": urlPath };
  return tree === undefined ? built : shared(tree, urlPath, () => built);
}

const httpServers: Tree = new Map();

/** An HTTP server span's start attributes: method, route template and path. */
export function httpServerAttributes(route: string, path: string): AttributeInput {
  const { method, template } = split(route);
  const urlPath = path === template ? path : withoutQuery(path);
  if (urlPath === template) {
    const a = httpServers.get(route) as Attrs | undefined;
    if (a !== undefined) return a;
  }
  const built = { "http.request.method": method, "http.route": template, "url.path": urlPath };
  return urlPath === template ? shared(httpServers, route, () => built) : built;
}

const databases: Tree = new Map();

/** A database client span's start attributes (plus `peer.service`). */
export function dbAttributes(peer: string, host: string, kind: string, table: string): Attrs {
  const tree = under(under(under(databases, peer), host), kind);
  return (tree.get(table) as Attrs | undefined) ?? shared(tree, table, () => ({
    "peer.service": peer,
    "db.system.name": "mysql",
    "db.operation.name": kind.toUpperCase(),
    "db.collection.name": table,
    "server.address": host,
    "server.port": SERVICE_PORTS.mysql!,
  }));
}

const caches: Tree = new Map();

/** A cache client span's start attributes (plus `peer.service`). */
export function cacheAttributes(peer: string, host: string, op: "get" | "set"): Attrs {
  const tree = under(under(caches, peer), host);
  return (tree.get(op) as Attrs | undefined) ?? shared(tree, op, () => ({
    "peer.service": peer,
    "db.system.name": "memcached",
    "db.operation.name": op,
    "server.address": host,
    "server.port": SERVICE_PORTS.memcached!,
  }));
}

/** The exchange and routing key a message to `topic` (optionally `server`, or fanout) is published with. */
export function destination(topic: string, server: string | undefined, fanout: boolean): { exchange: string; routingKey: string } {
  if (fanout) return { exchange: `${topic}_fanout`, routingKey: "" };
  return { exchange: CONTROL_EXCHANGE, routingKey: server === undefined ? topic : `${topic}.${server}` };
}

/**
 * The producer side of an RPC call or cast, published to the broker on `brokerHost` (the host
 * of oslo.messaging's transport_url; `server.address`/`server.port` as OpenTelemetry's messaging
 * conventions recommend).
 */
const sends: Tree = new Map();

export function rpcSendAttributes(topic: string, server: string | undefined, fanout: boolean, method: string, brokerHost: string): Attrs {
  const tree = under(under(under(under(sends, brokerHost), topic), server ?? ""), fanout);
  return (tree.get(method) as Attrs | undefined) ?? shared(tree, method, () => {
    const { exchange, routingKey } = destination(topic, server, fanout);
    const a: Record<string, string | number> = {
      "messaging.system": "rabbitmq",
      "messaging.operation.type": "send",
      "messaging.destination.name": exchange,
      "rpc.system.name": "oslo_messaging",
      "rpc.method": `${topic}/${method}`,
      "server.address": brokerHost,
      "server.port": SERVICE_PORTS.rabbitmq!,
    };
    if (routingKey !== "") a["messaging.rabbitmq.destination.routing_key"] = routingKey;
    return a;
  });
}

/** The consumer side: the message was consumed from `queue` (its topic, `topic.server`, or the server's fanout queue). */
const processes: Tree = new Map();

export function rpcProcessAttributes(topic: string, queue: string, method: string): Attrs {
  const tree = under(under(processes, topic), queue);
  return (tree.get(method) as Attrs | undefined) ?? shared(tree, method, () => {
    const fanout = queue.startsWith(`${topic}_fanout_`);
    const a: Record<string, string> = {
      "messaging.system": "rabbitmq",
      "messaging.operation.type": "process",
      "messaging.destination.name": fanout ? `${topic}_fanout` : CONTROL_EXCHANGE,
      "messaging.destination.subscription.name": queue,
      "rpc.system.name": "oslo_messaging",
      "rpc.method": `${topic}/${method}`,
    };
    if (!fanout) a["messaging.rabbitmq.destination.routing_key"] = queue;
    return a;
  });
}
