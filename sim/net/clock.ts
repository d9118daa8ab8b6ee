// A host's own clock: virtual time seen through an offset and a drift, as NTP-less machines see
// it. The tracer reads it for timestamps, so skew shows up in traces the way it does in real ones.
import type { Simulation } from "../kernel/index.ts";

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

  /** Sets a new offset and drift (a clock-skew fault); the clock may jump, as a stepped clock does. */
  skew(offsetNs: number, driftPpm: number): void {
    this.offset = offsetNs;
    this.drift = driftPpm / 1e6;
  }

  /** Back to the configured offset and drift. */
  reset(): void {
    this.skew(this.base.offsetNs, this.base.driftPpm);
  }
}
