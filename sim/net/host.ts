// A machine: a process group with its own clock and a place in the network. Service instances
// run as child groups, so a host crash takes all of them down and a host freeze stops them all.
import type { Simulation, Undo } from "../kernel/index.ts";
import { HostClock } from "./clock.ts";
import type { ClockSpec } from "./clock.ts";
import { ProcessGroup } from "./group.ts";

export class Host extends ProcessGroup {
  readonly clock: HostClock;
  /** What the machine is for: "controller", "compute", "broker", "db", "client". */
  readonly role: string;
  /** Dense index, assigned by the network, for per-pair link tables. */
  index = -1;

  constructor(sim: Simulation, name: string, role: string, clock: ClockSpec = {}) {
    super(sim, name, null);
    this.role = role;
    this.clock = new HostClock(sim, clock);
  }

  /** Machine crash: everything on it stops and nothing answers (no TCP resets); the undo reboots it. */
  override crash(): Undo {
    return super.crash("host");
  }
}
