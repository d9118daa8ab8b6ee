import test from "ava";
import { Interrupt, KernelError, Resource, Simulation, Store } from "../../sim/kernel/index.ts";
import type { Process } from "../../sim/kernel/index.ts";
import { trace } from "./helpers.ts";

test("an interrupt is thrown at the current yield, carries its cause, and can be caught", (t) => {
  const out = trace((sim, log) => {
    const worker = sim.process((function* () {
      try {
        yield sim.timeout(100);
        log("not reached");
      } catch (e) {
        t.true(e instanceof Interrupt);
        log(`${(e as Interrupt).message}; cause=${JSON.stringify((e as Interrupt).cause)}`);
      }
      yield sim.timeout(5);
      log("recovered");
      return "done";
    })(), "worker");
    sim.process((function* () {
      yield sim.timeout(10);
      worker.interrupt({ reason: "host crash" });
      log(`result ${yield worker}`);
    })());
  });
  t.deepEqual(out, ['10 interrupted: {"reason":"host crash"}; cause={"reason":"host crash"}', "15 recovered", "15 result done"]);
});

test("the abandoned timeout does not resume the interrupted process later", (t) => {
  const out = trace((sim, log) => {
    const p = sim.process((function* () {
      try {
        yield sim.timeout(50);
      } catch {
        log("interrupted");
      }
      yield sim.timeout(100);
      log("second wait over");
    })());
    sim.schedule(10, () => p.interrupt());
  });
  t.deepEqual(out, ["10 interrupted", "110 second wait over"]);
});

test("an uncaught interrupt ends the process (a crash) without failing the run; joiners see it", (t) => {
  const out = trace((sim, log) => {
    const victim = sim.process((function* () {
      yield sim.timeout(100);
    })(), "victim");
    const lonely = sim.process((function* () {
      yield sim.timeout(100);
    })(), "lonely");
    sim.process((function* () {
      yield sim.timeout(1);
      victim.interrupt("kill");
      lonely.interrupt("kill");
      try {
        yield victim;
      } catch (e) {
        log(`joiner saw ${(e as Error).name}: ${(e as Error).message}`);
      }
      log(`alive: ${victim.isAlive} ${lonely.isAlive}`);
    })());
  });
  t.deepEqual(out, ['1 joiner saw Interrupt: interrupted: "kill"', "1 alive: false false"]);
});

test("interrupting an ended process or oneself is a typed error", (t) => {
  const sim = new Simulation();
  const done = sim.process((function* () {})(), "short");
  let selfError: unknown;
  const holder: { self?: Process } = {};
  holder.self = sim.process((function* (): Generator<never, void, unknown> {
    try {
      holder.self!.interrupt();
    } catch (e) {
      selfError = e;
    }
  })(), "narcissus");
  sim.run();
  t.throws(() => done.interrupt(), { instanceOf: KernelError, message: 'cannot interrupt process "short": it has already ended' });
  t.true(selfError instanceof KernelError);
  t.is((selfError as Error).message, 'process "narcissus" cannot interrupt itself');
});

test("a process interrupted while queued for a resource leaves the queue; nothing leaks", (t) => {
  const sim = new Simulation();
  const pool = new Resource(sim, { capacity: 1, name: "db-pool" });
  const log: string[] = [];
  const use = (name: string, hold: number) =>
    sim.process((function* () {
      try {
        const req = yield pool.request();
        try {
          log.push(`${sim.now} ${name} got slot`);
          yield sim.timeout(hold);
        } finally {
          pool.release(req);
        }
      } catch (e) {
        log.push(`${sim.now} ${name} ${(e as Error).message}; queue=${pool.queueLength}`);
      }
    })(), name);
  use("holder", 10);
  const waiter = use("waiter", 5);
  use("next", 5);
  sim.schedule(3, () => waiter.interrupt("timeout"));
  sim.run();
  t.deepEqual(log, ["0 holder got slot", '3 waiter interrupted: "timeout"; queue=1', "10 next got slot"]);
  t.is(pool.inUse, 0);
  t.is(pool.queueLength, 0);
  t.is(pool.stats.withdrawn, 1);
  t.is(pool.stats.grants, 2);
});

test("an interrupt that lands after a slot was granted but before the process saw it returns the slot", (t) => {
  const sim = new Simulation();
  const pool = new Resource(sim, { capacity: 1 });
  const log: string[] = [];
  let victim: ReturnType<typeof sim.process> | undefined;
  sim.process((function* () {
    const req = yield pool.request();
    yield sim.timeout(10);
    // Interrupt first (queued at t=10), then release: the grant to the victim is queued after it.
    victim!.interrupt("late");
    pool.release(req);
  })());
  victim = sim.process((function* () {
    try {
      yield pool.request();
      log.push("victim got slot");
    } catch {
      log.push(`${sim.now} victim interrupted; inUse=${pool.inUse}`);
    }
  })());
  sim.process((function* () {
    yield sim.timeout(1);
    const req = yield pool.request();
    log.push(`${sim.now} third got slot`);
    pool.release(req);
  })());
  sim.run();
  // The slot the victim never saw passed straight to the next in line (inUse stays 1, held by "third").
  t.deepEqual(log, ["10 victim interrupted; inUse=1", "10 third got slot"]);
  t.is(pool.stats.grants, 3);
  t.is(pool.inUse, 0);
});

test("a process interrupted in a store get leaves no getter behind: the next item goes to the next getter", (t) => {
  const sim = new Simulation();
  const box = new Store<string>(sim, { name: "mailbox" });
  const log: string[] = [];
  const reader = (name: string) =>
    sim.process((function* () {
      try {
        const item = yield box.get();
        log.push(`${sim.now} ${name} got ${item}`);
      } catch (e) {
        log.push(`${sim.now} ${name} ${(e as Error).message}`);
      }
    })());
  const first = reader("first");
  reader("second");
  sim.schedule(2, () => first.interrupt());
  sim.schedule(5, () => box.put("hello"));
  sim.run();
  t.deepEqual(log, ["2 first interrupted", "5 second got hello"]);
  t.is(box.waitingGets, 0);
  t.deepEqual(box.items, []);
});

test("an item handed to a getter that is interrupted before seeing it goes back to the store", (t) => {
  const sim = new Simulation();
  const box = new Store<string>(sim);
  let reader: ReturnType<typeof sim.process> | undefined;
  reader = sim.process((function* () {
    try {
      yield box.get();
    } catch {
      // interrupted: the item must not be lost
    }
  })());
  sim.schedule(4, () => {
    reader!.interrupt();
    box.put("parcel");
  });
  sim.run();
  t.deepEqual(box.items, ["parcel"]);
});

test("a process interrupted while blocked in put() withdraws its item", (t) => {
  const sim = new Simulation();
  const box = new Store<number>(sim, { capacity: 1 });
  const log: string[] = [];
  const writer = sim.process((function* () {
    yield box.put(1);
    try {
      yield box.put(2);
    } catch (e) {
      log.push(`${sim.now} ${(e as Error).message}`);
    }
  })());
  sim.schedule(3, () => writer.interrupt());
  sim.run();
  t.deepEqual(log, ["3 interrupted"]);
  t.deepEqual(box.items, [1]);
  t.is(box.waitingPuts, 0);
});

test("a process interrupted while waiting on all([request, timeout]) withdraws the request", (t) => {
  const sim = new Simulation();
  const pool = new Resource(sim, { capacity: 1 });
  const held = pool.request();
  const p = sim.process((function* () {
    try {
      yield sim.all([pool.request(), sim.timeout(100)]);
    } catch {
      // crash
    }
  })());
  sim.schedule(5, () => p.interrupt());
  sim.schedule(6, () => pool.release(held));
  sim.run();
  t.is(pool.inUse, 0);
  t.is(pool.queueLength, 0);
});
