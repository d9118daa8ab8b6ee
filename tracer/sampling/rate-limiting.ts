// Jaeger's rate-limiting sampler (`ratelimiting`, r traces per second) and its
// guaranteed-throughput probabilistic sampler: probabilistic, plus a lower-bound rate limiter
// so every operation is sampled at least `lowerBound` times per second (jaeger-client-go #57).
import type { Sampler, SamplingParams, SamplingResult } from "../model/sampler.ts";
import type { Clock } from "../model/types.ts";
import { SamplingConfigError } from "./errors.ts";
import { checkRate } from "./head.ts";
import { traceIdUniform } from "./randomness.ts";
import { TokenBucket } from "./rate-limiter.ts";

const NO: SamplingResult = Object.freeze({ decision: false });

export function checkClock(path: string, clock: unknown): Clock {
  if (typeof (clock as Clock | null)?.now !== "function") throw new SamplingConfigError(path, "a Clock (an object with now(): ns)", clock);
  return clock as Clock;
}

function checkTps(path: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new SamplingConfigError(path, "traces per second >= 0", v);
  return v;
}

export function rateLimiting(options: { readonly tracesPerSecond: number; readonly clock: Clock }): Sampler {
  const tps = checkTps("ratelimiting.tracesPerSecond", options?.tracesPerSecond);
  const clock = checkClock("ratelimiting.clock", options.clock);
  // jaeger-client-go: the bucket holds max(r, 1) so rates below 1/s still let one trace through.
  const bucket = new TokenBucket(clock, tps, Math.max(tps, 1));
  const yes = Object.freeze({ decision: true, attributes: Object.freeze({ "sampler.type": "ratelimiting", "sampler.param": tps }) });
  return { shouldSample: () => (bucket.trySpend() ? yes : NO) };
}

/** Probabilistic at `rate`, or else admitted by the lower-bound limiter. */
export class GuaranteedThroughput implements Sampler {
  private readonly limiter: TokenBucket;
  private rate: number;
  private lowerBound: number;
  private yesProbabilistic: SamplingResult;
  private yesLowerBound: SamplingResult;

  constructor(clock: Clock, rate: number, lowerBound: number) {
    this.rate = rate;
    this.lowerBound = lowerBound;
    this.limiter = new TokenBucket(clock, lowerBound, 1);
    this.yesProbabilistic = GuaranteedThroughput.tag("probabilistic", rate);
    this.yesLowerBound = GuaranteedThroughput.tag("lowerbound", lowerBound);
  }

  private static tag(type: string, param: number): SamplingResult {
    return Object.freeze({ decision: true, attributes: Object.freeze({ "sampler.type": type, "sampler.param": param }) });
  }

  get samplingRate(): number {
    return this.rate;
  }

  update(rate: number, lowerBound: number): void {
    if (rate !== this.rate) {
      this.rate = rate;
      this.yesProbabilistic = GuaranteedThroughput.tag("probabilistic", rate);
    }
    if (lowerBound !== this.lowerBound) {
      this.lowerBound = lowerBound;
      this.limiter.update(lowerBound, 1);
      this.yesLowerBound = GuaranteedThroughput.tag("lowerbound", lowerBound);
    }
  }

  shouldSample(params: SamplingParams): SamplingResult {
    if (traceIdUniform(params.traceId) < this.rate) {
      // Spend a credit anyway, as Jaeger does, so the lower bound only tops up.
      this.limiter.trySpend();
      return this.yesProbabilistic;
    }
    return this.limiter.trySpend() ? this.yesLowerBound : NO;
  }
}

export interface PerOperationOptions {
  readonly clock: Clock;
  /** Probability for operations without their own. Jaeger's default 0.001. */
  readonly defaultRate?: number;
  /** Traces per second every operation gets at least. Jaeger's adaptive default 1/60. */
  readonly lowerBoundTracesPerSecond?: number;
  readonly operations?: Readonly<Record<string, number>>;
  /** Past this many operations, new ones share the default probabilistic sampler. Default 2000. */
  readonly maxOperations?: number;
}

/** Jaeger's per-operation strategy: one guaranteed-throughput sampler per operation name. */
export class PerOperation implements Sampler {
  private readonly samplers = new Map<string, GuaranteedThroughput>();
  private readonly clock: Clock;
  private defaultRate: number;
  private lowerBound: number;
  private readonly maxOperations: number;

  constructor(options: PerOperationOptions) {
    this.clock = checkClock("perOperation.clock", options?.clock);
    this.defaultRate = checkRate("perOperation.defaultRate", options.defaultRate ?? 0.001);
    this.lowerBound = checkTps("perOperation.lowerBoundTracesPerSecond", options.lowerBoundTracesPerSecond ?? 1 / 60);
    const max = options.maxOperations ?? 2000;
    if (!Number.isInteger(max) || max < 0) throw new SamplingConfigError("perOperation.maxOperations", "an integer >= 0", max);
    this.maxOperations = max;
    for (const [op, rate] of Object.entries(options.operations ?? {})) {
      this.samplers.set(op, new GuaranteedThroughput(this.clock, checkRate(`perOperation.operations.${op}`, rate), this.lowerBound));
    }
  }

  /** The current probability for an operation (the default for unknown ones). */
  rateOf(operation: string): number {
    return this.samplers.get(operation)?.samplingRate ?? this.defaultRate;
  }

  operations(): string[] {
    return [...this.samplers.keys()].sort();
  }

  setRate(operation: string, rate: number): void {
    const s = this.samplers.get(operation);
    if (s !== undefined) s.update(rate, this.lowerBound);
    else this.samplers.set(operation, new GuaranteedThroughput(this.clock, rate, this.lowerBound));
  }

  shouldSample(params: SamplingParams): SamplingResult {
    let s = this.samplers.get(params.name);
    if (s === undefined) {
      if (this.samplers.size >= this.maxOperations) {
        return traceIdUniform(params.traceId) < this.defaultRate
          ? { decision: true, attributes: { "sampler.type": "probabilistic", "sampler.param": this.defaultRate } }
          : NO;
      }
      s = new GuaranteedThroughput(this.clock, this.defaultRate, this.lowerBound);
      this.samplers.set(params.name, s);
    }
    return s.shouldSample(params);
  }
}

export function perOperation(options: PerOperationOptions): PerOperation {
  return new PerOperation(options);
}
