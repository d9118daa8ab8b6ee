// Open-loop arrivals (requests arrive regardless of how fast earlier ones finish): Poisson or
// evenly spaced, at a rate that changes at given times. Poisson arrivals across a rate change
// are exact: the exponential gap is memoryless, so a gap cut by a change is simply redrawn.
import type { Simulation, Stream } from "../kernel/index.ts";
import type { OpenGenerator } from "../scenario/workload-schema.ts";
import { compileMix } from "./mix.ts";
import type { Issue } from "./types.ts";

/** The rate (req/s) in force at `t`, and when it next changes (Infinity if never). */
export function rateAt(g: Pick<OpenGenerator, "rate" | "changes">, t: number): { rate: number; next: number } {
  let rate = g.rate;
  for (const c of g.changes) {
    if (c.at <= t) rate = c.rate;
    else return { rate, next: c.at };
  }
  return { rate, next: Infinity };
}

export function* openLoop(sim: Simulation, g: OpenGenerator, end: number, issue: Issue, counts: Record<string, number>): Generator<unknown, void, unknown> {
  const arrivals: Stream = sim.rng.stream(`workload/${g.name}/arrivals`);
  const mixStream: Stream = sim.rng.stream(`workload/${g.name}/mix`);
  const pick = compileMix(g.mix);
  const stop = Math.min(end, g.stop ?? end);
  if (g.start > sim.now) yield sim.timeout(g.start - sim.now);
  // Constant arrivals: the first one comes one interval after the start (or a rate change).
  let phaseStart = sim.now;
  let issuedInPhase = 0;
  while (sim.now < stop) {
    const { rate, next } = rateAt(g, sim.now);
    const limit = Math.min(next, stop);
    if (rate <= 0) {
      if (limit === Infinity) return;
      yield sim.timeout(limit - sim.now);
      phaseStart = sim.now;
      issuedInPhase = 0;
      continue;
    }
    let at: number;
    if (g.arrival === "poisson") {
      at = sim.now + Math.round((-Math.log(1 - arrivals.next()) / rate) * 1e9);
    } else {
      at = phaseStart + Math.round(((issuedInPhase + 1) / rate) * 1e9);
    }
    if (at >= limit) {
      if (limit === stop) return;
      yield sim.timeout(limit - sim.now);
      phaseStart = sim.now;
      issuedInPhase = 0;
      continue;
    }
    if (at > sim.now) yield sim.timeout(at - sim.now);
    issuedInPhase++;
    counts[g.name] = (counts[g.name] ?? 0) + 1;
    issue(pick(mixStream.next()), g.name);
  }
}
