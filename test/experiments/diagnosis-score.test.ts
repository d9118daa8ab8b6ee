// Scoring a named component against the fault that was injected (sim/experiments/diagnosis-score.ts).
import test from "ava";
import { namesFault } from "../../sim/experiments/diagnosis-score.ts";
import type { FaultRecord } from "../../sim/run/index.ts";

const INSTANCES = new Map([
  ["nova-scheduler-1", { service: "nova-scheduler", host: "controller-1" }],
  ["nova-scheduler-2", { service: "nova-scheduler", host: "controller-2" }],
]);

const queueFault: FaultRecord = {
  kind: "message-loss",
  target: { service: "nova-scheduler" },
  start: 50e9,
  end: 90e9,
  params: { probability: 0.5 },
  resolved: { instances: [], hosts: [], links: [], operations: [], queues: ["scheduler", "scheduler.controller-1", "scheduler_fanout_controller-1"] },
  components: [
    { kind: "queue", queue: "scheduler" },
    { kind: "queue", queue: "scheduler.controller-1" },
    { kind: "queue", queue: "scheduler_fanout_controller-1" },
  ],
};

test("a queue fault is named by the queue, its topic, or the fanout exchange that feeds it; not by the broker or the consumers", (t) => {
  const right = (queue: string) => namesFault({ kind: "queue", queue }, queueFault, INSTANCES);
  t.true(right("scheduler"));
  t.true(right("scheduler.controller-1"));
  t.true(right("scheduler_fanout_controller-1"));
  t.true(right("scheduler_fanout"));
  t.false(right("conductor"));
  t.false(right("compute_fanout"));
  t.false(namesFault({ kind: "dependency", service: "rabbitmq" }, queueFault, INSTANCES));
  t.false(namesFault({ kind: "instance", service: "nova-scheduler", host: "controller-1", instance: "nova-scheduler@controller-1" }, queueFault, INSTANCES));
});

test("latency on a whole host is named by the host, as by any of its instances' operations; not by another host", (t) => {
  const hostLatency: FaultRecord = {
    kind: "latency",
    target: { host: "controller-2" },
    start: 50e9,
    end: 90e9,
    params: { add: 10e6 },
    resolved: { instances: [], hosts: [], links: [], operations: ["nova-scheduler.select_destinations@nova-scheduler-2"], queues: [] },
    components: [{ kind: "operation", service: "nova-scheduler", operation: "select_destinations", instance: "nova-scheduler-2", host: "controller-2" }],
  };
  t.true(namesFault({ kind: "host", host: "controller-2" }, hostLatency, INSTANCES));
  t.true(namesFault({ kind: "instance", service: "nova-scheduler", host: "controller-2", instance: "nova-scheduler@controller-2" }, hostLatency, INSTANCES));
  t.false(namesFault({ kind: "host", host: "controller-1" }, hostLatency, INSTANCES));
  // An instance's fault is not its host's.
  t.false(namesFault({ kind: "host", host: "controller-2" }, { ...hostLatency, target: { instance: "nova-scheduler-2" } }, INSTANCES));
});
