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
