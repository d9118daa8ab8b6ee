// What one trace says about each unit of the system: own time charged to the work, queue,
// call or dependency that spent it, and where its errors started.
import test from "ava";
import { EvidenceBuilder } from "../../../tracer/analysis/diagnose/index.ts";
import { clockSamples } from "../../../tracer/analysis/diagnose/clock.ts";
import type { SpanRecord } from "../../../tracer/model/types.ts";
import { span } from "./span-fixture.ts";

function byLabel(spans: SpanRecord[]) {
  const b = new EvidenceBuilder();
  const ev = b.evidence(spans);
  const out: Record<string, { time: number; kinds: number[]; count: number }> = {};
  const lost: Record<string, number> = {};
  for (const [key, u] of ev.units) {
    const i = b.catalog.get(key)!;
    const label = `${i.kind} ${i.service}@${i.host} ${i.operation}${i.from === undefined ? "" : ` from ${i.from}`}${i.via === undefined ? "" : ` via ${i.via}`}`;
    out[label] = { time: u.time, kinds: [...u.byKind], count: u.count };
    if (u.lost > 0) lost[label] = u.lost;
  }
  const errors = ev.errors.map((k) => {
    const i = b.catalog.get(k)!;
    return `${i.kind} ${i.service}@${i.host} ${i.operation}`;
  });
  return { units: out, errors, lost };
}

test("a call's own time outside its server is the transit; the server's own time is its work, less its queueing", (t) => {
  const root = span({ kind: "internal", service: "client", host: "c", name: "cli", start: 0, end: 100 });
  const call = span({ parent: root, kind: "client", service: "client", host: "c", name: "GET /x", start: 10, end: 90, attributes: { "http.request.method": "GET" } });
  const server = span({ parent: call, kind: "server", service: "api", host: "h1", name: "GET /x", start: 15, end: 85, attributes: { "code.function.name": "api.show" }, logs: [{ timestamp: 25, attributes: { event: "workers acquired", "queue.wait": 10, "queue.pool": "workers" } }] });
  const db = span({ parent: server, kind: "client", service: "api", host: "h1", name: "db.select x", start: 30, end: 50, attributes: { "peer.service": "mysql", "server.address": "db-1", "queue.wait": 4, "queue.pool": "db_pool" } });
  const { units } = byLabel([root, call, server, db]);
  t.deepEqual(units["work client@c cli"], { time: 20, kinds: [20, 0, 0, 0, 0], count: 1 });
  t.deepEqual(units["call api@h1 GET /x from c"], { time: 10, kinds: [0, 0, 10, 0, 0], count: 1 });
  // The server span: 70 ns, less 20 in its database call; 10 of the 50 were a wait for a worker.
  t.deepEqual(units["work api@h1 show"], { time: 40, kinds: [40, 0, 0, 0, 0], count: 1 });
  t.deepEqual(units["queue api@h1 workers"], { time: 10, kinds: [0, 10, 0, 0, 0], count: 1 });
  // The database call waited 4 ns for a pooled connection: the caller's pool, not the database.
  t.deepEqual(units["queue api@h1 db_pool"], { time: 4, kinds: [0, 4, 0, 0, 0], count: 1 });
  t.deepEqual(units["dependency mysql@db-1 db.select x from h1"], { time: 16, kinds: [16, 0, 0, 0, 0], count: 1 });
});

test("a call that timed out is charged its timeout; a cast, the gap before its consumer starts", (t) => {
  const root = span({ kind: "internal", service: "nova-api", host: "h1", name: "POST", start: 0, end: 200 });
  const call = span({ parent: root, kind: "client", service: "nova-api", host: "h1", name: "rpc.call conductor.x", start: 0, end: 120, attributes: { "messaging.system": "rabbitmq", "messaging.destination.name": "conductor", "server.address": "broker-1" }, error: true });
  const timeout = span({ parent: call, kind: "internal", service: "nova-api", host: "h1", name: "timeout", start: 10, end: 110, attributes: { wait: "timeout" } });
  const cast = span({ parent: root, kind: "producer", service: "nova-api", host: "h1", name: "rpc.cast compute.y", start: 120, end: 121, attributes: { "messaging.system": "rabbitmq", "messaging.destination.name": "compute.h2", "server.address": "broker-1" } });
  const consume = span({ parent: cast, kind: "consumer", service: "nova-compute", host: "h2", name: "rpc.consume y", start: 131, end: 190 });
  const { units, errors, lost } = byLabel([root, call, timeout, cast, consume]);
  t.deepEqual(units["call @ rpc.call conductor.x from h1 via conductor"], { time: 120, kinds: [0, 0, 20, 100, 0], count: 1 });
  t.deepEqual(units["call nova-compute@h2 rpc.cast compute.y from h1 via compute.h2"], { time: 11, kinds: [0, 0, 11, 0, 0], count: 1 });
  // The call failed with no failed child: its error started there (its timeout did not fail).
  t.deepEqual(errors, ["call @ rpc.call conductor.x"]);
  // No server took the call's message: it counts as lost where it was sent (the cast was taken).
  t.deepEqual(lost, { "call @ rpc.call conductor.x from h1 via conductor": 1 });
});

test("a direct call that timed out with no server to take it is a silent call, one refused at once is not", (t) => {
  const root = span({ kind: "server", service: "horizon", host: "h3", name: "GET /project/instances/", start: 0, end: 200 });
  const attributes = { "http.request.method": "GET", "server.address": "glance", "network.peer.address": "h1" };
  const silent = span({ parent: root, kind: "client", service: "horizon", host: "h3", name: "GET /v2/images", start: 0, end: 120, attributes, error: true });
  const timeout = span({ parent: silent, kind: "internal", service: "horizon", host: "h3", name: "timeout", start: 0, end: 120, attributes: { wait: "timeout" } });
  const refused = span({ parent: root, kind: "client", service: "horizon", host: "h3", name: "GET /v2/images", start: 120, end: 121, attributes, error: true });
  const b = new EvidenceBuilder();
  const calls = [...b.evidence([root, silent, timeout, refused]).units.keys()].map((k) => b.catalog.get(k)!).filter((u) => u.kind === "call");
  t.deepEqual(calls.map((u) => [u.host, u.silent ?? false]).sort(), [["h1", false], ["h1", true]]);
});

test("a shifted host's spans are read with its clock put back", (t) => {
  const root = span({ kind: "client", service: "a", host: "h1", name: "GET", start: 0, end: 100, attributes: { "http.request.method": "GET" } });
  const server = span({ parent: root, kind: "server", service: "b", host: "h2", name: "GET", start: 1010, end: 1090 });
  const b = new EvidenceBuilder();
  const skewed = b.evidence([root, server]);
  const fixed = b.evidence([root, server], new Map([["h2", 1000]]));
  const transit = (ev: typeof skewed) => [...ev.units].find(([k]) => b.catalog.get(k)!.kind === "call")![1].time;
  t.is(transit(skewed), 100);
  t.is(transit(fixed), 20);
});

test("a polling client waits while the asynchronous part works, and after it failed for what failed; an error starts below everything that failed", (t) => {
  // A server create: the API answers at once and casts to a worker; the client polls; the
  // worker's call times out, the instance goes to ERROR, and the client's last poll sees it.
  const root = span({ kind: "internal", service: "client", host: "c", name: "create --wait", start: 0, end: 1000, error: true });
  const post = span({ parent: root, kind: "client", service: "client", host: "c", name: "POST /servers", start: 0, end: 20 });
  const api = span({ parent: post, kind: "server", service: "api", host: "h1", name: "POST /servers", start: 2, end: 18 });
  const cast = span({ parent: api, kind: "producer", service: "api", host: "h1", name: "rpc.cast build", start: 10, end: 10, attributes: { "messaging.system": "rabbitmq", "messaging.destination.name": "nova", "messaging.rabbitmq.destination.routing_key": "compute" } });
  const worker = span({ parent: cast, kind: "consumer", service: "compute", host: "h2", name: "rpc.consume build", start: 30, end: 900, attributes: { "messaging.destination.subscription.name": "compute.h2" }, error: true });
  const call = span({ parent: worker, kind: "client", service: "compute", host: "h2", name: "rpc.call conductor.update", start: 40, end: 890, attributes: { "messaging.system": "rabbitmq", "messaging.destination.name": "nova", "messaging.rabbitmq.destination.routing_key": "conductor" }, error: true });
  const poll = span({ parent: root, kind: "client", service: "client", host: "c", name: "GET /servers/{id}", start: 950, end: 990 });
  const { units, errors } = byLabel([root, post, api, cast, worker, call, poll]);
  // The client's time outside its calls (0–20, 950–990), the cast's way to its consumer (10–30:
  // the message's transit) and the worker's 30–900 is idle time after the worker's call failed
  // (at 890): the failed call's, not the client's.
  t.is(units["work client@c create --wait"]!.time, 0);
  t.is(units["call @ rpc.call conductor.update from h2 via conductor"]!.time, 850 + (1000 - 20 - 10 - 40 - 870));
  // The cast reached its consumer through the queue it read from.
  t.truthy(units["call compute@h2 rpc.cast build from h1 via compute.h2"]);
  // Only the call that timed out is where the error started: the worker and the client failed because of it.
  t.deepEqual(errors, ["call @ rpc.call conductor.update"]);
});

test("a message nobody received: the wait after it was sent and the request's error are the message's", (t) => {
  // A server create whose build cast was lost: the client polls until it gives up.
  const root = span({ kind: "internal", service: "client", host: "c", name: "create --wait", start: 0, end: 1000, error: true });
  const post = span({ parent: root, kind: "client", service: "client", host: "c", name: "POST /servers", start: 0, end: 20 });
  const api = span({ parent: post, kind: "server", service: "api", host: "h1", name: "POST /servers", start: 2, end: 18 });
  const cast = span({ parent: api, kind: "producer", service: "api", host: "h1", name: "rpc.cast build", start: 10, end: 12, attributes: { "messaging.system": "rabbitmq", "messaging.destination.name": "nova", "messaging.rabbitmq.destination.routing_key": "compute.h2", "server.address": "broker-1" } });
  const poll = span({ parent: root, kind: "client", service: "client", host: "c", name: "GET /servers/{id}", start: 950, end: 990 });
  const { units, errors, lost } = byLabel([root, post, api, cast, poll]);
  t.deepEqual(lost, { "call @ rpc.cast build from h1 via compute.h2": 1 });
  // The client idled 20–950 and 990–1000 after the cast was sent at 12: all of it waiting for the cast.
  t.is(units["work client@c create --wait"]!.time, 0);
  t.deepEqual(units["call @ rpc.cast build from h1 via compute.h2"], { time: 2 + 930 + 10, kinds: [0, 0, 942, 0, 0], count: 1 });
  // The API answered after sending it (12–18): its own work, not a wait.
  t.is(units["work api@h1 POST /servers"]!.time, 16 - 2);
  t.deepEqual(errors, ["call @ rpc.cast build"]);
});

test("a call through a broker names the broker's host and messaging system", (t) => {
  const root = span({ kind: "server", service: "api", host: "h1", name: "POST", start: 0, end: 100 });
  const cast = span({ parent: root, kind: "producer", service: "api", host: "h1", name: "rpc.cast y", start: 10, end: 12, attributes: { "messaging.system": "rabbitmq", "messaging.rabbitmq.destination.routing_key": "compute.h2", "server.address": "broker-1" } });
  const b = new EvidenceBuilder();
  const ev = b.evidence([root, cast]);
  const call = [...ev.units.keys()].map((k) => b.catalog.get(k)!).find((u) => u.kind === "call")!;
  t.like(call, { broker: "broker-1", system: "rabbitmq", via: "compute.h2", host: "", from: "h1" });
});

test("clock readings come from direct calls: a call through a broker waits in a queue its response does not pass", (t) => {
  // Each call's request took 30 ns and its response 10 ns by the hosts' clocks: the callee reads 10 ns ahead.
  const http = span({ kind: "client", service: "a", host: "h1", name: "GET", start: 0, end: 100 });
  const server = span({ parent: http, kind: "server", service: "b", host: "h2", name: "GET", start: 30, end: 90 });
  const rpc = span({ kind: "client", service: "a", host: "h1", name: "rpc.call b.f", start: 0, end: 100, attributes: { "messaging.system": "rabbitmq" } });
  const handler = span({ parent: rpc, kind: "server", service: "b", host: "h2", name: "rpc.handle f", start: 30, end: 90 });
  t.deepEqual(clockSamples([http, server, rpc, handler]), [
    { host: "h2", peer: "h1", aheadNs: 10, violation: false },
    { host: "h1", peer: "h2", aheadNs: -10, violation: false },
  ]);
});

test("a call its server refused with a client error (HTTP 4xx) is nobody's error; a server error is the server's", (t) => {
  const show = (status: number, serverFailed: boolean) => {
    const root = span({ kind: "internal", service: "client", host: "c", name: "server show", start: 0, end: 100, error: true });
    const get = span({ parent: root, kind: "client", service: "client", host: "c", name: "GET /servers/{id}", start: 10, end: 90, attributes: { "http.response.status_code": status }, error: true });
    const api = span({ parent: get, kind: "server", service: "api", host: "h1", name: "GET /servers/{id}", start: 20, end: 80, error: serverFailed });
    return byLabel([root, get, api]).errors;
  };
  // The server was deleted meanwhile: the API answered 404, as designed.
  t.deepEqual(show(404, false), []);
  t.deepEqual(show(500, true), ["work api@h1 GET /servers/{id}"]);
  // A 4xx with no server span (a proxy refused it, the server's span lost) still counts.
  const root = span({ kind: "internal", service: "client", host: "c", name: "server show", start: 0, end: 100, error: true });
  const get = span({ parent: root, kind: "client", service: "client", host: "c", name: "GET /servers/{id}", start: 10, end: 90, attributes: { "http.response.status_code": 404 }, error: true });
  t.is(byLabel([root, get]).errors.length, 1);
});
