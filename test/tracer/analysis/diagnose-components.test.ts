// Which components a unit of evidence belongs to: the broker and the topic of a message's
// queue, and the reader of a queue when the message never reached it.
import test from "ava";
import { componentLabel, componentsOf, destinationReaders, shareOf, topicOf } from "../../../tracer/analysis/diagnose/index.ts";
import type { UnitInfo } from "../../../tracer/analysis/diagnose/index.ts";

const call = (over: Partial<UnitInfo>): UnitInfo => ({
  key: JSON.stringify(over),
  kind: "call",
  service: "",
  operation: "rpc.cast compute.build",
  host: "",
  fromService: "nova-conductor",
  from: "controller-1",
  via: "compute.compute-2",
  broker: "broker-1",
  system: "rabbitmq",
  ...over,
});

test("a queue's topic: the routing key's first word, or the name before _fanout", (t) => {
  t.is(topicOf("compute.compute-2"), "compute");
  t.is(topicOf("scheduler_fanout_controller-3"), "scheduler");
  // The fanout exchange a cast nobody received was published to.
  t.is(topicOf("scheduler_fanout"), "scheduler");
  t.is(topicOf("my_fanoutless"), "my_fanoutless");
  t.is(topicOf("conductor"), "conductor");
});

test("a message that reached its reader belongs to the reader's instance, the links through the broker, the queue, its topic and the broker", (t) => {
  const labels = componentsOf(call({ service: "nova-compute", host: "compute-2" })).map(componentLabel);
  t.deepEqual(labels, [
    "instance nova-compute@compute-2",
    "host compute-2",
    "host controller-1",
    "queue compute.compute-2",
    "queue compute",
    "dependency rabbitmq",
    "host broker-1",
    "link broker-1<->controller-1",
    "link broker-1<->compute-2",
  ]);
});

test("a message that reached nobody is charged to its way to whoever reads its queue in other traces, never to the reader", (t) => {
  const delivered = call({ service: "nova-compute", host: "compute-2" });
  const lost = call({});
  // A consumer that is down or cut off leaves a message waiting in its queue, not lost: a lost
  // message was lost on its way, by the broker or on the link to the queue's one reader.
  const readers = destinationReaders([delivered, lost]);
  t.deepEqual(componentsOf(lost, readers).map(componentLabel), [
    "host controller-1",
    "queue compute.compute-2",
    "queue compute",
    "dependency rabbitmq",
    "host broker-1",
    "link broker-1<->controller-1",
    "link broker-1<->compute-2",
  ]);
  // Without other traces, nobody is known to read it: the queue and the broker.
  t.false(componentsOf(lost).map(componentLabel).includes("link broker-1<->compute-2"));
  // A queue several instances of one service read (a shared topic queue): any of them could
  // have been given it, so it stays the queue's and the broker's, not the service's.
  const shared = destinationReaders([call({ via: "conductor", service: "nova-conductor", host: "controller-1" }), call({ via: "conductor", service: "nova-conductor", host: "controller-2" })]);
  const names = componentsOf(call({ via: "conductor" }), shared).map(componentLabel);
  t.false(names.includes("service nova-conductor"), names.join(" | "));
  t.true(names.includes("queue conductor") && names.includes("dependency rabbitmq"), names.join(" | "));
  // Each reader's link to the broker could have lost it on its way there.
  t.true(names.includes("link broker-1<->controller-1") && names.includes("link broker-1<->controller-2"), names.join(" | "));
});

test("an HTTP call that reached no server is charged to the instance answering its endpoint on the host it connected to", (t) => {
  const http = (over: Partial<UnitInfo>): UnitInfo => ({ key: JSON.stringify(over), kind: "call", service: "", operation: "GET /v2/images", host: "", fromService: "horizon", from: "controller-3", endpoint: "glance", ...over });
  const readers = destinationReaders([http({ service: "glance", host: "controller-1" }), http({ service: "glance", host: "controller-2" })]);
  // Refused by the instance on controller-1 (network.peer.address): that instance, its host and the link to it.
  t.deepEqual(componentsOf(http({ host: "controller-1" }), readers).map(componentLabel), ["instance glance@controller-1", "host controller-1", "host controller-3", "link controller-1<->controller-3"]);
  // No peer recorded: the service behind the endpoint.
  t.deepEqual(componentsOf(http({}), readers).map(componentLabel), ["service glance", "host controller-3"]);
  // Not refused but timed out: the way there or the host was gone, not only the process.
  t.deepEqual(componentsOf(http({ host: "controller-1", silent: true }), readers).map(componentLabel), ["host controller-1", "host controller-3", "link controller-1<->controller-3"]);
});

test("a message lost on its way to one of several readers: each reader's link holds an equal share, the queue and the link it was sent over all of it", (t) => {
  const shared = destinationReaders([call({ via: "conductor", service: "nova-conductor", host: "controller-2" }), call({ via: "conductor", service: "nova-conductor", host: "controller-3" })]);
  const lost = call({ via: "conductor" });
  t.is(shareOf(lost, shared, "link:broker-1<->controller-2"), 0.5);
  t.is(shareOf(lost, shared, "link:broker-1<->controller-3"), 0.5);
  t.is(shareOf(lost, shared, "link:broker-1<->controller-1"), 1);
  t.is(shareOf(lost, shared, "queue:conductor"), 1);
  // One reader (a host's own queue): its link holds it all; a delivered message is whole everywhere.
  const own = destinationReaders([call({ service: "nova-compute", host: "compute-2" })]);
  t.is(shareOf(call({}), own, "link:broker-1<->compute-2"), 1);
  t.is(shareOf(call({ via: "conductor", service: "nova-conductor", host: "controller-2" }), shared, "link:broker-1<->controller-2"), 1);
});

test("a lost message's share follows how short each reader fell of its share of the deliveries; none short: equal shares", (t) => {
  const shared = destinationReaders([call({ via: "conductor", service: "nova-conductor", host: "controller-2" }), call({ via: "conductor", service: "nova-conductor", host: "controller-3" })]);
  const lost = call({ via: "conductor" });
  const short = new Map([["conductor", new Map([["controller-2", 0], ["controller-3", 6]])]]);
  t.is(shareOf(lost, shared, "link:broker-1<->controller-3", short), 1);
  t.is(shareOf(lost, shared, "link:broker-1<->controller-2", short), 0);
  t.is(shareOf(lost, shared, "link:broker-1<->controller-1", short), 1);
  t.is(shareOf(lost, shared, "queue:conductor", short), 1);
  const even = new Map([["conductor", new Map([["controller-2", 3], ["controller-3", 1]])]]);
  t.is(shareOf(lost, shared, "link:broker-1<->controller-2", even), 0.75);
  const none = new Map([["conductor", new Map([["controller-2", 0], ["controller-3", 0]])]]);
  t.is(shareOf(lost, shared, "link:broker-1<->controller-2", none), 0.5);
});
