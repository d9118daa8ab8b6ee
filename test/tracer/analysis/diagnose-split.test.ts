// A request still running at a split: only what it did before the split counts.
import test from "ava";
import { asOf, newCatalogs, profileWindow } from "../../../tracer/analysis/diagnose/index.ts";
import type { Trace } from "../../../tracer/model/types.ts";
import { span } from "./span-fixture.ts";

test("a request still running at the split stands as it was then: later spans and messages on their way left out, running ones cut", (t) => {
  // A create: the API casts at 40–41; the worker takes the message at 70 and fails at 90.
  const root = span({ kind: "internal", service: "client", host: "c", name: "create", start: 0, end: 100, error: true });
  const post = span({ parent: root, kind: "client", service: "client", host: "c", name: "POST", start: 30, end: 45 });
  const api = span({ parent: post, kind: "server", service: "api", host: "h1", name: "POST", start: 31, end: 44 });
  const mq = { "messaging.system": "rabbitmq", "messaging.rabbitmq.destination.routing_key": "build" };
  const cast = span({ parent: api, kind: "producer", service: "api", host: "h1", name: "rpc.cast build", start: 40, end: 41, attributes: mq });
  const work = span({ parent: cast, kind: "consumer", service: "worker", host: "h2", name: "rpc.consume build", start: 70, end: 90, error: true });
  const catalogs = newCatalogs();
  const trace: Trace = { traceId: root.traceId, events: [], spans: [root, post, api, cast, work] };
  const [p] = profileWindow([trace], catalogs).profiles;
  const before = asOf(p!, 50, catalogs.units);
  t.is(before.duration, 50);
  t.false(before.failed);
  t.deepEqual(before.evidence.errors, []);
  // The cast was on its way at the split (its worker took it later): neither taken nor lost
  // yet, so neither the message nor the worker counts.
  const operations = [...before.evidence.units.keys()].map((k) => catalogs.units.get(k)!.operation).sort();
  t.deepEqual(operations, ["POST", "POST", "create"]);
  t.true([...before.evidence.units.values()].every((u) => u.lost === 0));
  // A request over by the split is left as it was.
  t.is(asOf(p!, 100, catalogs.units), p);
});
