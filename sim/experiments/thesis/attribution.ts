// Critical-path time per activity, and how far an estimate is from the truth.
//
// The error of an estimated critical path against the true one, per request: with T(a) and E(a)
// the time the true and the estimated path give activity a (a service's operation, or the network),
//
//     error = Σ_a |T(a) − E(a)| / (2 · Σ_a T(a))
//
// When the estimate covers the request's true latency exactly (Σ E = Σ T) this is the share of
// the request's time the estimate attributes to the wrong activity: 0 when every nanosecond is
// where it was spent, 1 when none is. An estimate that is longer or shorter than the truth (clock
// skew, missing spans) also pays half the difference. The service-level error is the same with
// every operation of a service taken together.
import type { Activity } from "../../openstack/truth.ts";

export type Level = "operation" | "service";

/** The key an activity is compared under at a level. */
export function keyOf(a: Activity, level: Level): string {
  return level === "service" ? a.service : `${a.service} ${a.operation}`;
}

/** Time per key (ns), summed over sections; negative lengths (clock skew) count 0. */
export function timeBy(sections: Iterable<{ readonly start: number; readonly end: number; readonly activity: Activity }>, level: Level): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of sections) {
    const d = Math.max(0, s.end - s.start);
    if (d === 0) continue;
    const k = keyOf(s.activity, level);
    out.set(k, (out.get(k) ?? 0) + d);
  }
  return out;
}

export interface Attribution {
  /** Σ |T − E| / 2, ns. */
  readonly misattributedNs: number;
  /** Σ T, ns: the request's true latency along its path. */
  readonly trueNs: number;
  readonly estimatedNs: number;
}

export function compareAttribution(truth: ReadonlyMap<string, number>, estimate: ReadonlyMap<string, number>): Attribution {
  let diff = 0;
  let trueNs = 0;
  let estimatedNs = 0;
  for (const [k, t] of truth) {
    trueNs += t;
    diff += Math.abs(t - (estimate.get(k) ?? 0));
  }
  for (const [k, e] of estimate) {
    estimatedNs += e;
    if (!truth.has(k)) diff += e;
  }
  return { misattributedNs: diff / 2, trueNs, estimatedNs };
}

/**
 * The key with the most time, the network left out (what a reader of the path would look into
 * first); ties go to the smaller key. Undefined when nothing but the network has time.
 */
export function topKey(times: ReadonlyMap<string, number>, network: string): string | undefined {
  let best: string | undefined;
  let most = 0;
  for (const [k, t] of times) {
    if (k === network) continue;
    if (t > most || (t === most && best !== undefined && k < best)) {
      best = k;
      most = t;
    }
  }
  return best;
}

/**
 * The share of the true time of activities other than `network` that the estimate does not give
 * to that activity: Σ_{a ≠ network} max(0, T(a) − E(a)) / Σ T. Work charged to the wrong
 * operation (a wrong child picked, a span clipped) shows here; time only moved between the
 * network and the operations on either end of a message does not.
 */
export function missedWork(truth: ReadonlyMap<string, number>, estimate: ReadonlyMap<string, number>, network: string): number {
  let missed = 0;
  let total = 0;
  for (const [k, t] of truth) {
    total += t;
    if (k !== network) missed += Math.max(0, t - (estimate.get(k) ?? 0));
  }
  return total === 0 ? 0 : missed / total;
}

/** The error of one request (0 for a request with no time on its path). */
export function attributionError(a: Attribution): number {
  return a.trueNs === 0 ? 0 : a.misattributedNs / a.trueNs;
}
