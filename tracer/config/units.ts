// How the tracer configuration reads durations and rates. The library's own schema takes plain
// numbers (ns, per second); a front end that accepts "250ms" or "5/s" (the scenario files) builds
// the same schema with its own unit schemas, so there is still one definition of every field.
import { z } from "zod";

export interface Units {
  /** A non-negative duration, ns. */
  readonly duration: z.ZodType<number, unknown>;
  /** A duration greater than zero, ns. */
  readonly positiveDuration: z.ZodType<number, unknown>;
  /** Events per second, non-negative. */
  readonly rate: z.ZodType<number, unknown>;
}

export const PLAIN_UNITS: Units = {
  duration: z.number().nonnegative().describe("A duration in nanoseconds."),
  positiveDuration: z.number().positive().describe("A duration in nanoseconds, greater than zero."),
  rate: z.number().nonnegative().describe("Events per second."),
};
