import test from "ava";
import fc from "fast-check";
import { describeEntry, firstDifference, Resource, Simulation, Store } from "../../sim/kernel/index.ts";

// A random "program": processes that draw from their own streams to decide what to do next.
interface Program {
  processes: number;
  steps: number;
}

function runProgram(seed: string, program: Program, record = false): Simulation {
  const sim = new Simulation({ seed });
  sim.eventLog.record = record;
  const pool = new Resource(sim, { capacity: 2 });
  const mailbox = new Store<number>(sim, { capacity: 3 });
  for (let p = 0; p < program.processes; p++) {
    const rnd = sim.rng.stream(`proc.${p}`);
    sim.process((function* () {
      for (let s = 0; s < program.steps; s++) {
        const choice = Math.floor(rnd.next() * 4);
        if (choice === 0) yield sim.timeout(Math.floor(rnd.next() * 1000));
        else if (choice === 1) {
          const req = yield pool.request();
          yield sim.timeout(Math.floor(rnd.next() * 100));
          pool.release(req);
        } else if (choice === 2) yield sim.any([mailbox.put(s), sim.timeout(50)]);
        else yield sim.any([mailbox.get(), sim.timeout(Math.floor(rnd.next() * 200))]);
      }
    })(), `p${p}`);
  }
  sim.run();
  return sim;
}

const programs = fc.record({ processes: fc.integer({ min: 1, max: 6 }), steps: fc.integer({ min: 1, max: 30 }) });

test("one seed gives the same event-log hash on every run", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), programs, (seed, program) => {
        const a = runProgram(seed, program);
        const b = runProgram(seed, program);
        return a.eventLog.hash() === b.eventLog.hash() && a.eventLog.count === b.eventLog.count && a.now === b.now;
      }),
    ),
  );
});

test("two seeds give different event-log hashes", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (s1, s2) => {
        fc.pre(s1 !== s2);
        const program = { processes: 4, steps: 20 };
        return runProgram(s1, program).eventLog.hash() !== runProgram(s2, program).eventLog.hash();
      }),
    ),
  );
});

test("the hash is a 16-digit hex string and changes with every event", (t) => {
  const sim = new Simulation();
  const seen = new Set([sim.eventLog.hash()]);
  sim.process((function* () {
    for (let i = 0; i < 50; i++) {
      yield sim.timeout(1);
      seen.add(sim.eventLog.hash());
    }
  })());
  sim.run();
  t.regex(sim.eventLog.hash(), /^[0-9a-f]{16}$/);
  t.is(seen.size, 51);
  t.is(sim.eventLog.count, 52); // init, 50 timeouts, the process ending
});

test("recorded logs locate the first differing event between two runs", (t) => {
  const program = { processes: 3, steps: 15 };
  const a = runProgram("alpha", program, true);
  const same = runProgram("alpha", program, true);
  t.is(firstDifference(a.eventLog.entries, same.eventLog.entries), null);
  t.is(a.eventLog.entries.length, a.eventLog.count);

  const b = runProgram("beta", program, true);
  const diff = firstDifference(a.eventLog.entries, b.eventLog.entries);
  t.not(diff, null);
  const i = diff!.index;
  t.deepEqual(a.eventLog.entries.slice(0, i), b.eventLog.entries.slice(0, i));
  t.notDeepEqual(diff!.a, diff!.b);
  t.regex(describeEntry(diff!.a), /^#\d+ t=\d+ns seq=\d+ \w+ by /);
});

test("entries name the time, sequence, process and kind of each event", (t) => {
  const sim = new Simulation();
  sim.eventLog.record = true;
  sim.process((function* () {
    yield sim.timeout(5);
  })(), "solo");
  sim.schedule(2, () => {});
  sim.run();
  t.deepEqual(
    sim.eventLog.entries.map((e) => describeEntry(e)),
    ['#0 t=0ns seq=0 init by no process', "#1 t=2ns seq=1 callback by no process", '#2 t=5ns seq=2 timeout by "solo"', '#3 t=5ns seq=3 process by "solo"'],
  );
  t.is(describeEntry(undefined), "(end of log)");
  t.deepEqual(firstDifference(sim.eventLog.entries, sim.eventLog.entries.slice(0, 2)), { index: 2, a: sim.eventLog.entries[2], b: undefined });
});
