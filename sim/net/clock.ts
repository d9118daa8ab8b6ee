// A host's own clock: virtual time seen through an offset and a drift, as NTP-less machines see
// it. The tracer reads it for timestamps, so skew shows up in traces the way it does in real ones.
// `skew({ offsetNs, driftPpm })` adds to the configured offset and drift until its undo runs;
// overlapping skews add up.
import { Layers } from "../kernel/index.ts";
import type { Simulation, Undo } from "../kernel/index.ts";

export interface ClockSpec {
  /** Constant offset from true (virtual) time, ns. */
  readonly offsetNs?: number;
  /** Rate error in parts per million: +50 gains 50 µs per simulated second. */
  readonly driftPpm?: number;
}

export class HostClock {
  private readonly sim: Simulation;
  private offset: number;
  private drift: number;
  private readonly base: { offsetNs: number; driftPpm: number };
  private readonly skews = new Layers<ClockSpec>(() => this.apply());

  constructor(sim: Simulation, spec: ClockSpec = {}) {
    this.sim = sim;
    this.base = { offsetNs: spec.offsetNs ?? 0, driftPpm: spec.driftPpm ?? 0 };
    this.offset = this.base.offsetNs;
    this.drift = this.base.driftPpm / 1e6;
  }

  /** Host-clock ns: virtual time + offset + drift·t, rounded to whole ns. */
  now(): number {
    const t = this.sim.now;
    if (this.offset === 0 && this.drift === 0) return t;
    return Math.round(t + this.offset + this.drift * t);
  }

  get offsetNs(): number {
    return this.offset;
  }

  get driftPpm(): number {
    return this.drift * 1e6;
  }

  /** Adds `offsetNs` and `driftPpm` until the undo runs (a clock-skew fault); the clock may jump, as a stepped clock does. */
  skew(by: ClockSpec): Undo {
    return this.skews.add({ offsetNs: by.offsetNs ?? 0, driftPpm: by.driftPpm ?? 0 });
  }

  private apply(): void {
    let offset = this.base.offsetNs;
    let drift = this.base.driftPpm;
    for (const s of this.skews.list) {
      offset += s.offsetNs ?? 0;
      drift += s.driftPpm ?? 0;
    }
    this.offset = offset;
    this.drift = drift / 1e6;
  }
}
