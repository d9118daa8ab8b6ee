// Cost: what each design adds to requests and ships, at its own sampling and with every request traced.
import { PRESET_NAMES } from "../../tracer/presets/index.ts";
import type { Experiment, Results } from "./experiment.ts";
import { need } from "./experiment.ts";
import type { Job, RunResult } from "./jobs.ts";
import { addedLatencyNs } from "./measure.ts";
import { barChartSvg } from "./svg.ts";
import { fixed, int, ms, percent, us } from "./tables.ts";
import type { ResultTable } from "./tables.ts";

export const costJobId = (preset: string | null, sampling: "native" | "full"): string => `run:cost:${preset ?? "untraced"}:${preset === null ? "native" : sampling}`;

export function costJobs(samplings: readonly ("native" | "full")[]): Job[] {
  const jobs: Job[] = [{ kind: "run", id: costJobId(null, "native"), scenario: "cost", preset: null, sampling: "native" }];
  for (const s of samplings) for (const p of PRESET_NAMES) jobs.push({ kind: "run", id: costJobId(p, s), scenario: "cost", preset: p, sampling: s });
  return jobs;
}

function costTable(results: Results, sampling: "native" | "full"): ResultTable {
  const base = need<RunResult>(results, costJobId(null, "native")).metrics;
  const rows = PRESET_NAMES.map((p) => {
    const m = need<RunResult>(results, costJobId(p, sampling)).metrics;
    const per = (x: number) => (m.requests === 0 ? 0 : x / m.requests);
    return [
      p,
      percent(m.tracedRequests, m.requests),
      ms(addedLatencyNs(m, base, "p50Ns"), 3),
      ms(addedLatencyNs(m, base, "p99Ns"), 3),
      ms(addedLatencyNs(m, base, "meanNs"), 3),
      us(per(m.cpuNs)),
      us(per(Math.max(0, m.chargedNs - m.cpuNs))),
      int(per(m.metadataBytes)),
      m.injects === 0 ? "—" : fixed(m.metadataBytes / m.injects, 1),
      int(per(m.collectionBytes)),
      m.storedTraces === 0 ? "—" : int(m.storedBytes / m.storedTraces),
    ];
  });
  const what = sampling === "native" ? "each preset at its own default sampling" : "every request traced (sampler always on; OSProfiler with a signed trigger on every request)";
  return {
    id: `cost-${sampling}`,
    title: `Cost, ${sampling === "native" ? "default sampling" : "100% sampling"}`,
    description: `Scenario \`sim/experiments/scenarios/cost.yaml\` (${base.requests} requests, seed 11), ${what}, against the same run untraced (same seed, so the same open-loop arrivals).
Δ latency: per workflow, the nearest-rank percentile (or mean) of successful requests' latency minus the untraced run's, averaged over workflows weighted by request count; differences of a few tenths of a millisecond either way are the noise of closed-loop users whose timing shifts. CPU: the overhead model (cost per record emitted + per KiB shipped). Blocking: tracing time charged to requests beyond that CPU (synchronous sends). Metadata: bytes of trace headers written into messages (requests and replies; "name: value\\r\\n"), per request and per message carrying them. Collection: bytes agents sent to the collector. Storage: bytes of the stored records per stored trace.`,
    columns: ["Preset", "Traced requests", "Δ p50 (ms)", "Δ p99 (ms)", "Δ mean (ms)", "CPU / request (µs)", "Blocking / request (µs)", "Metadata B / request", "Metadata B / message", "Collection B / request", "Storage B / trace"],
    rows,
  };
}

export const costExperiment: Experiment = {
  id: "cost",
  title: "Cost",
  about: "Added request latency (p50, p99, mean) against an untraced run, CPU per request, metadata bytes per request and per message, collection bytes and storage per trace, at default sampling and at 100%.",
  jobs: () => costJobs(["native", "full"]),
  build(results) {
    const full = costTable(results, "full");
    const native = costTable(results, "native");
    const mean = full.rows.map((r) => ({ label: r[0]!, value: Math.max(0, Number(r[4])), text: `${r[4]} ms` }));
    const meta = full.rows.map((r) => ({ label: r[0]!, value: Number(r[7]), text: `${r[7]} B` }));
    return {
      tables: [native, full],
      files: {
        "cost-latency.svg": barChartSvg({ title: "Added mean request latency, 100% sampling", unit: "ms", bars: mean }),
        "cost-metadata.svg": barChartSvg({ title: "Trace metadata per request", unit: "bytes", bars: meta }),
      },
    };
  },
};
