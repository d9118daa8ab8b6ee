// Diagnosis with each preset's traces in the Bug 1587777 scenario: is Keystone named, with how
// many traces, and so how many requests and how much time at the preset's own sampling.
import { PRESET_NAMES, PRESETS } from "../../tracer/presets/index.ts";
import type { Experiment, Results } from "./experiment.ts";
import { need } from "./experiment.ts";
import type { Job, RunResult } from "./jobs.ts";
import type { SamplingResult } from "./probes.ts";
import { fixed, int, mark } from "./tables.ts";
import type { ResultTable } from "./tables.ts";
import { TRACE_LADDER } from "./diagnosis.ts";

export const diagnosisJobId = (preset: string): string => `run:diagnosis:${preset}:full`;
export const samplingJobId = (preset: string, which: "default" | "ten-percent"): string => `sampling:${preset}:${which}`;

export const samplingJobs = (which: "default" | "ten-percent"): Job[] => PRESET_NAMES.map((p) => ({ kind: "sampling", id: samplingJobId(p, which), preset: p, which }));

/** The achieved root sampling rate of the preset's default sampler (on-demand: untriggered requests). */
export function defaultRate(results: Results, preset: string): number {
  const s = need<SamplingResult>(results, samplingJobId(preset, "default"));
  return s.decisions === 0 ? 0 : s.sampled / s.decisions;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "never";
  if (seconds < 120) return `${fixed(seconds, 1)} s`;
  if (seconds < 7200) return `${fixed(seconds / 60, 1)} min`;
  if (seconds < 172800) return `${fixed(seconds / 3600, 1)} h`;
  return `${fixed(seconds / 86400, 1)} d`;
}

export function diagnosisTable(results: Results): ResultTable {
  const rows = PRESET_NAMES.map((p) => {
    const d = need<RunResult>(results, diagnosisJobId(p)).diagnosis!;
    const rate = defaultRate(results, p);
    const needed = d.tracesNeeded;
    const requests = needed === null || rate === 0 ? Infinity : needed / rate;
    const seconds = requests / d.requestsPerSecond;
    return [
      p,
      `${d.tracesBefore} / ${d.tracesAfter}`,
      d.topCulprit === "" ? "none" : d.topCulprit,
      mark(d.named),
      needed === null ? "—" : int(needed),
      PRESETS[p]!.config.sampler.type === "on-demand" ? "0 (untriggered)" : fixed(rate, 5),
      Number.isFinite(requests) ? int(Math.ceil(requests)) : "never",
      duration(seconds),
    ];
  });
  return {
    id: "diagnosis",
    title: "Diagnosis of Bug 1587777",
    description: `Scenario \`sim/experiments/scenarios/diagnosis.yaml\`: from 40 s Keystone's token validation scans a growing list of revocation events; Horizon pages slow down first. Every request is traced; \`diagnose\` (tracer/analysis) compares the traces that started between the warm-up and the fault with those of the fault's second half.
Top culprit: diagnosis's first operation (service and span) with all traces; named when its service is the ground truth's (Keystone; the scenario's expected operation is validate_token, shown when diagnosis names it). Traces needed: the fewest traces per window, of ${TRACE_LADDER.join(", ")} spread evenly over each window, from which on Keystone stays the top culprit. Requests and simulated time: what the preset's default sampling (achieved rate of its sampler over 100,000 root decisions) needs to store that many traces per window, at this scenario's request rate.`,
    columns: ["Preset", "Traces before / after", "Top culprit (all traces)", "Names Keystone", "Traces needed / window", "Default sampling rate", "Requests needed / window", "Simulated time needed / window"],
    rows,
  };
}

export const diagnosisExperiment: Experiment = {
  id: "diagnosis",
  title: "Diagnosis",
  about: "Whether `diagnose` names Keystone in the Bug 1587777 scenario with each preset's traces, with how many traces, and how many requests and how much simulated time the preset's default sampling needs for them.",
  jobs: () => [...PRESET_NAMES.map((p): Job => ({ kind: "run", id: diagnosisJobId(p), scenario: "diagnosis", preset: p, sampling: "full" })), ...samplingJobs("default")],
  build: (results) => ({ tables: [diagnosisTable(results)], files: {} }),
};
