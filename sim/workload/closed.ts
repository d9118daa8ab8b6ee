// Closed-loop users: each thinks, issues a request, waits for it to end, and thinks again.
// The number of users may change over time; users beyond the current count leave after
// their request in progress.
import type { Process, Simulation } from "../kernel/index.ts";
import { compileDuration } from "../kernel/index.ts";
import type { ClosedGenerator } from "../scenario/workload-schema.ts";
import { compileMix } from "./mix.ts";
import type { Issue } from "./types.ts";

export function usersAt(g: Pick<ClosedGenerator, "users" | "changes">, t: number): number {
  let users = g.users;
  for (const c of g.changes) if (c.at <= t) users = c.users;
  return users;
}

export function* closedLoop(sim: Simulation, g: ClosedGenerator, end: number, issue: Issue, counts: Record<string, number>): Generator<unknown, void, unknown> {
  const think = compileDuration(g.think, { path: `workload.${g.name}.think` });
  const thinkStream = sim.rng.stream(`workload/${g.name}/think`);
  const mixStream = sim.rng.stream(`workload/${g.name}/mix`);
  const pick = compileMix(g.mix);
  const stop = Math.min(end, g.stop ?? end);
  const users: Process<void>[] = [];

  function* user(index: number): Generator<unknown, void, unknown> {
    // Users start staggered by one think time, so they do not all fire at once.
    while (true) {
      const pause = think(thinkStream);
      if (sim.now + pause >= stop) return;
      yield sim.timeout(pause);
      if (index >= usersAt(g, sim.now)) return;
      counts[g.name] = (counts[g.name] ?? 0) + 1;
      try {
        yield issue(pick(mixStream.next()), g.name);
      } catch {
        // A failed request is the request's outcome, recorded by whoever issued it; the user goes on.
      }
    }
  }

  const spawn = (target: number): void => {
    for (let i = 0; i < users.length && i < target; i++) {
      if (!users[i]!.isAlive) users[i] = sim.process(user(i), `user:${g.name}#${i}`);
    }
    for (let i = users.length; i < target; i++) users.push(sim.process(user(i), `user:${g.name}#${i}`));
  };

  if (g.start > sim.now) yield sim.timeout(g.start - sim.now);
  spawn(usersAt(g, sim.now));
  for (const c of g.changes) {
    if (c.at >= stop) break;
    if (c.at > sim.now) yield sim.timeout(c.at - sim.now);
    spawn(usersAt(g, sim.now));
  }
}
