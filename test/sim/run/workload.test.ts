import test from "ava";
import { S, Simulation } from "../../../sim/kernel/index.ts";
import type { SimEvent } from "../../../sim/kernel/index.ts";
import type { Generator } from "../../../sim/scenario/workload-schema.ts";
import { compileMix, startWorkload } from "../../../sim/workload/index.ts";

interface Issued {
  readonly t: number;
  readonly workflow: string;
  readonly generator: string;
}

/** Runs a workload where every request takes `serviceNs`, recording arrivals and concurrency. */
function drive(generators: Generator[], end: number, seed = "1", serviceNs = 0.5 * S) {
  const sim = new Simulation({ seed });
  const issued: Issued[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const stats = startWorkload(sim, generators, end, (workflow, generator): SimEvent<unknown> => {
    issued.push({ t: sim.now, workflow, generator });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return sim.process(
      (function* () {
        yield sim.timeout(serviceNs);
        inFlight--;
      })(),
    );
  });
  sim.run({ until: end + 10 * S });
  return { issued, maxInFlight, stats };
}

const open = (over: Partial<Extract<Generator, { type: "open" }>> = {}): Generator => ({
  name: "cli",
  type: "open",
  arrival: "poisson",
  rate: 10,
  changes: [],
  mix: { "token-issue": 1 },
  tokenReuse: false,
  start: 0,
  ...over,
});

test("Poisson arrivals come at the configured rate, only inside the run", (t) => {
  const { issued, stats } = drive([open({ rate: 20 })], 200 * S);
  t.true(issued.length > 3800 && issued.length < 4200, String(issued.length));
  t.true(issued.every((r) => r.t < 200 * S));
  t.is(stats.issued.cli, issued.length);
});

test("constant arrivals are evenly spaced and follow rate changes", (t) => {
  const { issued } = drive([open({ arrival: "constant", rate: 2, changes: [{ at: 10 * S, rate: 4 }, { at: 15 * S, rate: 0 }] })], 30 * S);
  const times = issued.map((r) => r.t / S);
  t.deepEqual(times, [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10.25, 10.5, 10.75, 11, 11.25, 11.5, 11.75, 12, 12.25, 12.5, 12.75, 13, 13.25, 13.5, 13.75, 14, 14.25, 14.5, 14.75]);
});

test("Poisson rate changes take effect at their time", (t) => {
  const { issued } = drive([open({ rate: 5, changes: [{ at: 100 * S, rate: 50 }] })], 200 * S);
  const first = issued.filter((r) => r.t < 100 * S).length;
  const second = issued.length - first;
  t.true(first > 420 && first < 580, String(first));
  t.true(second > 4700 && second < 5300, String(second));
});

test("closed-loop users never have more requests in flight than users, and follow user changes", (t) => {
  const closed: Generator = {
    name: "horizon",
    type: "closed",
    users: 3,
    think: { kind: "exponential", mean: 1 * S },
    changes: [{ at: 50 * S, users: 6 }],
    tokenReuse: false,
    mix: { "horizon-instances": 1 },
    start: 0,
  };
  const { issued, maxInFlight } = drive([closed], 100 * S);
  t.true(maxInFlight <= 6);
  t.true(maxInFlight > 3);
  const first = issued.filter((r) => r.t < 50 * S).length;
  const second = issued.length - first;
  // Each user cycles every ~1.5 s (1 s think + 0.5 s service).
  t.true(first > 80 && first < 120, String(first));
  t.true(second > 170 && second < 230, String(second));
});

test("the workflow mix follows its weights", (t) => {
  const { issued } = drive([open({ rate: 100, mix: { a: 1, b: 3 } })], 100 * S);
  const b = issued.filter((r) => r.workflow === "b").length / issued.length;
  t.true(b > 0.72 && b < 0.78, String(b));
  const pick = compileMix({ z: 1, a: 1 });
  t.is(pick(0.25), "a");
  t.is(pick(0.75), "z");
});

test("same seed, same arrivals; another seed, other arrivals", (t) => {
  const a = drive([open()], 30 * S, "7").issued;
  const b = drive([open()], 30 * S, "7").issued;
  const c = drive([open()], 30 * S, "8").issued;
  t.deepEqual(a, b);
  t.notDeepEqual(a, c);
});

test("each generator draws from its own stream: adding one leaves another's arrivals unchanged", (t) => {
  const alone = drive([open()], 30 * S).issued;
  const withOther = drive([open(), open({ name: "other", rate: 7, mix: { x: 1, y: 1 } })], 30 * S).issued.filter((r) => r.generator === "cli");
  t.deepEqual(withOther, alone);
});
