// `npm run bench -- soak [--quick | --long]`: a long run at high load with every fault kind at
// once (10 simulated minutes; 2 with --quick, 60 with --long), in its own process: wall time,
// kernel events and requests per wall second, peak resident memory, the heap after a full
// collection at the middle and at the end of the run, and every invariant checked at the end
// (test/bench/child/soak-run.ts): the accounting law overall and per host, trace points, no NaN,
// null or negative latency or time in summary.json or the exports, the exports read back.
// The peer, in the same run: the same workload without faults. A violated invariant fails the
// bench (exit 1).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FAULT_KINDS } from "../../sim/faults/index.ts";
import { formatNumber, printTable } from "./harness.ts";
import type { Suite } from "./harness.ts";

const CHILD = fileURLToPath(new URL("./child/soak-run.ts", import.meta.url));

/** The faults, over the middle half of a run of `s` seconds: every kind, all of them active at once from 40% to 60%. */
function faults(s: number): string[] {
  const at = (f: number) => `${Math.round(s * f * 1000)}ms`;
  const span = (from: number, to: number) => `at: ${at(from)}, for: ${Math.round(s * (to - from) * 1000)}ms`;
  return [
    `{ kind: latency, ${span(0.25, 0.75)}, target: { operation: keystone.validate_token }, add: { kind: lognormal, median: 20ms, p99: 100ms } }`,
    `{ kind: error, ${span(0.25, 0.75)}, target: { service: glance }, probability: 0.05 }`,
    `{ kind: crash, ${span(0.35, 0.6)}, target: { host: compute-2 } }`,
    `{ kind: freeze, ${span(0.4, 0.6)}, target: { instance: nova-conductor-2 } }`,
    `{ kind: partition, ${span(0.4, 0.6)}, target: { link: "controller-3<->broker-1" } }`,
    `{ kind: message-loss, ${span(0.25, 0.75)}, target: { link: "controller-2<->broker-1" }, probability: 0.05 }`,
    `{ kind: message-delay, ${span(0.25, 0.75)}, target: { link: "controller-1<->db-1" }, delay: 2ms }`,
    `{ kind: message-duplication, ${span(0.25, 0.75)}, target: { service: nova-conductor }, probability: 0.1 }`,
    `{ kind: slow-dependency, ${span(0.25, 0.75)}, dependency: db, target: {}, add: 5ms }`,
    `{ kind: cache-outage, ${span(0.4, 0.6)}, target: {} }`,
    `{ kind: limit, ${span(0.25, 0.75)}, target: { service: nova-api }, limit: workers, value: 4 }`,
    `{ kind: clock-skew, ${span(0.25, 0.75)}, target: { host: controller-2 }, offsetNs: "-50ms", driftPpm: 200 }`,
    // The collection path too: a host cut off from the backend, the backend frozen.
    `{ kind: partition, ${span(0.45, 0.55)}, target: { link: "compute-1<->collector-1" } }`,
    `{ kind: freeze, ${span(0.5, 0.55)}, target: { host: collector-1 } }`,
  ];
}

/** 60 CLI requests a second and 40 Horizon users: about 75 requests a second. */
export function soakScenario(seconds: number, withFaults: boolean): string {
  return [
    `name: soak${withFaults ? "" : "-steady"}`,
    "seed: 19",
    `duration: ${seconds}s`,
    "warmup: 10s",
    "workload:",
    "  - { name: cli, type: open, rate: 60/s, mix: { token-issue: 1, server-list: 3, server-show: 3, server-create: 1, server-delete: 1, pattern-concurrent: 1, pattern-sequential: 1 } }",
    "  - { name: ui, type: closed, users: 40, think: { kind: exponential, mean: 2s }, mix: { horizon-instances: 1 } }",
    ...(withFaults ? ["faults:", ...faults(seconds).map((f) => `  - ${f}`)] : []),
    // Queues small enough to overflow while the backend is frozen.
    "tracer: { collection: { queueSize: 256, batchSize: 64 } }",
    "report: { keepTraces: 200 }",
    "",
  ].join("\n");
}

interface Soaked {
  readonly seconds: number;
  readonly events: number;
  readonly requests: number;
  readonly kinds: number;
  readonly emitted: number;
  readonly stored: number;
  readonly dropped: number;
  /** Peak resident memory of the run itself, and of the whole process with the end-of-run checks. */
  readonly runRssMiB: number;
  readonly maxRssMiB: number;
  readonly heapMidMiB: number;
  readonly heapEndMiB: number;
  readonly problems: readonly string[];
}

function soak(file: string): Soaked {
  const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, file], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const last = r.stderr.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last) as Soaked;
  } catch {
    throw new Error(`bench soak: the run of ${file} failed (exit ${String(r.status)}): ${r.stderr}`);
  }
}

export const suite: Suite = {
  name: "soak",
  run({ quick, long }) {
    const seconds = quick ? 120 : long ? 3600 : 600;
    const dir = mkdtempSync(join(tmpdir(), "tracebed-soak-"));
    try {
      const files = { faults: join(dir, "soak.yaml"), steady: join(dir, "steady.yaml") };
      writeFileSync(files.faults, soakScenario(seconds, true));
      writeFileSync(files.steady, soakScenario(seconds, false));
      const f = soak(files.faults);
      const p = soak(files.steady);
      const rate = (x: Soaked) => x.events / x.seconds;
      const row = (name: string, x: Soaked): string[] => [
        name,
        formatNumber(x.requests),
        formatNumber(x.events),
        x.seconds.toFixed(1),
        formatNumber(rate(x)),
        formatNumber(x.requests / x.seconds),
        `${formatNumber(x.runRssMiB)} / ${formatNumber(x.maxRssMiB)}`,
        `${x.heapMidMiB.toFixed(0)} → ${x.heapEndMiB.toFixed(0)}`,
        `${x.emitted} = ${x.stored} + ${x.dropped}`,
        x.problems.length === 0 ? "all held" : `${x.problems.length} VIOLATED`,
      ];
      printTable(
        `soak: ${seconds / 60} simulated minutes at ~75 requests/s, ${f.kinds} of ${FAULT_KINDS.length} fault kinds at once from 40% to 60% (peer: the same without faults)`,
        ["run", "requests", "kernel events", "wall s", "events/s", "requests/s", "peak RSS MiB run / checks", "heap MiB mid → end", "emitted = stored + dropped", "invariants"],
        [row("every fault kind", f), row("no faults (peer)", p)],
      );
      for (const x of [f, p]) for (const problem of x.problems.slice(0, 10)) process.stderr.write(`invariant violated: ${problem}\n`);
      if (f.kinds !== FAULT_KINDS.length) process.stderr.write(`soak: only ${f.kinds} of ${FAULT_KINDS.length} fault kinds ran\n`);
      if (f.problems.length > 0 || p.problems.length > 0 || f.kinds !== FAULT_KINDS.length) process.exitCode = 1;
      return {
        soak: {
          simulated_s: seconds,
          requests: f.requests,
          kernel_events: f.events,
          wall_s: f.seconds,
          events_per_s: rate(f),
          requests_per_s: f.requests / f.seconds,
          peak_rss_mib: f.runRssMiB,
          peak_rss_with_checks_mib: f.maxRssMiB,
          heap_mid_mib: f.heapMidMiB,
          heap_end_mib: f.heapEndMiB,
          emitted: f.emitted,
          stored: f.stored,
          dropped: f.dropped,
          invariant_violations: f.problems.length,
          fault_kinds: f.kinds,
          peer_events_per_s: rate(p),
          peer_peak_rss_mib: p.runRssMiB,
          events_per_s_over_peer: rate(f) / rate(p),
          peak_rss_over_peer: f.runRssMiB / p.runRssMiB,
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
