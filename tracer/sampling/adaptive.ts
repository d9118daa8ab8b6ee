// Jaeger's adaptive sampling, run in-process: each operation is sampled by a
// guaranteed-throughput sampler whose probability is recomputed every `calculationIntervalNs`
// from the throughput of sampled traces observed, so each operation yields about
// `targetTracesPerSecond`. Calculation as in jaeger's adaptive processor: a weighted QPS over
// the last buckets (weights i^4, newest heaviest), no change within `deltaTolerance`, doubling
// when nothing was sampled, decreases applied at once and increases capped
// (PercentageIncreaseCappedCalculator), clamped to [minProbability, 1]. Defaults are the
// jaeger-collector 1.35 CLI's. Share one instance across a service's tracers to get the
// collector's service-wide aggregation.
import type { Sampler, SamplingParams, SamplingResult } from "../model/sampler.ts";
import type { Clock } from "../model/types.ts";
import { SamplingConfigError } from "./errors.ts";
import { checkClock, PerOperation } from "./rate-limiting.ts";

export interface AdaptiveOptions {
  readonly clock: Clock;
  /** Default 1. */
  readonly targetTracesPerSecond?: number;
  /** Default 0.001. */
  readonly initialProbability?: number;
  /** Default 1e-5. */
  readonly minProbability?: number;
  /** The per-operation lower bound, traces/s. Default 1/60. */
  readonly minSamplesPerSecond?: number;
  /** Default 60 s. */
  readonly calculationIntervalNs?: number;
  /** Default 0.3. */
  readonly deltaTolerance?: number;
  /** Largest relative increase per calculation. Default 1 (jaeger's processor). */
  readonly percentageIncreaseCap?: number;
  /** Buckets of throughput the weighted QPS uses. Default 1. */
  readonly bucketsForCalculation?: number;
}

/** jaeger's PercentageIncreaseCappedCalculator.Calculate. */
export function cappedProbability(targetQps: number, currentQps: number, previous: number, cap: number): number {
  if (currentQps === 0) return previous;
  const factor = targetQps / currentQps;
  let next = previous * factor;
  if (factor > 1 && (next - previous) / previous > cap) next = previous + previous * cap;
  return next;
}

/** Weights (n - i)^4 for i = 0..n-1, normalised: the newest bucket counts most. */
export function bucketWeights(n: number): number[] {
  const w: number[] = [];
  let sum = 0;
  for (let i = n; i > 0; i--) {
    w.push(i ** 4);
    sum += i ** 4;
  }
  return w.map((x) => x / sum);
}

interface OperationState {
  /** Sampled traces and requests in the current interval. */
  sampled: number;
  requests: number;
  /** Sampled QPS of past intervals, newest first. */
  history: number[];
  requestsInWindow: number[];
}

export interface AdaptiveSnapshot {
  readonly operation: string;
  readonly probability: number;
  readonly qps: number;
}

function positive(path: string, v: unknown, min = 0, max = Infinity): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) throw new SamplingConfigError(path, `a number in [${min}, ${max}]`, v);
  return v;
}

export class Adaptive implements Sampler {
  private readonly clock: Clock;
  private readonly perOp: PerOperation;
  private readonly ops = new Map<string, OperationState>();
  private readonly target: number;
  private readonly minProbability: number;
  private readonly intervalNs: number;
  private readonly tolerance: number;
  private readonly cap: number;
  private readonly buckets: number;
  private readonly weights: number[];
  private nextAt: number;
  /** Recalculations done so far. */
  calculations = 0;
  private lastQps = new Map<string, number>();

  constructor(options: AdaptiveOptions) {
    this.clock = checkClock("adaptive.clock", options?.clock);
    this.target = positive("adaptive.targetTracesPerSecond", options.targetTracesPerSecond ?? 1, Number.MIN_VALUE);
    const initial = positive("adaptive.initialProbability", options.initialProbability ?? 0.001, 0, 1);
    this.minProbability = positive("adaptive.minProbability", options.minProbability ?? 1e-5, 0, 1);
    const lowerBound = positive("adaptive.minSamplesPerSecond", options.minSamplesPerSecond ?? 1 / 60);
    this.intervalNs = positive("adaptive.calculationIntervalNs", options.calculationIntervalNs ?? 60e9, 1);
    this.tolerance = positive("adaptive.deltaTolerance", options.deltaTolerance ?? 0.3);
    this.cap = positive("adaptive.percentageIncreaseCap", options.percentageIncreaseCap ?? 1, Number.MIN_VALUE);
    const buckets = options.bucketsForCalculation ?? 1;
    if (!Number.isInteger(buckets) || buckets < 1) throw new SamplingConfigError("adaptive.bucketsForCalculation", "an integer >= 1", buckets);
    this.buckets = buckets;
    this.weights = bucketWeights(buckets);
    this.perOp = new PerOperation({ clock: this.clock, defaultRate: initial, lowerBoundTracesPerSecond: lowerBound });
    this.nextAt = this.clock.now() + this.intervalNs;
  }

  shouldSample(params: SamplingParams): SamplingResult {
    const now = this.clock.now();
    if (now >= this.nextAt) this.recalculate(now);
    let op = this.ops.get(params.name);
    if (op === undefined) {
      op = { sampled: 0, requests: 0, history: [], requestsInWindow: [] };
      this.ops.set(params.name, op);
    }
    const result = this.perOp.shouldSample(params);
    op.requests++;
    if (result.decision) op.sampled++;
    return result;
  }

  private recalculate(now: number): void {
    // Past `buckets` + 1 closed intervals every window is empty, so later ones change nothing.
    let closed = 0;
    while (now >= this.nextAt) {
      if (closed++ <= this.buckets) {
        this.closeInterval();
        this.nextAt += this.intervalNs;
      } else this.nextAt += (Math.floor((now - this.nextAt) / this.intervalNs) + 1) * this.intervalNs;
    }
  }

  private closeInterval(): void {
    this.calculations++;
    const seconds = this.intervalNs / 1e9;
    for (const [name, op] of this.ops) {
      op.history.unshift(op.sampled / seconds);
      op.requestsInWindow.unshift(op.requests);
      if (op.history.length > this.buckets) {
        op.history.pop();
        op.requestsInWindow.pop();
      }
      op.sampled = 0;
      op.requests = 0;
      // An operation nobody called in the window keeps its probability.
      if (op.requestsInWindow.every((r) => r === 0)) continue;
      const weights = op.history.length === this.buckets ? this.weights : bucketWeights(op.history.length);
      let qps = 0;
      for (let i = 0; i < op.history.length; i++) qps += op.history[i]! * weights[i]!;
      this.lastQps.set(name, qps);
      const old = this.perOp.rateOf(name);
      if (Math.abs(qps - this.target) / this.target < this.tolerance) continue;
      const next = qps === 0 ? old * 2 : cappedProbability(this.target, qps, old, this.cap);
      this.perOp.setRate(name, Math.min(1, Math.max(this.minProbability, next)));
    }
  }

  /** Current probability and last weighted QPS per operation, sorted by name. */
  snapshot(): AdaptiveSnapshot[] {
    return [...this.ops.keys()].sort().map((operation) => ({
      operation,
      probability: this.perOp.rateOf(operation),
      qps: this.lastQps.get(operation) ?? 0,
    }));
  }

  probabilityOf(operation: string): number {
    return this.perOp.rateOf(operation);
  }
}

export function adaptive(options: AdaptiveOptions): Adaptive {
  return new Adaptive(options);
}
