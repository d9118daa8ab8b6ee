// `npm run bench -- million`: a traced run of a million requests (the default scenario's load
// without its fault, full DAG + ITC tracing, every request sampled) in a child process of its
// own, so its peak resident memory is its own: CPU minutes, peak RSS, CPU per request and per
// record. The peer, in the same run: the same million requests untraced, also in its own process.
// With --quick, 100k requests each. With --json: {"million": {...}}.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { formatNumber, printTable } from "./harness.ts";
import type { Suite } from "./harness.ts";

const CHILD = fileURLToPath(new URL("./child/steady-run.ts", import.meta.url));

interface Measured {
  readonly requests: number;
  readonly events: number;
  readonly cpuS: number;
  readonly wallS: number;
  readonly maxRssMiB: number;
}

function measure(requests: number, mode: "traced" | "untraced"): Measured {
  const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, String(requests), mode], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench million: ${mode} run of ${requests} requests exited ${String(r.status)}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Measured;
}

export const suite: Suite = {
  name: "million",
  run({ quick }) {
    const n = quick ? 100_000 : 1_000_000;
    const traced = measure(n, "traced");
    const untraced = measure(n, "untraced");
    const figures = {
      requests: traced.requests,
      traced_records: traced.events,
      traced_cpu_min: traced.cpuS / 60,
      traced_wall_min: traced.wallS / 60,
      traced_peak_rss_mib: traced.maxRssMiB,
      traced_cpu_us_per_request: (traced.cpuS * 1e6) / traced.requests,
      traced_records_per_cpu_s: traced.events / traced.cpuS,
      untraced_requests: untraced.requests,
      untraced_cpu_min: untraced.cpuS / 60,
      untraced_peak_rss_mib: untraced.maxRssMiB,
      untraced_cpu_us_per_request: (untraced.cpuS * 1e6) / untraced.requests,
      traced_vs_untraced_cpu: traced.cpuS / untraced.cpuS,
    };
    printTable(
      `million: a steady run of ${formatNumber(n)} requests (default scenario's load, no fault), each in its own process; peer: the same run untraced`,
      ["run", "requests", "records", "CPU min", "wall min", "peak RSS MiB", "CPU µs/request"],
      [
        ["traced (DAG + ITC, all sampled)", formatNumber(traced.requests), formatNumber(traced.events), figures.traced_cpu_min.toFixed(2), figures.traced_wall_min.toFixed(2), formatNumber(traced.maxRssMiB), formatNumber(figures.traced_cpu_us_per_request)],
        ["untraced (peer)", formatNumber(untraced.requests), "0", figures.untraced_cpu_min.toFixed(2), (untraced.wallS / 60).toFixed(2), formatNumber(untraced.maxRssMiB), formatNumber(figures.untraced_cpu_us_per_request)],
      ],
    );
    return { million: figures };
  },
};
