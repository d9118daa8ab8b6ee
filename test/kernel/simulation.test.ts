import test from "ava";
import fc from "fast-check";
import { KernelError, MS, RunawayError, S, Simulation, UnhandledFailureError } from "../../sim/kernel/index.ts";
import { trace } from "./helpers.ts";

test("events at equal times run in scheduling order; earlier times first", (t) => {
  const out = trace((sim, log) => {
    for (const [name, delay] of [["a", 5], ["b", 3], ["c", 5], ["d", 3], ["e", 0]] as const) {
      sim.process((function* () {
        yield sim.timeout(delay);
        log(name);
      })());
    }
  });
  t.deepEqual(out, ["0 e", "3 b", "3 d", "5 a", "5 c"]);
});

test("a timeout resumes its process after exactly the delay, with the given value", (t) => {
  const out = trace((sim, log) => {
    sim.process((function* () {
      const v = yield sim.timeout(250 * MS, "tick");
      log(String(v));
      yield sim.timeout(0);
      log("zero");
    })());
  });
  t.deepEqual(out, ["250000000 tick", "250000000 zero"]);
});

test("processes start at the time they are created, after already-queued events at that time", (t) => {
  const out = trace((sim, log) => {
    sim.schedule(0, () => log("timer"));
    sim.process((function* () {
      log("started");
      yield sim.timeout(1);
      sim.process((function* () {
        log("child");
      })());
      log("parent continues");
    })());
  });
  t.deepEqual(out, ["0 timer", "0 started", "1 parent continues", "1 child"]);
});

test("schedule() runs plain callbacks at the right time and in order", (t) => {
  const out = trace((sim, log) => {
    sim.schedule(10, () => log("x"));
    sim.schedule(5, () => {
      log("y");
      sim.schedule(5, () => log("z"));
    });
  });
  t.deepEqual(out, ["5 y", "10 x", "10 z"]);
});

test("bad delays are rejected with a typed error", (t) => {
  const sim = new Simulation();
  for (const bad of [-1, 1.5, Number.NaN, Infinity]) {
    const err = t.throws(() => sim.timeout(bad), { instanceOf: KernelError });
    t.regex(err!.message, /timeout\(\) delay must be a non-negative integer number of nanoseconds/);
  }
  t.throws(() => sim.schedule(-5, () => {}), { instanceOf: KernelError });
});

test("run({until}) stops at the time, runs events exactly at it, and sets now to it", (t) => {
  const sim = new Simulation();
  const seen: number[] = [];
  sim.process((function* () {
    for (;;) {
      yield sim.timeout(10);
      seen.push(sim.now);
    }
  })());
  const r = sim.run({ until: 30 });
  t.deepEqual(seen, [10, 20, 30]);
  t.deepEqual(r, { now: 30, events: 4, stoppedBy: "until" });
  t.is(sim.now, 30);
  sim.run({ until: 45 });
  t.deepEqual(seen, [10, 20, 30, 40]);
  t.is(sim.now, 45);
  t.throws(() => sim.run({ until: 10 }), { instanceOf: KernelError, message: /needs a virtual time >= now \(45 ns\)/ });
});

test("run({steps}) processes exactly that many events; run() drains the queue", (t) => {
  const sim = new Simulation();
  sim.process((function* () {
    for (let i = 0; i < 5; i++) yield sim.timeout(1);
  })());
  t.deepEqual(sim.run({ steps: 3 }), { now: 2, events: 3, stoppedBy: "steps" });
  t.deepEqual(sim.run(), { now: 5, events: 4, stoppedBy: "empty" });
  t.is(sim.eventLog.count, 7);
  t.is(sim.peek(), Infinity);
});

test("maxEvents guard stops a runaway run naming the virtual time and the last process", (t) => {
  const sim = new Simulation({ maxEvents: 100 });
  sim.process((function* () {
    for (;;) yield sim.timeout(1 * MS);
  })(), "spinner");
  const err = t.throws(() => sim.run(), { instanceOf: RunawayError });
  t.is(err!.message, 'simulation runaway: more than maxEvents=100 events at virtual time 99ms (99000000 ns) after 100 events; last process that ran: "spinner"');
  t.is(err!.guard, "maxEvents");
  t.is(err!.now, 99 * MS);
  t.is(err!.lastProcess, "spinner");
});

test("maxTime guard stops before an event beyond the limit", (t) => {
  const sim = new Simulation({ maxTime: 2 * S });
  sim.process((function* () {
    for (;;) yield sim.timeout(750 * MS);
  })(), "poller");
  const err = t.throws(() => sim.run(), { instanceOf: RunawayError });
  t.is(err!.message, 'simulation runaway: the next event lies at 2250000000 ns, beyond maxTime 2000000000 ns at virtual time 1.5s (1500000000 ns) after 3 events; last process that ran: "poller"');
  t.is(sim.now, 1500 * MS);
  // until below maxTime is an ordinary stop, not a runaway.
  const ok = new Simulation({ maxTime: 2 * S });
  ok.process((function* () {
    for (;;) yield ok.timeout(750 * MS);
  })());
  t.is(ok.run({ until: 1 * S }).stoppedBy, "until");
});

test("run() cannot be re-entered from a process", (t) => {
  const sim = new Simulation();
  sim.process((function* () {
    yield sim.timeout(1);
    sim.run();
  })(), "reentrant");
  // Nobody waits on the process, so its error surfaces from run() instead of vanishing.
  const err = t.throws(() => sim.run(), { instanceOf: UnhandledFailureError });
  t.is(
    err!.message,
    'unhandled failure of process "reentrant" at virtual time 1ns (raised by process "reentrant"): KernelError: run() was called while the simulation is already running (from a process or callback)',
  );
});

test("virtual time never decreases, whatever the mix of delays and processes", (t) => {
  t.notThrows(() => fc.assert(
    fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 20 }), { minLength: 1, maxLength: 10 }), (programs) => {
      const sim = new Simulation();
      const times: number[] = [];
      programs.forEach((delays) => {
        sim.process((function* () {
          for (const d of delays) {
            yield sim.timeout(d);
            times.push(sim.now);
            if (d % 3 === 0) sim.schedule(d % 7, () => times.push(sim.now));
          }
        })());
      });
      sim.run();
      return times.every((x, i) => i === 0 || x >= times[i - 1]!);
    }),
  ));
});
