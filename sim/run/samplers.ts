// Head samplers from a scenario's sampler spec.
import type { Simulation } from "../kernel/index.ts";
import { alwaysOff, alwaysOn } from "../../tracer/index.ts";
import type { Sampler } from "../../tracer/index.ts";
import type { SamplerSpec } from "../scenario/tracer-schema.ts";

export class RunConfigError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "RunConfigError";
  }
}

export function buildSampler(spec: SamplerSpec, _sim: Simulation, _owner: string): Sampler {
  switch (spec.kind) {
    case "always":
      return alwaysOn;
    case "never":
      return alwaysOff;
    default:
      throw new RunConfigError(`tracer.sampler: the "${spec.kind}" sampler is not available in this build (tracer/sampling has no head sampler of that kind)`);
  }
}
