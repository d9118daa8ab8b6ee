// A scenario's `epoch`: the wall-clock instant virtual time 0 stands for in exported traces.
import { z } from "zod";
import { formatEpoch, parseEpoch } from "../../tracer/export/epoch.ts";

/** The default anchor: a fixed, documented instant (a choice: a round date, so exported spans carry realistic dates). */
export const DEFAULT_EPOCH = "2026-01-01T00:00:00Z";

export const epochSchema = z
  .string()
  .transform((text, ctx): string => {
    const ns = parseEpoch(text);
    if (ns === undefined) {
      ctx.addIssue({ code: "custom", message: `expected an RFC 3339 time with a zone, such as "${DEFAULT_EPOCH}", got "${text}"` });
      return z.NEVER;
    }
    return formatEpoch(ns);
  })
  .describe(`The wall-clock time virtual time 0 stands for in exported traces (Jaeger, OTLP), as RFC 3339, e.g. "${DEFAULT_EPOCH}" (the default). The simulation itself always starts at 0.`);
