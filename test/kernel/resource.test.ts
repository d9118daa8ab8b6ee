import test from "ava";
import fc from "fast-check";
import { KernelError, Resource, Simulation } from "../../sim/kernel/index.ts";
import type { Request } from "../../sim/kernel/index.ts";

test("waiting requests are granted in FIFO order", (t) => {
  const sim = new Simulation();
  const pool = new Resource(sim, { capacity: 1, name: "api-workers" });
  const order: string[] = [];
  for (const name of ["a", "b", "c", "d"]) {
    sim.process((function* () {
      const req: Request = yield pool.request();
      order.push(`${sim.now} ${name}`);
      yield sim.timeout(10);
      pool.release(req);
    })());
  }
  sim.run();
  t.deepEqual(order, ["0 a", "10 b", "20 c", "30 d"]);
});

test("a request's value is the request itself", (t) => {
  const sim = new Simulation();
  const pool = new Resource(sim, { capacity: 2 });
  let same = false;
  sim.process((function* () {
    const req = pool.request();
    same = (yield req) === req;
    pool.release(req);
  })());
  sim.run();
  t.true(same);
});

test("capacity is never exceeded and every request is served in arrival order (random workloads)", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ arrive: fc.integer({ min: 0, max: 50 }), hold: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 40 }),
        (capacity, jobs) => {
          const sim = new Simulation();
          const pool = new Resource(sim, { capacity });
          let maxInUse = 0;
          const requested: number[] = [];
          const granted: number[] = [];
          jobs.forEach((job, i) => {
            sim.process((function* () {
              yield sim.timeout(job.arrive);
              requested.push(i);
              const req = yield pool.request();
              granted.push(i);
              maxInUse = Math.max(maxInUse, pool.inUse);
              yield sim.timeout(job.hold);
              pool.release(req);
            })());
          });
          sim.run();
          return maxInUse <= capacity && granted.join() === requested.join() && pool.inUse === 0 && pool.queueLength === 0;
        },
      ),
    ),
  );
});

test("raising capacity grants waiters at once; lowering it never revokes granted slots", (t) => {
  const sim = new Simulation();
  const pool = new Resource(sim, { capacity: 2, name: "builds" });
  const log: string[] = [];
  for (const name of ["a", "b", "c", "d"]) {
    sim.process((function* () {
      const req = yield pool.request();
      log.push(`${sim.now} ${name} in (inUse=${pool.inUse})`);
      yield sim.timeout(10);
      pool.release(req);
    })());
  }
  sim.schedule(5, () => {
    pool.capacity = 0; // a misconfigured limit
  });
  sim.schedule(30, () => {
    pool.capacity = 3;
  });
  sim.run();
  // Slots are granted when requested, so both holders count by the time either runs.
  t.deepEqual(log, ["0 a in (inUse=2)", "0 b in (inUse=2)", "30 c in (inUse=2)", "30 d in (inUse=2)"]);
  t.is(pool.stats.maxWait, 30);
  t.throws(() => {
    pool.capacity = -1;
  }, { instanceOf: KernelError, message: 'resource "builds": capacity must be a non-negative integer or Infinity, got -1' });
  t.throws(() => new Resource(sim, { capacity: 1.5 }), { instanceOf: KernelError });
});

test("statistics: time-weighted queue length, waits and utilisation", (t) => {
  const sim = new Simulation();
  const pool = new Resource(sim, { capacity: 1 });
  // Two jobs arrive at 0 and each holds the slot for 10 ns; observed over 20 ns.
  for (let i = 0; i < 2; i++) {
    sim.process((function* () {
      const req = yield pool.request();
      yield sim.timeout(10);
      pool.release(req);
    })());
  }
  sim.run();
  const s = pool.stats;
  t.is(s.requests, 2);
  t.is(s.grants, 2);
  t.is(s.totalWait, 10);
  t.is(s.meanWait, 5);
  t.is(s.maxWait, 10);
  t.is(s.maxQueueLength, 1);
  t.is(s.observedNs, 20);
  t.is(s.meanQueueLength, 0.5); // one waiter for the first 10 of 20 ns
  t.is(s.meanInUse, 1);
  t.is(s.utilisation, 1);
});

test("release() of a waiting request withdraws it; a second release is a typed error", (t) => {
  const sim = new Simulation();
  const pool = new Resource(sim, { capacity: 1, name: "conn" });
  const first = pool.request();
  const second = pool.request();
  t.is(pool.queueLength, 1);
  pool.release(second);
  t.is(pool.queueLength, 0);
  pool.release(first);
  t.is(pool.inUse, 0);
  t.throws(() => pool.release(first), {
    instanceOf: KernelError,
    message: 'release() on resource "conn": this request was already released or withdrawn',
  });
  const other = new Resource(sim, { capacity: 1, name: "other" });
  t.throws(() => other.release(other === pool ? first : pool.request()), { instanceOf: KernelError, message: /does not belong to it/ });
});

test("limit(n) lowers the capacity until undone; overlapping limits keep the lowest, in any order", (t) => {
  const sim = new Simulation({ seed: 1 });
  const pool = new Resource(sim, { capacity: 8 });
  const four = pool.limit(4);
  const two = pool.limit(2);
  t.is(pool.capacity, 2);
  four();
  t.is(pool.capacity, 2);
  pool.capacity = 1;
  t.is(pool.capacity, 1, "a configured capacity below the limits holds");
  pool.capacity = 6;
  t.is(pool.capacity, 2);
  two();
  two();
  t.is(pool.capacity, 6);
  t.is(pool.configuredCapacity, 6);
});
