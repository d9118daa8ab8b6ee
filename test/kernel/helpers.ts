// Shared helpers for kernel tests.
import { Simulation } from "../../sim/kernel/index.ts";

/** Runs `body` as the only process of a fresh simulation and returns the trace it logs. */
export function trace(build: (sim: Simulation, log: (entry: string) => void) => void, options: { seed?: string } = {}): string[] {
  const sim = new Simulation(options);
  const out: string[] = [];
  build(sim, (entry) => out.push(`${sim.now} ${entry}`));
  sim.run();
  return out;
}
