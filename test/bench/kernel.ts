// Kernel throughput (issue 2): (a) one process doing N timeouts, (b) 1,000 processes x 1,000
// timeouts, (c) two processes ping-ponging messages through two Stores (one message = one put
// and its get). The peer is a minimal SimPy-style generator kernel written below and measured in
// the same run, so the ratio says what completeness (guards, event log, interrupts) costs.
import { Simulation, Store } from "../../sim/kernel/index.ts";
import { formatNumber, median, printTable, seconds } from "./harness.ts";
import type { Suite } from "./harness.ts";

// ---- the peer: a minimal generator kernel (heap of [time, seq, event], callback arrays) ----

type Callback = (ev: MinEvent) => void;

class MinEvent {
  callbacks: Callback[] | null = [];
  value: unknown = undefined;
  triggered = false;
  constructor(readonly env: MinEnv) {}
  succeed(value?: unknown): this {
    this.triggered = true;
    this.value = value;
    this.env.schedule(this, 0);
    return this;
  }
}

class MinEnv {
  now = 0;
  private heap: [number, number, MinEvent][] = [];
  private seq = 0;
  schedule(ev: MinEvent, delay: number): void {
    const heap = this.heap;
    const entry: [number, number, MinEvent] = [this.now + delay, this.seq++, ev];
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(heap[p]!, entry)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = entry;
  }
  timeout(delay: number, value?: unknown): MinEvent {
    const ev = new MinEvent(this);
    ev.triggered = true;
    ev.value = value;
    this.schedule(ev, delay);
    return ev;
  }
  process(gen: Generator<MinEvent, unknown, unknown>): MinProcess {
    return new MinProcess(this, gen);
  }
  run(): void {
    const heap = this.heap;
    while (heap.length > 0) {
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length > 0) {
        let i = 0;
        const n = heap.length;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= n) break;
          if (c + 1 < n && less(heap[c + 1]!, heap[c]!)) c++;
          if (less(last, heap[c]!)) break;
          heap[i] = heap[c]!;
          i = c;
        }
        heap[i] = last;
      }
      this.now = top[0];
      const ev = top[2];
      const cbs = ev.callbacks!;
      ev.callbacks = null;
      for (const cb of cbs) cb(ev);
    }
  }
}

function less(a: [number, number, MinEvent], b: [number, number, MinEvent]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

class MinProcess extends MinEvent {
  constructor(env: MinEnv, private readonly gen: Generator<MinEvent, unknown, unknown>) {
    super(env);
    const init = new MinEvent(env);
    init.callbacks!.push(this.resume);
    init.triggered = true;
    env.schedule(init, 0);
  }
  private resume = (ev: MinEvent): void => {
    for (;;) {
      const r = this.gen.next(ev.value);
      if (r.done) {
        this.succeed(r.value);
        return;
      }
      ev = r.value;
      if (ev.callbacks !== null) {
        ev.callbacks.push(this.resume);
        return;
      }
    }
  };
}

class MinStore {
  private items: unknown[] = [];
  private getters: MinEvent[] = [];
  constructor(private readonly env: MinEnv) {}
  put(item: unknown): MinEvent {
    const getter = this.getters.shift();
    if (getter !== undefined) getter.succeed(item);
    else this.items.push(item);
    return new MinEvent(this.env).succeed();
  }
  get(): MinEvent {
    const ev = new MinEvent(this.env);
    if (this.items.length > 0) ev.succeed(this.items.shift());
    else this.getters.push(ev);
    return ev;
  }
}

// ---- workloads ----
// Each kernel gets its own copy of the generator functions: shared ones would give V8
// polymorphic call sites and slow down whichever kernel ran second.

function* tick(sim: Simulation, n: number): Generator<any, void, any> {
  for (let i = 0; i < n; i++) yield sim.timeout(1);
}

function* ping(sim: Simulation, inbox: Store<number>, outbox: Store<number>, n: number): Generator<any, void, any> {
  for (let i = 0; i < n; i++) {
    yield outbox.put(i);
    yield inbox.get();
  }
}

function* pong(sim: Simulation, inbox: Store<number>, outbox: Store<number>, n: number): Generator<any, void, any> {
  for (let i = 0; i < n; i++) {
    const m: number = yield inbox.get();
    yield outbox.put(m);
  }
}

function* minTick(env: MinEnv, n: number): Generator<MinEvent, void, unknown> {
  for (let i = 0; i < n; i++) yield env.timeout(1);
}

function* minPing(inbox: MinStore, outbox: MinStore, n: number): Generator<MinEvent, void, unknown> {
  for (let i = 0; i < n; i++) {
    yield outbox.put(i);
    yield inbox.get();
  }
}

function* minPong(inbox: MinStore, outbox: MinStore, n: number): Generator<MinEvent, void, unknown> {
  for (let i = 0; i < n; i++) {
    const m = yield inbox.get();
    yield outbox.put(m);
  }
}

type Kernel = "tracebed" | "minimal";

function timeoutsOneProcess(kernel: Kernel, n: number): () => void {
  if (kernel === "tracebed") {
    return () => {
      const sim = new Simulation({ seed: 1 });
      sim.process(tick(sim, n));
      sim.run();
    };
  }
  return () => {
    const env = new MinEnv();
    env.process(minTick(env, n));
    env.run();
  };
}

function timeoutsManyProcesses(kernel: Kernel, procs: number, each: number): () => void {
  if (kernel === "tracebed") {
    return () => {
      const sim = new Simulation({ seed: 1 });
      for (let p = 0; p < procs; p++) sim.process(tick(sim, each));
      sim.run();
    };
  }
  return () => {
    const env = new MinEnv();
    for (let p = 0; p < procs; p++) env.process(minTick(env, each));
    env.run();
  };
}

// `messages` puts in total: ping sends messages/2, pong answers each.
function pingPong(kernel: Kernel, messages: number): () => void {
  const rounds = messages / 2;
  if (kernel === "tracebed") {
    return () => {
      const sim = new Simulation({ seed: 1 });
      const a = new Store<number>(sim);
      const b = new Store<number>(sim);
      sim.process(ping(sim, a, b, rounds));
      sim.process(pong(sim, b, a, rounds));
      sim.run();
    };
  }
  return () => {
    const env = new MinEnv();
    const a = new MinStore(env);
    const b = new MinStore(env);
    env.process(minPing(a, b, rounds));
    env.process(minPong(b, a, rounds));
    env.run();
  };
}

// Runs the two kernels alternately (and alternating which goes first), so load from other
// processes on this shared machine hits both alike; returns the median rate of each.
function interleavedRates(work: number, mine: () => void, peer: () => void, runs: number): [number, number] {
  mine();
  peer();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      a.push(work / seconds(mine));
      b.push(work / seconds(peer));
    } else {
      b.push(work / seconds(peer));
      a.push(work / seconds(mine));
    }
  }
  return [median(a), median(b)];
}

export const suite: Suite = {
  name: "kernel",
  run({ quick }) {
    const scale = quick ? 10 : 1;
    const runs = quick ? 3 : 7;
    const n = 1_000_000 / scale;
    const procs = 1_000;
    const each = 1_000 / scale;
    const workloads = [
      { key: "timeouts_one_process", label: "(a) 1 process x timeouts", work: n, make: (k: Kernel) => timeoutsOneProcess(k, n) },
      { key: "timeouts_1000_processes", label: "(b) 1,000 processes x timeouts", work: procs * each, make: (k: Kernel) => timeoutsManyProcesses(k, procs, each) },
      { key: "pingpong_messages", label: "(c) Store ping-pong messages", work: n, make: (k: Kernel) => pingPong(k, n) },
    ];
    const figures: Record<string, number> = {};
    const rows: string[][] = [];
    for (const w of workloads) {
      const [mine, peer] = interleavedRates(w.work, w.make("tracebed"), w.make("minimal"), runs);
      figures[w.key] = mine;
      figures[`minimal_${w.key}`] = peer;
      figures[`ratio_${w.key}`] = mine / peer;
      rows.push([w.label, formatNumber(w.work), `${formatNumber(mine)}/s`, `${formatNumber(peer)}/s`, (peer / mine).toFixed(2) + "x"]);
    }
    printTable(`kernel throughput (median of ${runs} runs${quick ? ", quick sizes" : ""})`, ["workload", "work", "tracebed", "minimal peer", "peer/tracebed"], rows);
    return { kernel: figures };
  },
};
