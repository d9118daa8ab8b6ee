import test from "ava";
import { MS, S } from "../../../sim/kernel/index.ts";
import { ProcessGroup } from "../../../sim/net/index.ts";
import { MessagingTimeout, RpcClient, RpcServer } from "../../../sim/rpc/index.ts";
import type { RpcMessage, RpcResult } from "../../../sim/rpc/index.ts";
import { bus } from "./bus.ts";

function server(env: ReturnType<typeof bus>, host: "b" | "c", name: string, workNs: number, log: string[], executorSize = 4) {
  const group = new ProcessGroup(env.sim, name, env[host]);
  const srv = new RpcServer(env.broker, env[host], group, {
    topic: "conductor",
    server: name,
    executorSize,
    *handler(msg: RpcMessage) {
      log.push(`${name} start ${msg.method} ${env.sim.now}`);
      yield group.delay(workNs);
      log.push(`${name} end ${msg.method} ${env.sim.now}`);
      return { ok: true, value: `${name}:${String(msg.args)}` };
    },
  });
  return { group, srv };
}

test("call returns the reply after broker hops and handling", (t) => {
  const env = bus();
  const log: string[] = [];
  server(env, "b", "cond-1", 5 * MS, log);
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  let result: RpcResult | undefined;
  cg.spawn((function* () {
    result = yield* client.call({ topic: "conductor" }, "ping", 7, {});
  })());
  env.sim.run();
  t.deepEqual(result && result.ok ? result.value : null, "cond-1:7");
  // a->broker 1ms, broker->b 1ms, work 5ms, b->broker 1ms, broker->a 1ms
  t.deepEqual(log, ["cond-1 start ping 2000000", "cond-1 end ping 7000000"]);
  t.is(env.sim.now >= 9 * MS, true);
});

test("call to a topic nobody serves times out with MessagingTimeout after the timeout", (t) => {
  const env = bus();
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  env.broker.queue("scheduler");
  let result: RpcResult | undefined;
  let at = -1;
  cg.spawn((function* () {
    result = yield* client.call({ topic: "scheduler" }, "select_destinations", null, {}, { timeoutNs: 60 * S });
    at = env.sim.now;
  })());
  env.sim.run();
  t.is(at, 60 * S);
  t.true(result !== undefined && !result.ok && result.error instanceof MessagingTimeout);
  t.is(client.timeouts, 1);
});

test("call monitor fails fast when the server crashes mid-call, instead of waiting the long timeout", (t) => {
  const env = bus();
  const log: string[] = [];
  const { group } = server(env, "b", "sched-1", 600 * S, log);
  const cg = new ProcessGroup(env.sim, "cond-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  let at = -1;
  let result: RpcResult | undefined;
  cg.spawn((function* () {
    result = yield* client.call({ topic: "conductor" }, "select_destinations", null, {}, { timeoutNs: 1800 * S, monitorNs: 60 * S });
    at = env.sim.now;
  })());
  env.sim.schedule(100 * S, () => group.crash());
  env.sim.run({ until: 2000 * S });
  t.true(result !== undefined && !result.ok && result.error instanceof MessagingTimeout);
  t.true(at > 100 * S && at <= 100 * S + 60 * S + 31 * S, `failed at ${at}`);
});

test("cast is at-most-once: a consumer crash after the ack loses the message, and later casts go to the survivor", (t) => {
  const env = bus();
  const log: string[] = [];
  const one = server(env, "b", "cond-1", 10 * MS, log, 1);
  server(env, "c", "cond-2", 10 * MS, log, 1);
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  cg.spawn((function* () {
    yield* client.cast({ topic: "conductor" }, "first", 1, {});
    yield* client.cast({ topic: "conductor" }, "second", 2, {});
  })());
  // Both arrive at 2 ms (round-robin: first -> cond-1, second -> cond-2); cond-1 dies at 5 ms.
  env.sim.schedule(5 * MS, () => one.group.crash());
  env.sim.schedule(20 * MS, () => {
    cg.spawn((function* () {
      yield* client.cast({ topic: "conductor" }, "third", 3, {});
    })());
  });
  env.sim.run();
  t.deepEqual(log.filter((l) => l.includes("end")).map((l) => l.split(" ").slice(0, 3).join(" ")), ["cond-2 end second", "cond-2 end third"]);
  t.true(log.includes("cond-1 start first 2000000"));
  t.is(env.broker.queue("conductor").depth, 0);
});

test("publisher blocks while the broker is partitioned away and is released when it heals", (t) => {
  const env = bus();
  const log: string[] = [];
  server(env, "b", "cond-1", 1 * MS, log);
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  env.net.partition(env.a, env.brokerHost);
  let publishedAt = -1;
  cg.spawn((function* () {
    yield* client.cast({ topic: "conductor" }, "build", 1, {});
    publishedAt = env.sim.now;
  })());
  env.sim.schedule(30 * S, () => env.net.repair(env.a, env.brokerHost));
  env.sim.run();
  t.is(publishedAt, 30 * S);
  t.deepEqual(log, [`cond-1 start build ${30 * S + 2 * MS}`, `cond-1 end build ${30 * S + 3 * MS}`]);
  t.is(env.broker.blockedPublishes, 1);
});

test("a one-way cut from broker to the only consumer holds messages in the queue until repaired", (t) => {
  const env = bus();
  const log: string[] = [];
  server(env, "b", "cond-1", 1 * MS, log);
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  env.net.partitionOneway(env.brokerHost, env.b);
  cg.spawn((function* () {
    yield* client.cast({ topic: "conductor" }, "build", 1, {});
  })());
  env.sim.run({ until: 10 * S });
  t.is(env.broker.queue("conductor").depth, 1);
  t.deepEqual(log, []);
  env.net.repair(env.brokerHost, env.b, true);
  env.sim.run();
  t.is(env.broker.queue("conductor").depth, 0);
  t.deepEqual(log, [`cond-1 start build ${10 * S + 1 * MS}`, `cond-1 end build ${10 * S + 2 * MS}`]);
});

test("fanout cast reaches every server; call with fanout is refused", (t) => {
  const env = bus();
  const log: string[] = [];
  server(env, "b", "sched-1", 1 * MS, log);
  server(env, "c", "sched-2", 1 * MS, log);
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  let refused: RpcResult | undefined;
  cg.spawn((function* () {
    yield* client.cast({ topic: "conductor", fanout: true }, "update_aggregates", 0, {});
    refused = yield* client.call({ topic: "conductor", fanout: true }, "x", 0, {});
  })());
  env.sim.run();
  t.deepEqual(log.filter((l) => l.includes("end")).map((l) => l.split(" ")[0]).sort(), ["sched-1", "sched-2"]);
  t.is(refused !== undefined && !refused.ok ? refused.error.name : "", "InvalidTarget");
});

test("executor slots bound concurrency: with one slot, the second call waits in the queue", (t) => {
  const env = bus();
  const log: string[] = [];
  server(env, "b", "cond-1", 10 * MS, log, 1);
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  for (const m of ["one", "two"]) cg.spawn((function* () {
    yield* client.call({ topic: "conductor" }, m, 0, {});
  })());
  env.sim.run();
  t.deepEqual(log, ["cond-1 start one 2000000", "cond-1 end one 12000000", "cond-1 start two 13000000", "cond-1 end two 23000000"]);
});

test("a duplicated delivery to the same server is dropped by its message-id cache", (t) => {
  const env = bus();
  const log: string[] = [];
  const { srv } = server(env, "b", "cond-1", 1 * MS, log);
  const q = env.broker.queue("conductor");
  q.degrade({ duplicate: 1 });
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  cg.spawn((function* () {
    yield* client.cast({ topic: "conductor" }, "once", 1, {});
  })());
  env.sim.run();
  t.is(q.duplicated, 1);
  t.is(srv.duplicatesDropped, 1);
  t.is(log.filter((l) => l.includes("end")).length, 1);
});

test("a late reply after the timeout is discarded and counted", (t) => {
  const env = bus();
  const log: string[] = [];
  server(env, "b", "cond-1", 5 * S, log);
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  let result: RpcResult | undefined;
  cg.spawn((function* () {
    result = yield* client.call({ topic: "conductor" }, "slow", 0, {}, { timeoutNs: 1 * S });
  })());
  env.sim.run();
  t.true(result !== undefined && !result.ok && result.error instanceof MessagingTimeout);
  t.is(client.lateReplies, 1);
  t.is(client.inFlight, 0);
});

test("a message's executor wait counts only the time a consumer could take it: not a cut, and from the repair on", (t) => {
  const env = bus();
  const queued: [string, number][] = [];
  const group = new ProcessGroup(env.sim, "cond-1", env.b);
  new RpcServer(env.broker, env.b, group, {
    topic: "conductor",
    server: "cond-1",
    executorSize: 1,
    *handler(msg: RpcMessage, queuedNs: number) {
      queued.push([String(msg.method), queuedNs]);
      yield group.delay(10 * MS);
      return { ok: true, value: null };
    },
  });
  const cg = new ProcessGroup(env.sim, "api-1", env.a);
  const client = new RpcClient(env.broker, env.a, cg, "reply_a");
  env.net.partitionOneway(env.brokerHost, env.b);
  for (const m of ["one", "two"]) cg.spawn((function* () {
    yield* client.cast({ topic: "conductor" }, m, 0, {});
  })());
  env.sim.run({ until: 10 * S });
  env.net.repair(env.brokerHost, env.b, true);
  env.sim.run();
  // Both waited 10 s behind the cut; the first then went straight in, the second waited for the
  // one slot while the first ran (10 ms) and its credit went back to the broker (1 ms).
  t.deepEqual(queued, [["one", 0], ["two", 11 * MS]]);
});
