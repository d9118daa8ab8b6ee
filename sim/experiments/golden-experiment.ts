// Golden trace hashes for every shipped scenario at its own seed and tracer.
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { Experiment } from "./experiment.ts";
import { need } from "./experiment.ts";
import type { GoldenResult } from "./golden.ts";
import { goldenText } from "./golden.ts";
import type { Job } from "./jobs.ts";
import { int } from "./tables.ts";

/** The shipped scenarios (scenarios/*.yaml), by name. */
export function shippedScenarios(root: string): string[] {
  return readdirSync(join(root, "scenarios"))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join("scenarios", f));
}

export const goldenJobId = (file: string): string => `golden:${basename(file, ".yaml")}`;

export function goldenExperiment(root: string): Experiment {
  const files = shippedScenarios(root);
  return {
    id: "golden",
    title: "Golden traces",
    about: "Golden trace hashes per shipped scenario at its seed: the kernel event-log hash, a hash per stored trace and per record of the first traces, so a change names the first differing trace and record.",
    jobs: (): Job[] => files.map((f) => ({ kind: "golden", id: goldenJobId(f), file: join(root, f) })),
    build(results) {
      const out: Record<string, string> = {};
      const rows = files.map((f) => {
        const g = need<GoldenResult>(results, goldenJobId(f));
        const text = goldenText(g);
        out[`golden/${basename(f, ".yaml")}.txt`] = text;
        const hash = /traces-hash (\S+)/.exec(text)![1]!;
        return [f, String(g.seed), int(g.kernelEvents), g.eventLogHash, int(g.traces.length), hash];
      });
      return {
        tables: [
          {
            id: "golden",
            title: "Golden traces",
            description: "Each shipped scenario run at its own seed with its own tracer. `golden/<scenario>.txt` holds a hash per stored trace (in the order the collector stored them) and a hash per record of the first traces; `tracebed check` names the first differing trace and record.",
            columns: ["Scenario", "Seed", "Kernel events", "Event-log hash", "Stored traces", "Traces hash"],
            rows,
          },
        ],
        files: out,
      };
    },
  };
}
