// What a run can do, as bounds on what a scenario may ask for. A value past one of these either
// cannot be represented exactly (virtual time is an integer number of ns in a double), or asks
// for more work or memory than a run can give; `tracebed validate` refuses it with the bound and
// the reason, instead of `run` hanging or writing nonsense. Each bound says where it comes from.
import { formatDuration } from "../kernel/index.ts";

/**
 * The longest duration a scenario may write: 10 days (240h, 8.64e14 ns). Virtual time is an
 * integer number of ns in a double, exact up to 2^53 (104 days); a run adds durations together
 * (the run's end plus its drain, a timer's due time, a skewed host clock t·(1 + drift) + offset),
 * so every single duration is kept below 2^50 (13 days; 10 days is the round figure under it) and
 * their sums stay exact.
 */
export const MAX_DURATION_NS = 240 * 3600e9;

/**
 * The highest rate (per second): one request per nanosecond, the resolution of virtual time.
 * Faster arrivals would share timestamps and the rate would no longer be what the run does.
 */
export const MAX_RATE = 1e9;

/**
 * The most requests a run may issue (all generators together, as the rates and windows promise).
 * Measured: a request costs about 100 kernel events in the small cloud (3,003 requests took
 * 309,212 events, tests' r50 scenario) and a traced run processes about 40,000 events per wall
 * second (the same run: 8 s), so 1e7 requests is about 7 hours of wall time — the longest run a
 * working session can wait for. `npm run bench -- soak` prints the current figures.
 */
export const MAX_REQUESTS = 1e7;

/**
 * The most closed-loop users. Measured: every user is a live process with a request in flight;
 * 100,000 users took 1.6 GB peak RSS (16 KB each), the size of Node's default heap on a 64-bit
 * machine, so more cannot run without raising --max-old-space-size.
 */
export const MAX_USERS = 100_000;

/**
 * The most report windows (`report.periods: windows`). Window names have three digits (w000 to
 * w999, so they sort in time order), every request looks its period up by a scan, and
 * summary.json carries a latency entry per workflow per window.
 */
export const MAX_WINDOWS = 1000;

/** The most traces kept per period (each kept trace is held in memory until the summary is written). */
export const MAX_KEEP_TRACES = 1_000_000;

/**
 * A clock's drift, ppm: above −1e6 (at −1e6 a clock stops; below, it would run backwards, which
 * no clock does — a step back is an offset) and at most +1e6 (twice the true rate). With
 * durations under MAX_DURATION_NS, host-clock times then stay exact (under 2^53).
 */
export const MIN_DRIFT_PPM = -1e6;
export const MAX_DRIFT_PPM = 1e6;

/** A clock's offset, either way: as long as the longest duration, for the same reason. */
export const MAX_CLOCK_OFFSET_NS = MAX_DURATION_NS;

const DURATION_TEXT = formatDuration(MAX_DURATION_NS);

export const DURATION_BOUND = `at most ${DURATION_TEXT} (10 days): virtual time is whole ns in a double, exact to 2^53 ns, and a run adds durations together`;

export const RATE_BOUND = `at most ${MAX_RATE.toExponential().replace("e+", "e")} per second (one request per ns, the resolution of virtual time)`;

export const DRIFT_BOUND = `more than ${MIN_DRIFT_PPM} ppm (a stopped clock) and at most ${MAX_DRIFT_PPM} ppm (twice the true rate), so host-clock times stay exact`;

export const OFFSET_BOUND = `at most ${DURATION_TEXT} (10 days) either way, so host-clock times stay exact`;

/** "12,345,678" for messages. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n >= 1e15) return n.toExponential(2).replace("e+", "e");
  return Math.round(n).toLocaleString("en-US");
}
