// ITC benchmark: ops/s for fork, event, join and leq over stamps of about 90 encoded bits
// built by seeded random histories, and the encoded size of K-way fan-out and fan-in.
// The Java reference implementation's figures on this machine are printed as ratios.
import { loadavg } from "node:os";
import seedrandom from "seedrandom";
import * as itc from "../../tracer/itc/index.ts";
import type { Stamp } from "../../tracer/itc/index.ts";
import { formatNumber, median, printTable, seconds } from "./harness.ts";
import type { Suite } from "./harness.ts";

const JAVA = { fork_per_s: 1.9e6, event_per_s: 1.5e6, join_per_s: 0.7e6, leq_per_s: 1.6e6 };
const TARGET_BITS = [80, 100]; // "about 90 bits"

/**
 * Ops per second of wall clock and of this process's CPU time over `runs` timed runs after a
 * warm-up. The machine is shared: the wall-clock figure is the best run (the one least
 * disturbed by other processes, as timeit does), the CPU figure the median run.
 */
function rates(work: number, fn: () => void, runs = 11): { wall: number; cpu: number } {
  fn();
  let wall = 0;
  const cpu: number[] = [];
  for (let k = 0; k < runs; k++) {
    const before = process.cpuUsage();
    const s = seconds(fn);
    const used = process.cpuUsage(before);
    wall = Math.max(wall, work / s);
    cpu.push(work / ((used.user + used.system) / 1e6));
  }
  return { wall, cpu: median(cpu) };
}

interface Inputs {
  readonly singles: Stamp[]; // for fork and event
  readonly pairs: [Stamp, Stamp][]; // live together in one history: disjoint ids, for join and leq
}

/** Random histories (fork / event / join / send among up to 8 live stamps), sampled where sizes fit. */
function buildInputs(count: number): Inputs {
  const next = seedrandom.alea("tracebed/bench/itc");
  const singles: Stamp[] = [];
  const pairs: [Stamp, Stamp][] = [];
  const fits = (s: Stamp) => {
    const b = itc.encodedBits(s);
    return b >= TARGET_BITS[0]! && b <= TARGET_BITS[1]!;
  };
  while (singles.length < count || pairs.length < count) {
    const live: Stamp[] = [itc.seed()];
    for (let step = 0; step < 200; step++) {
      const a = Math.floor(next() * live.length);
      const b = Math.floor(next() * live.length);
      const r = next();
      if (r < 0.25 && live.length < 8) live.splice(a, 1, ...itc.fork(live[a]!));
      else if (r < 0.7) live[a] = itc.event(live[a]!);
      else if (r < 0.85 && a !== b) live[b] = itc.join(live[b]!, itc.peek(live[a]!)); // a message
      else if (a !== b && live.length > 4) {
        live[Math.min(a, b)] = itc.join(live[a]!, live[b]!);
        live.splice(Math.max(a, b), 1);
      }
      if (singles.length < count && a < live.length && fits(live[a]!) && next() < 0.2) singles.push(live[a]!);
      if (pairs.length < count && a !== b && a < live.length && b < live.length && fits(live[a]!) && fits(live[b]!) && next() < 0.2) {
        pairs.push([live[a]!, live[b]!]);
      }
    }
  }
  return { singles: singles.slice(0, count), pairs: pairs.slice(0, count) };
}

function fanout(from: Stamp, k: number): { branchMedian: number; branchMax: number; join: number } {
  const branches = itc.forkMany(from, k).map(itc.event);
  const sizes = branches.map(itc.encodedBits);
  const joined = branches.reduce((a, b) => itc.join(a, b));
  return { branchMedian: median(sizes), branchMax: Math.max(...sizes), join: itc.encodedBits(joined) };
}

export const suite: Suite = {
  name: "itc",
  run({ quick }) {
    const n = 2000;
    const rounds = quick ? 25 : 100;
    const { singles, pairs } = buildInputs(n);
    const singleBits = median(singles.map(itc.encodedBits));
    const pairBits = median(pairs.flatMap(([a, b]) => [itc.encodedBits(a), itc.encodedBits(b)]));
    let sink = 0;
    const load = loadavg()[0]!;

    const fork = rates(n * rounds, () => {
      for (let r = 0; r < rounds; r++) for (let k = 0; k < n; k++) sink += itc.fork(singles[k]!).length;
    });
    const event = rates(n * rounds, () => {
      for (let r = 0; r < rounds; r++) for (let k = 0; k < n; k++) if (itc.event(singles[k]!).id !== 0) sink++;
    });
    const join = rates(n * rounds, () => {
      for (let r = 0; r < rounds; r++) for (let k = 0; k < n; k++) if (itc.join(pairs[k]![0], pairs[k]![1]).id !== 0) sink++;
    });
    const leq = rates(n * rounds * 2, () => {
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < n; k++) {
          const [a, b] = pairs[k]!;
          if (itc.leq(a, b)) sink++;
          if (itc.leq(b, a)) sink++;
        }
      }
    });
    // Alternating inputs, so the encoder's last-stamp cache never answers.
    const encode = rates(n * rounds, () => {
      for (let r = 0; r < rounds; r++) for (let k = 0; k < n; k++) sink += itc.encodeBase64url(singles[k]!).length;
    });
    const texts = singles.map(itc.encodeBase64url);
    const decode = rates(n * rounds, () => {
      for (let r = 0; r < rounds; r++) for (let k = 0; k < n; k++) if (itc.decodeBase64url(texts[k]!).id !== 0) sink++;
    });
    if (sink === -1) process.stderr.write("");

    const figures: Record<string, number> = {
      fork_per_s: fork.wall,
      event_per_s: event.wall,
      join_per_s: join.wall,
      leq_per_s: leq.wall,
      fork_per_cpu_s: fork.cpu,
      event_per_cpu_s: event.cpu,
      join_per_cpu_s: join.cpu,
      leq_per_cpu_s: leq.cpu,
      encode_base64url_per_s: encode.wall,
      decode_base64url_per_s: decode.wall,
      input_bits_median: singleBits,
      pair_input_bits_median: pairBits,
      load_average_1m: load,
    };
    const table: [string, { wall: number; cpu: number }, number | undefined][] = [
      ["fork", fork, JAVA.fork_per_s],
      ["event", event, JAVA.event_per_s],
      ["join", join, JAVA.join_per_s],
      ["leq", leq, JAVA.leq_per_s],
      ["encode base64url", encode, undefined],
      ["decode base64url", decode, undefined],
    ];
    const ratio = (ours: number, java: number | undefined) => (java ? `${(ours / java).toFixed(2)}x` : "-");
    printTable(
      `ITC operations (inputs: median ${singleBits} bits single, ${pairBits} bits pairs; ${n} inputs; load average ${load.toFixed(1)})`,
      ["op", "ops/s (wall, best)", "ops/s (cpu, median)", "Java ref ops/s", "ratio wall", "ratio cpu"],
      table.map(([op, r, java]) => [
        op,
        formatNumber(r.wall),
        formatNumber(r.cpu),
        java ? formatNumber(java) : "-",
        ratio(r.wall, java),
        ratio(r.cpu, java),
      ]),
    );

    // A second starting point: a ~90-bit stamp from the histories that owns part of the interval.
    const mid = singles.find((s) => s.id !== 0 && s.id !== 1 && itc.encodedBits(s) === singleBits)!;
    const rows: string[][] = [];
    for (const k of [2, 4, 8, 16, 32, 64]) {
      const f = fanout(itc.seed(), k);
      const g = fanout(mid, k);
      figures[`fanout_${k}_branch_bits_median`] = f.branchMedian;
      figures[`fanout_${k}_branch_bits_max`] = f.branchMax;
      figures[`fanout_${k}_join_bits`] = f.join;
      figures[`fanout_${k}_from_90_bits_branch_bits_median`] = g.branchMedian;
      figures[`fanout_${k}_from_90_bits_join_bits`] = g.join;
      rows.push([String(k), String(f.branchMedian), String(f.branchMax), String(f.join), String(g.branchMedian), String(g.join)]);
    }
    printTable(
      `ITC encoded size after a K-way fork, one event per branch, then the join of all branches (second start: ${itc.toText(mid)})`,
      ["K", "seed: branch bits (median)", "branch bits (max)", "after join", `${singleBits}-bit stamp: branch bits (median)`, "after join"],
      rows,
    );
    return { itc: figures };
  },
};
