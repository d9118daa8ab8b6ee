// What a scenario may name: topology profiles, and for a topology the services, hosts,
// workflows and operations of the model; tracer presets. The loader takes a catalog so tests
// and other front ends can supply their own.
import type { ScenarioIssue } from "./errors.ts";
import type { FaultSpec } from "./fault-schema.ts";
import type { ValidNames } from "./semantic.ts";
import type { PresetTable } from "./tracer-config.ts";

export interface Catalog {
  /** Topology configurations by profile name. */
  readonly profiles: Readonly<Record<string, object>>;
  /**
   * The model's bounds on a resolved topology (sizes it can build, times it can represent),
   * checked before `names` and `check` build anything from it. `epochNs` is what virtual time 0
   * stands for in exports (a host clock must not read before Unix time 0).
   */
  limits?(topology: object, epochNs: bigint): ScenarioIssue[];
  /** The names valid in a resolved topology. */
  names(topology: object): ValidNames;
  /** The model's own checks of a topology and its faults (run once the scenario is otherwise valid). */
  check?(topology: object, faults: readonly FaultSpec[]): ScenarioIssue[];
  readonly presets: PresetTable;
}
