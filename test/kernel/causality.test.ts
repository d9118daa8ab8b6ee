// The kernel's causality record: each point's predecessor is whoever ended the wait, a request's
// path stays inside its scope, and observing changes nothing about the run.
import test from "ava";
import fc from "fast-check";
import { Causality, Resource, SEGMENT_KINDS, Simulation, Store } from "../../sim/kernel/index.ts";
import type { CausalPoint } from "../../sim/kernel/index.ts";

/** The critical path ending at `end`: "from-to kind label", earliest first, zero-length steps left out. */
function path(end: CausalPoint): string[] {
  const out: string[] = [];
  for (let p = end; p.prev !== null; p = p.prev) if (p.t > p.prev.t) out.push(`${p.prev.t}-${p.t} ${SEGMENT_KINDS[p.kind]} ${String(p.label)}`);
  return out.reverse();
}

function observed(): { sim: Simulation; causality: Causality; ends: CausalPoint[] } {
  const sim = new Simulation();
  const causality = new Causality();
  sim.observeCausality(causality);
  const ends: CausalPoint[] = [];
  causality.onScopeEnd = (_scope, end) => ends.push(end);
  return { sim, causality, ends };
}

test("a request's path follows its own work, the last child of a fan-in, and a message's round trip", (t) => {
  const { sim, causality: c, ends } = observed();
  sim.process(
    (function* () {
      const scope = c.beginScope("client");
      yield sim.timeout(5);
      const a = sim.process((function* () { c.enter("A"); yield sim.timeout(10); })());
      const b = sim.process((function* () { c.enter("B"); yield sim.timeout(30); })());
      yield sim.all([a, b]);
      const reply = sim.event();
      // A request travels 7 ns to a server that works 4 ns and answers in 3 ns.
      sim.schedule(7, () => {
        sim.process((function* () {
          c.enter("S");
          yield sim.timeout(4);
          sim.schedule(3, () => reply.succeed());
        })());
      });
      yield reply;
      yield sim.timeout(1);
      c.endScope(scope, null);
    })(),
  );
  sim.run();
  t.is(ends.length, 1);
  t.deepEqual(path(ends[0]!), ["0-5 own client", "5-35 own B", "35-42 transit client", "42-46 own S", "46-49 transit S", "49-50 own client"]);
});

test("the join keeps the other children as predecessors, and a resumed process keeps its own history", (t) => {
  const { sim, causality: c, ends } = observed();
  const childEnds: CausalPoint[] = [];
  sim.process(
    (function* () {
      const scope = c.beginScope("p");
      const kids = [3, 9].map((d) => sim.process((function* () { yield sim.timeout(d); childEnds.push(c.mark()); })()));
      yield sim.all(kids);
      c.endScope(scope, null);
    })(),
  );
  sim.run();
  const join = ends[0]!;
  // The process's point after the all(): caused by the join, whose predecessor is the child that ended last.
  t.is(join.prev!.prev, childEnds[1]!);
  t.deepEqual(join.prev!.also, [childEnds[0]!]);
  t.not(join.prog, null); // its own point before it waited
});

test("a wait that another request ends is the waiter's own time: the path stays in its scope", (t) => {
  const { sim, causality: c, ends } = observed();
  const pool = new Resource(sim, { capacity: 1 });
  sim.process(
    (function* () {
      c.beginScope("other");
      const slot = yield pool.request();
      yield sim.timeout(20);
      pool.release(slot);
    })(),
  );
  sim.process(
    (function* () {
      const scope = c.beginScope("mine");
      yield sim.timeout(5);
      const slot = yield pool.request();
      yield sim.timeout(2);
      pool.release(slot);
      c.endScope(scope, null);
    })(),
  );
  sim.run();
  t.deepEqual(path(ends[0]!), ["0-5 own mine", "5-20 wait mine", "20-22 own mine"]);
});

test("within one scope, a released slot is a true predecessor", (t) => {
  const { sim, causality: c, ends } = observed();
  const pool = new Resource(sim, { capacity: 1 });
  sim.process(
    (function* () {
      const scope = c.beginScope("req");
      const holder = sim.process((function* () { c.enter("holder"); const s = yield pool.request(); yield sim.timeout(20); pool.release(s); })());
      const waiter = sim.process((function* () { c.enter("waiter"); yield sim.timeout(1); const s = yield pool.request(); yield sim.timeout(2); pool.release(s); })());
      yield sim.all([holder, waiter]);
      c.endScope(scope, null);
    })(),
  );
  sim.run();
  t.deepEqual(path(ends[0]!), ["0-20 own holder", "20-22 own waiter"]);
});

test("a timer callback is a wait, a plain callback a message in transit", (t) => {
  const { sim, causality: c, ends } = observed();
  sim.process(
    (function* () {
      const scope = c.beginScope("w");
      const fired = sim.event();
      sim.schedule(8, () => fired.succeed(), true);
      yield fired;
      const msg = sim.event();
      sim.schedule(3, () => msg.succeed());
      yield msg;
      c.endScope(scope, null);
    })(),
  );
  sim.run();
  t.deepEqual(path(ends[0]!), ["0-8 wait w", "8-11 transit w"]);
});

test("resumeFrom continues a scope's action from where it waited, with the label given", (t) => {
  const { sim, causality: c, ends } = observed();
  let parked: CausalPoint | null = null;
  const done = sim.event();
  sim.process(
    (function* () {
      const scope = c.beginScope("req");
      parked = c.current;
      yield done;
      c.endScope(scope, null);
    })(),
  );
  // Something outside the scope acts on its behalf 6 ns later (a shared timer list, a queue pump).
  sim.schedule(6, () => c.resumeFrom(parked, () => sim.schedule(2, () => done.succeed()), "queued"));
  sim.run();
  t.deepEqual(path(ends[0]!), ["0-6 wait queued", "6-8 transit queued"]);
});

// The determinism test's random program (test/kernel/determinism.test.ts), with or without an observer.
function runProgram(seed: string, processes: number, steps: number, observe: boolean, ends: CausalPoint[] = []): Simulation {
  const sim = new Simulation({ seed });
  if (observe) {
    const c = new Causality();
    c.onScopeEnd = (_scope, end) => ends.push(end);
    sim.observeCausality(c);
  }
  const pool = new Resource(sim, { capacity: 2 });
  const mailbox = new Store<number>(sim, { capacity: 3 });
  for (let p = 0; p < processes; p++) {
    const rnd = sim.rng.stream(`proc.${p}`);
    sim.process((function* () {
      const scope = observe && p % 2 === 0 ? sim.causality!.beginScope(`p${p}`) : 0;
      for (let s = 0; s < steps; s++) {
        const choice = Math.floor(rnd.next() * 4);
        if (choice === 0) yield sim.timeout(Math.floor(rnd.next() * 1000));
        else if (choice === 1) {
          const req = yield pool.request();
          yield sim.timeout(Math.floor(rnd.next() * 100));
          pool.release(req);
        } else if (choice === 2) yield sim.any([mailbox.put(s), sim.timeout(50)]);
        else yield sim.any([mailbox.get(), sim.timeout(Math.floor(rnd.next() * 200))]);
      }
      if (scope !== 0) sim.causality!.endScope(scope, null);
    })(), `p${p}`);
  }
  sim.run();
  return sim;
}

test("observing causality leaves the event log unchanged", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 30 }), (seed, processes, steps) => {
        const plain = runProgram(seed, processes, steps, false);
        const seen = runProgram(seed, processes, steps, true);
        return plain.eventLog.hash() === seen.eventLog.hash() && plain.eventLog.count === seen.eventLog.count;
      }),
    ),
  );
});

test("every point's predecessors were created before it", (t) => {
  const ends: CausalPoint[] = [];
  runProgram("order", 6, 40, true, ends);
  t.is(ends.length, 3);
  // Walk back from where each scope ended: ids and times never increase along a link.
  let links = 0;
  t.notThrows(() => {
    const seen = new Set<CausalPoint>();
    const stack = [...ends];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      for (const q of [p.prev, p.prog, ...(p.also ?? [])]) {
        if (q === null) continue;
        if (q.id >= p.id || q.t > p.t) throw new Error(`point ${p.id} has predecessor ${q.id}`);
        links++;
        stack.push(q);
      }
    }
  });
  t.true(links > 40);
});
