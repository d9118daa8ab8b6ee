import test from "ava";
import { EventStateError, KernelError, Simulation, UnhandledFailureError } from "../../sim/kernel/index.ts";
import type { SimEvent } from "../../sim/kernel/index.ts";
import { trace } from "./helpers.ts";

test("an event succeeded by one process resumes every waiter with its value, in waiting order", (t) => {
  const out = trace((sim, log) => {
    const ready = sim.event<string>();
    for (const name of ["w1", "w2"]) {
      sim.process((function* () {
        const v = yield ready;
        log(`${name} got ${v}`);
      })());
    }
    sim.process((function* () {
      yield sim.timeout(7);
      ready.succeed("go");
      log("signalled");
    })());
  });
  t.deepEqual(out, ["7 signalled", "7 w1 got go", "7 w2 got go"]);
});

test("event state: pending, triggered, processed; ok and value", (t) => {
  const sim = new Simulation();
  const ev = sim.event<number>();
  t.false(ev.triggered);
  t.false(ev.ok);
  ev.succeed(42);
  t.true(ev.triggered);
  t.false(ev.processed);
  t.true(ev.ok);
  t.is(ev.value, 42);
  sim.run();
  t.true(ev.processed);
});

test("an event cannot be triggered twice", (t) => {
  const sim = new Simulation();
  const ev = sim.event();
  ev.succeed(1);
  t.throws(() => ev.succeed(2), { instanceOf: EventStateError, message: "cannot succeed an event that was already triggered" });
  t.throws(() => ev.fail(new Error("x")), { instanceOf: EventStateError });
  t.throws(() => sim.timeout(1).succeed(), { instanceOf: EventStateError, message: "cannot succeed a timeout event that was already triggered" });
});

test("a failed event throws its error into the waiting process, which may catch it", (t) => {
  const out = trace((sim, log) => {
    const ev = sim.event();
    sim.process((function* () {
      try {
        yield ev;
        log("not reached");
      } catch (e) {
        log(`caught ${(e as Error).message}`);
      }
      yield sim.timeout(1);
      log("carries on");
    })());
    sim.schedule(3, () => ev.fail(new Error("disk full")));
  });
  t.deepEqual(out, ["3 caught disk full", "4 carries on"]);
});

test("a failed event nobody waits on stops the run with UnhandledFailureError; defuse() silences it", (t) => {
  const sim = new Simulation();
  sim.schedule(2, () => sim.event().fail(new Error("lost")));
  const err = t.throws(() => sim.run(), { instanceOf: UnhandledFailureError });
  t.is(err!.message, "unhandled failure of an event at virtual time 2ns: Error: lost");
  t.true(err!.cause instanceof Error);

  const quiet = new Simulation();
  quiet.schedule(2, () => quiet.event().fail(new Error("lost")).defuse());
  t.is(quiet.run().stoppedBy, "empty");
});

test("yielding an already-processed event continues at once with its value", (t) => {
  const out = trace((sim, log) => {
    const done = sim.timeout(1, "early");
    sim.process((function* () {
      yield sim.timeout(5);
      const v = yield done;
      log(String(v));
    })());
  });
  t.deepEqual(out, ["5 early"]);
});

test("waiting on a process gives its return value", (t) => {
  const out = trace((sim, log) => {
    const child = sim.process((function* () {
      yield sim.timeout(10);
      return 99;
    })(), "child");
    sim.process((function* () {
      const v = yield child;
      log(`child returned ${v}; alive=${child.isAlive}`);
      const again = yield child;
      log(`again ${again}`);
    })());
  });
  t.deepEqual(out, ["10 child returned 99; alive=false", "10 again 99"]);
});

test("waiting on a process that throws rethrows its error in the waiter", (t) => {
  const out = trace((sim, log) => {
    const child = sim.process((function* () {
      yield sim.timeout(4);
      throw new Error("boom");
    })());
    sim.process((function* () {
      try {
        yield child;
      } catch (e) {
        log(`parent saw ${(e as Error).message}; child ok=${child.ok}`);
      }
    })());
  });
  t.deepEqual(out, ["4 parent saw boom; child ok=false"]);
});

test("yielding something that is not an event throws a typed error at the yield", (t) => {
  const out = trace((sim, log) => {
    const other = new Simulation();
    sim.process((function* () {
      for (const bad of [42, other.timeout(1)]) {
        try {
          yield bad;
        } catch (e) {
          log(`${(e as Error).constructor.name}: ${(e as Error).message}`);
        }
      }
    })(), "confused");
  });
  t.deepEqual(out, [
    '0 KernelError: process "confused" yielded 42; a process may only yield events of its own simulation (timeout, event, process, all/any, request, put/get)',
    '0 KernelError: process "confused" yielded an event of another simulation; a process may only yield events of its own simulation (timeout, event, process, all/any, request, put/get)',
  ]);
});

test("process() rejects a generator function that was not called", (t) => {
  const sim = new Simulation();
  const fn = function* () {};
  t.throws(() => sim.process(fn as unknown as Generator), { instanceOf: KernelError, message: /expects a generator object/ });
});

test("all() waits for every child and gives their values in order", (t) => {
  const out = trace((sim, log) => {
    sim.process((function* () {
      const child = sim.process((function* () {
        yield sim.timeout(3);
        return "c";
      })());
      const values = yield sim.all([sim.timeout(5, "a"), sim.timeout(1, "b"), child]);
      log(JSON.stringify(values));
      log(JSON.stringify(yield sim.all([])));
    })());
  });
  t.deepEqual(out, ['5 ["a","b","c"]', "5 []"]);
});

test("all() fails with the first child's failure; later failures count as handled", (t) => {
  const out = trace((sim, log) => {
    const a = sim.event();
    const b = sim.event();
    sim.process((function* () {
      try {
        yield sim.all([sim.timeout(10), a, b]);
      } catch (e) {
        log(`all failed: ${(e as Error).message}`);
      }
    })());
    sim.schedule(2, () => a.fail(new Error("a broke")));
    sim.schedule(3, () => b.fail(new Error("b broke")));
  });
  t.deepEqual(out, ["2 all failed: a broke"]);
});

test("any() gives the first child to succeed, with its index", (t) => {
  const out = trace((sim, log) => {
    sim.process((function* () {
      const r = yield sim.any([sim.timeout(30, "slow"), sim.timeout(20, "fast")]);
      log(`${r.index} ${r.value}`);
    })());
  });
  t.deepEqual(out, ["20 1 fast"]);
});

test("any() fails when a child fails before any succeeds; empty any() is an error", (t) => {
  const out = trace((sim, log) => {
    const ev: SimEvent<number> = sim.event<number>();
    sim.process((function* () {
      try {
        yield sim.any([sim.timeout(30), ev]);
      } catch (e) {
        log(`caught ${(e as Error).message}`);
      }
    })());
    sim.schedule(1, () => ev.fail(new Error("refused")));
  });
  t.deepEqual(out, ["1 caught refused"]);
  t.throws(() => new Simulation().any([]), { instanceOf: KernelError, message: "any() needs at least one event" });
  t.throws(() => new Simulation().all([42 as never]), { instanceOf: KernelError, message: "all() item 0 is not an event of this simulation" });
});

test("conditions over already-processed events resolve immediately", (t) => {
  const out = trace((sim, log) => {
    const early = sim.timeout(1, "x");
    sim.process((function* () {
      yield sim.timeout(2);
      log(JSON.stringify(yield sim.all([early])));
      log(JSON.stringify((yield sim.any([sim.timeout(5), early])).value));
    })());
  });
  t.deepEqual(out, ['2 ["x"]', '2 "x"']);
});

test("a child that fails after any() already resolved counts as handled (a late RPC error after a timeout)", (t) => {
  const out = trace((sim, log) => {
    const rpc = sim.process((function* () {
      yield sim.timeout(50);
      throw new Error("late failure");
    })(), "rpc");
    sim.process((function* () {
      const r = yield sim.any([rpc, sim.timeout(10, "timed out")]);
      log(String(r.value));
    })());
  });
  t.deepEqual(out, ["10 timed out"]);
});
