import test from "ava";
import { KernelError, Simulation, Store } from "../../sim/kernel/index.ts";

test("items come out in FIFO order; get waits while empty", (t) => {
  const sim = new Simulation();
  const q = new Store<string>(sim);
  const got: string[] = [];
  sim.process((function* () {
    for (let i = 0; i < 3; i++) {
      const item: string = yield q.get();
      got.push(`${sim.now} ${item}`);
    }
  })());
  sim.process((function* () {
    yield q.put("a");
    yield q.put("b");
    yield sim.timeout(5);
    yield q.put("c");
  })());
  sim.run();
  t.deepEqual(got, ["0 a", "0 b", "5 c"]);
});

test("a bounded store blocks put() while full and admits waiting puts in order", (t) => {
  const sim = new Simulation();
  const q = new Store<number>(sim, { capacity: 2, name: "rpc-queue" });
  const log: string[] = [];
  sim.process((function* () {
    for (let i = 1; i <= 4; i++) {
      yield q.put(i);
      log.push(`${sim.now} put ${i} (size ${q.size})`);
    }
  })());
  sim.process((function* () {
    yield sim.timeout(10);
    const first: number = yield q.get();
    log.push(`${sim.now} got ${first}`);
    yield sim.timeout(10);
    const second: number = yield q.get();
    log.push(`${sim.now} got ${second}`);
  })());
  sim.run();
  t.deepEqual(log, ["0 put 1 (size 1)", "0 put 2 (size 2)", "10 got 1", "10 put 3 (size 2)", "20 got 2", "20 put 4 (size 2)"]);
  t.deepEqual(q.items, [3, 4]);
});

test("several blocked getters are served in arrival order", (t) => {
  const sim = new Simulation();
  const q = new Store<string>(sim);
  const got: string[] = [];
  for (const name of ["g1", "g2", "g3"]) {
    sim.process((function* () {
      const item: string = yield q.get();
      got.push(`${name}:${item}`);
    })());
  }
  sim.schedule(1, () => {
    q.put("x");
    q.put("y");
    q.put("z");
  });
  sim.run();
  t.deepEqual(got, ["g1:x", "g2:y", "g3:z"]);
});

test("capacity 0 is a rendezvous: put completes only when a getter takes the item", (t) => {
  const sim = new Simulation();
  const q = new Store<string>(sim, { capacity: 0 });
  const log: string[] = [];
  sim.process((function* () {
    yield q.put("hand-off");
    log.push(`${sim.now} put done`);
  })());
  sim.process((function* () {
    yield sim.timeout(7);
    const item: string = yield q.get();
    log.push(`${sim.now} got ${item}`);
  })());
  sim.run();
  t.deepEqual(log, ["7 put done", "7 got hand-off"]);
});

test("bad capacity is a typed error naming the store", (t) => {
  const sim = new Simulation();
  t.throws(() => new Store(sim, { capacity: -2, name: "replies" }), {
    instanceOf: KernelError,
    message: 'store "replies": capacity must be a non-negative integer or Infinity, got -2',
  });
});
