// OpenTelemetry semantic-convention attributes at the model's trace points, on the spans' start
// events (sim/openstack/semconv.ts names the conventions).
import test from "ava";
import type { TraceEvent } from "../../../tracer/index.ts";
import { eventsOf, runOne, tracedCloud } from "./harness.ts";

function starts(events: readonly TraceEvent[], service: string, name: string): TraceEvent[] {
  return events.filter((e) => e.kind === "start" && e.service === service && e.name === name);
}

test("HTTP client and server spans carry method, route or endpoint, path, and the response status", (t) => {
  const env = tracedCloud({ seed: "semconv-http" });
  const r = runOne(env, "server-show", { tokenReuse: true });
  const ev = eventsOf(env, r.traceId!);
  const client = starts(ev, "client", "GET /v2.1/servers/{id}")[0]!;
  t.like(client.attributes, { "http.request.method": "GET", "server.address": "nova-api", "server.port": 8774 });
  t.regex(String(client.attributes?.["url.path"]), /^\/v2\.1\/servers\/srv-[0-9a-f]{8}$/);
  const server = starts(ev, "nova-api", "GET /v2.1/servers/{id}")[0]!;
  t.like(server.attributes, { "http.request.method": "GET", "http.route": "/v2.1/servers/{id}" });
  const end = ev.find((e) => e.kind === "end" && e.spanId === server.spanId)!;
  t.is(end.attributes?.["http.response.status_code"], 200);
  // The client's span names the host it connected to: the instance that served it.
  const clientEnd = ev.find((e) => e.kind === "end" && e.spanId === client.spanId)!;
  t.is(clientEnd.attributes?.["network.peer.address"], server.host);
  // Two calls of one route carry the same attributes (built once and shared).
  const lists = [runOne(env, "server-list", { tokenReuse: true }), runOne(env, "server-list", { tokenReuse: true })]
    .map((x) => starts(eventsOf(env, x.traceId!), "nova-api", "GET /v2.1/servers/detail")[0]!.attributes);
  t.like(lists[0], { "http.route": "/v2.1/servers/detail", "url.path": "/v2.1/servers/detail" });
  t.deepEqual(lists[0], lists[1]);
});

test("database and cache client spans name the system, operation and table, and keep peer.service", (t) => {
  const env = tracedCloud({ seed: "semconv-db" });
  const r = runOne(env, "server-list", { tokenReuse: true });
  const ev = eventsOf(env, r.traceId!);
  const db = starts(ev, "nova-api", "db.select instance_mappings")[0]!;
  t.deepEqual(db.attributes, {
    "peer.service": "mysql",
    "db.system.name": "mysql",
    "db.operation.name": "SELECT",
    "db.collection.name": "instance_mappings",
    "server.address": "db-1",
    "server.port": 3306,
  });
  const cache = starts(ev, "nova-api", "cache.get")[0]!;
  t.like(cache.attributes, { "peer.service": "memcached", "db.system.name": "memcached", "db.operation.name": "get", "server.port": 11211 });
});

test("RPC spans name RabbitMQ, the broker's host, the exchange and routing key or queue, and the method", (t) => {
  const env = tracedCloud({ seed: "semconv-rpc" });
  const r = runOne(env, "server-create", { tokenReuse: true });
  const ev = eventsOf(env, r.traceId!);
  const cast = starts(ev, "nova-api", "rpc.cast conductor.schedule_and_build_instances")[0]!;
  t.deepEqual(cast.attributes, {
    "messaging.system": "rabbitmq",
    "messaging.operation.type": "send",
    "messaging.destination.name": "nova",
    "messaging.rabbitmq.destination.routing_key": "conductor",
    "rpc.system.name": "oslo_messaging",
    "rpc.method": "conductor/schedule_and_build_instances",
    "server.address": "broker-1",
    "server.port": 5672,
  });
  const consumed = starts(ev, "nova-conductor", "rpc.consume schedule_and_build_instances")[0]!;
  t.like(consumed.attributes, { "messaging.operation.type": "process", "messaging.destination.subscription.name": "conductor" });
  const build = starts(ev, "nova-compute", "rpc.consume build_and_run_instance")[0]!;
  t.regex(String(build.attributes?.["messaging.destination.subscription.name"]), /^compute\.compute-\d$/);
  const fanout = starts(ev, "nova-compute", "rpc.cast scheduler.update_instance_info")[0]!;
  t.like(fanout.attributes, { "messaging.destination.name": "scheduler_fanout" });
  t.false("messaging.rabbitmq.destination.routing_key" in fanout.attributes!);
});
