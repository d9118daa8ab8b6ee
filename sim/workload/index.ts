// Workload: every generator of a scenario as a kernel process, each drawing from its own
// named streams (`workload/<name>/arrivals|think|mix`).
import type { Simulation } from "../kernel/index.ts";
import type { Generator } from "../scenario/workload-schema.ts";
import { closedLoop } from "./closed.ts";
import { openLoop } from "./open.ts";
import type { Issue, WorkloadStats } from "./types.ts";

export type { Issue, WorkloadStats } from "./types.ts";
export { compileMix } from "./mix.ts";
export { rateAt } from "./open.ts";
export { usersAt } from "./closed.ts";

/** Starts every generator; requests stop being issued at `end` (ns, absolute). */
export function startWorkload(sim: Simulation, generators: readonly Generator[], end: number, issue: Issue): WorkloadStats {
  const issued: Record<string, number> = {};
  for (const g of generators) {
    issued[g.name] = 0;
    const body = g.type === "open" ? openLoop(sim, g, end, issue, issued) : closedLoop(sim, g, end, issue, issued);
    sim.process(body, `workload:${g.name}`);
  }
  return { issued };
}
