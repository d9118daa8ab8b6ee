import test from "ava";
import { Interrupt, MS, S, Simulation, Stream, US } from "../../../sim/kernel/index.ts";
import { Crash, Host, Network, ProcessGroup, httpRequest } from "../../../sim/net/index.ts";
import type { HttpExchange, HttpRequest, HttpResponse, HttpServer } from "../../../sim/net/index.ts";

function lan(loss = 0) {
  const sim = new Simulation({ seed: "net" });
  const net = new Network(sim, {
    defaultLink: { latency: { kind: "constant", value: 1 * MS }, loss },
    loopback: { latency: { kind: "constant", value: 10 * US } },
  });
  const a = new Host(sim, "a", "controller");
  const b = new Host(sim, "b", "controller", { offsetNs: 5 * MS, driftPpm: 100 });
  net.addHost(a);
  net.addHost(b);
  return { sim, net, a, b };
}

test("datagrams arrive after the link latency plus size over bandwidth", (t) => {
  const sim = new Simulation({ seed: 1 });
  const net = new Network(sim, {
    defaultLink: { latency: { kind: "constant", value: 1 * MS }, bandwidthBps: 1e6 },
    loopback: { latency: { kind: "constant", value: 0 } },
  });
  const a = new Host(sim, "a", "x");
  const b = new Host(sim, "b", "x");
  net.addHost(a);
  net.addHost(b);
  const at: number[] = [];
  net.send(a, b, 1000, () => at.push(sim.now));
  sim.run();
  t.deepEqual(at, [1 * MS + 1 * MS]); // 1000 bytes at 1 MB/s = 1 ms
});

test("loss drops about the configured share of datagrams, and every one is delivered or lost", (t) => {
  const { sim, net, a, b } = lan(0.2);
  let delivered = 0;
  let lost = 0;
  for (let i = 0; i < 5000; i++) net.send(a, b, 100, () => delivered++, () => lost++);
  sim.run();
  t.is(delivered + lost, 5000);
  t.true(lost > 850 && lost < 1150, `lost ${lost}`);
});

test("a one-way partition cuts only its direction, and repair restores it", (t) => {
  const { sim, net, a, b } = lan();
  net.partitionOneway(a, b);
  const seen: string[] = [];
  net.send(a, b, 10, () => seen.push("a->b"), () => seen.push("a->b lost"));
  net.send(b, a, 10, () => seen.push("b->a"), () => seen.push("b->a lost"));
  t.false(net.reachable(a, b));
  t.true(net.reachable(b, a));
  sim.run();
  t.deepEqual(seen.sort(), ["a->b lost", "b->a"]);
  net.repair(a, b, true);
  t.true(net.reachable(a, b));
  t.is(net.streamDelay(a, b, 10), 1 * MS);
});

test("overlapping partitions need one repair each", (t) => {
  const { net, a, b } = lan();
  net.partition(a, b);
  net.isolate(b);
  net.repair(a, b);
  t.false(net.reachable(a, b));
  net.rejoin(b);
  t.true(net.reachable(a, b) && net.reachable(b, a));
});

test("partition and isolation undos compose and may run in any order, each once", (t) => {
  const { net, a, b } = lan();
  const cut = net.partition(a, b);
  const alone = net.isolate(b, "in");
  cut();
  cut();
  t.false(net.reachable(a, b), "b still takes nothing in");
  t.true(net.reachable(b, a));
  alone();
  t.true(net.reachable(a, b) && net.reachable(b, a));
});

test("a link degradation adds its delay and loss until undone; two overlap and end in any order", (t) => {
  const { net, a, b } = lan();
  const link = net.link(a, b);
  const slow = link.degrade({ delay: () => 4 * MS });
  const slower = link.degrade({ delay: () => 10 * MS });
  t.is(net.streamDelay(a, b, 0), 15 * MS);
  slow();
  t.is(net.streamDelay(a, b, 0), 11 * MS);
  const lossy = link.degrade({ loss: 1 });
  t.is(net.streamDelay(a, b, 0), -1, "every segment lost: the stream gives up after six retransmissions");
  lossy();
  slower();
  t.is(net.streamDelay(a, b, 0), 1 * MS);
  t.false(link.degraded);
});

test("stream delivery turns loss into TCP retransmission delay (200 ms RTO, doubling)", (t) => {
  const { net, a, b } = lan(0.5);
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) seen.add(net.streamDelay(a, b, 0));
  // 1 ms, 201 ms, 601 ms, 1401 ms, ... or -1 after six retransmissions.
  for (const d of seen) t.true([1, 201, 601, 1401, 3001, 6201, 12601, -1].map((x) => (x < 0 ? -1 : x * MS)).includes(d), `${d}`);
  t.true(seen.has(1 * MS) && seen.has(201 * MS));
});

test("host clocks apply offset and drift; skew and reset change them", (t) => {
  const { sim, b } = lan();
  sim.run({ until: 10 * S });
  t.is(b.clock.now(), 10 * S + 5 * MS + 1 * MS); // 100 ppm of 10 s = 1 ms
  const back = b.clock.skew({ offsetNs: -2 * S - 5 * MS, driftPpm: -100 });
  t.is(b.clock.now(), 8 * S);
  const ahead = b.clock.skew({ offsetNs: 1 * S });
  t.is(b.clock.now(), 9 * S);
  back();
  t.is(b.clock.now(), 11 * S + 6 * MS);
  ahead();
  t.is(b.clock.now(), 10 * S + 6 * MS);
});

test("a crash interrupts the group's processes with a Crash cause; a freeze holds their work until thawed", (t) => {
  const { sim, a } = lan();
  const g = new ProcessGroup(sim, "svc-1", a);
  const log: string[] = [];
  g.spawn((function* () {
    try {
      yield g.delay(10 * S);
      log.push("finished");
    } catch (e) {
      log.push(e instanceof Interrupt && e.cause instanceof Crash ? `crash ${e.cause.scope} at ${sim.now}` : "other");
    }
  })());
  sim.schedule(3 * S, () => g.crash());
  sim.run();
  t.deepEqual(log, [`crash process at ${3 * S}`]);
  t.true(g.down);
  g.restart();
  t.false(g.down);
  // Two crash faults overlap: the group comes back when the second one ends.
  const first = g.crash();
  const second = g.crash();
  first();
  t.true(g.down);
  second();
  t.false(g.down);

  const h = new ProcessGroup(sim, "svc-2", a);
  const done: number[] = [];
  const start = sim.now;
  h.spawn((function* () {
    yield h.delay(1 * S); // runs before the freeze
    yield h.delay(1 * S); // asked while frozen: starts only after the thaw
    done.push(sim.now - start);
  })());
  sim.schedule(500 * MS, () => a.freeze());
  sim.schedule(5 * S, () => a.thaw());
  sim.run();
  t.deepEqual(done, [6 * S]);
});

class Echo implements HttpServer {
  readonly host: Host;
  readonly group: ProcessGroup;
  constructor(sim: Simulation, host: Host, private readonly workNs: number) {
    this.host = host;
    this.group = new ProcessGroup(sim, "echo", host);
  }
  accept(_req: HttpRequest, ex: HttpExchange): void {
    const g = this.group;
    const work = this.workNs;
    g.spawn((function* () {
      try {
        yield g.delay(work);
        ex.respond({ status: 200, headers: {}, bodyBytes: 0 });
      } catch (e) {
        ex.reset();
        throw e;
      }
    })());
  }
}

function call(env: ReturnType<typeof lan>, server: HttpServer, timeoutNs: number, retries = 0) {
  const out: { resp?: HttpResponse; at?: number } = {};
  const g = new ProcessGroup(env.sim, "client", env.a);
  g.spawn((function* () {
    out.resp = yield* httpRequest(env.net, env.a, () => server, { method: "GET", path: "/", route: "GET /", headers: { "x-auth-token": "t" }, bodyBytes: 0 }, { timeoutNs, retries });
    out.at = env.sim.now;
  })());
  return out;
}

test("HTTP: response after two link hops and the work; timeout when the server's host is cut off", (t) => {
  const env = lan();
  const echo = new Echo(env.sim, env.b, 5 * MS);
  const ok = call(env, echo, 1 * S);
  env.sim.run();
  t.is(ok.resp?.status, 200);
  t.is(ok.at, 7 * MS);
  env.net.partitionOneway(env.b, env.a); // requests get there, responses do not
  const start = env.sim.now;
  const lost = call(env, echo, 1 * S);
  env.sim.run();
  t.is(lost.resp?.error, "timeout");
  t.is(lost.at, start + 1 * S);
});

test("HTTP: a dead process refuses the connection quickly; a process killed mid-request resets it; retries apply to both", (t) => {
  const env = lan();
  const echo = new Echo(env.sim, env.b, 50 * MS);
  echo.group.crash();
  const refused = call(env, echo, 10 * S, 1);
  env.sim.schedule(100 * MS, () => echo.group.restart());
  env.sim.run();
  // First attempt refused at 2 ms, retry after 500 ms backoff, then served: 502 + 52 ms.
  t.is(refused.resp?.status, 200);
  t.is(refused.at, 2 * MS + 500 * MS + 52 * MS);
  const reset = call(env, echo, 10 * S, 0);
  env.sim.schedule(20 * MS, () => echo.group.crash());
  env.sim.run();
  t.is(reset.resp?.error, "connection reset");
});

test("a link draws its stream net/<from>-><to> exactly as the named stream would, links side by side", (t) => {
  const sim = new Simulation({ seed: "links" });
  const net = new Network(sim, {
    defaultLink: { latency: { kind: "uniform", min: 1 * MS, max: 2 * MS }, loss: 0.3 },
    loopback: { latency: { kind: "constant", value: 10 * US } },
  });
  const hosts = Array.from({ length: 40 }, (_, i) => new Host(sim, `h${i}`, "compute"));
  for (const h of hosts) net.addHost(h);
  // Enough links to grow the shared state array several times; draws interleave across them.
  const pairs = hosts.flatMap((a, i) => hosts.slice(i + 1, i + 4).map((b) => [a, b] as const));
  const streams = pairs.map(([a, b]) => new Stream("links", `net/${a.name}->${b.name}`));
  for (let round = 0; round < 5; round++) {
    pairs.forEach(([a, b], k) => {
      const link = net.link(a, b);
      const s = streams[k]!;
      t.is(link.next(), s.next());
      t.is(link.stream.next(), s.next());
    });
  }
});
