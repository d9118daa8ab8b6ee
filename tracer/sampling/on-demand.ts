// OSProfiler's on-demand tracing: a request is traced only when it carries an X-Trace-Info
// payload whose X-Trace-HMAC verifies under one of the accepted keys. Anything else is served
// untraced and counted by reason; nothing is ever thrown into the service. Verification is
// the tracer core's OSProfiler reader (constant-time comparison, bounded decoding); this
// sampler adds the decision and the reasons, including "retired-key": a replayed header
// signed with a key that rotation has since retired.
//
// Beyond OSProfiler, `replay` turns on replay protection: a trigger must carry a nonce and an
// expiry inside its signed payload (tracers given `triggerTtlNs` sign them), is refused once
// expired or when it expires implausibly far ahead, and is accepted once only (ReplayCache).
// OSProfiler itself accepts a captured trigger without limit.
import { TRACE_INFO, readTrigger } from "../context/osprofiler.ts";
import { getHeader, withHeaderIndex } from "../context/carrier.ts";
import type { Sampler, SamplingParams, SamplingResult } from "../model/sampler.ts";
import type { Clock } from "../model/types.ts";
import { SamplingConfigError } from "./errors.ts";
import { ReplayCache } from "./replay-cache.ts";

export type OnDemandOutcome =
  | "traced"
  | "no-header"
  | "missing-hmac"
  | "bad-hmac"
  | "retired-key"
  | "malformed"
  | "missing-nonce"
  | "expired"
  | "replayed"
  | "replay-cache-full";

export const ON_DEMAND_OUTCOMES: readonly OnDemandOutcome[] = [
  "traced",
  "no-header",
  "missing-hmac",
  "bad-hmac",
  "retired-key",
  "malformed",
  "missing-nonce",
  "expired",
  "replayed",
  "replay-cache-full",
];

/** The reasons a trigger was refused (every outcome but traced and no-header). */
export const TRIGGER_REFUSALS: readonly OnDemandOutcome[] = ON_DEMAND_OUTCOMES.filter((o) => o !== "traced" && o !== "no-header");

/** Replay protection's defaults (choices, see ReplayCache for the sizing). */
export const REPLAY_DEFAULTS = {
  /** oslo.messaging's rpc_response_timeout (60 s): a request older than that has been given up by its caller. */
  ttlNs: 60e9,
  cacheSize: 10_000,
} as const;

export interface ReplayOptions {
  /** The receiver's clock (expiries are read against it). */
  readonly clock: Clock;
  /**
   * How long a trigger stays valid. An expiry more than twice this far ahead is refused too
   * (a signer's clock may run ahead of ours by up to one ttl; a choice), so a nonce is never
   * remembered for longer than that.
   */
  readonly ttlNs?: number;
  /** Nonces remembered at most (ReplayCache). */
  readonly cacheSize?: number;
}

export interface OnDemandOptions {
  /** Keys that verify a trigger (OSProfiler's `hmac_keys`, rotation: any of them). */
  readonly hmacKeys: readonly string[];
  /** Keys no longer accepted, recognised only to count replays of old triggers. */
  readonly retiredKeys?: readonly string[];
  /** Replay protection (off by default, for wire compatibility with OSProfiler). */
  readonly replay?: ReplayOptions;
}

export interface OnDemandSampler extends Sampler {
  /** Root decisions by outcome. */
  readonly stats: Readonly<Record<OnDemandOutcome, number>>;
  /** Whether triggers must carry a nonce and an expiry. */
  readonly replayProtection: boolean;
}

/** Marks on-demand samplers, so a parent-based sampler can refuse to wrap one. */
export const ON_DEMAND = Symbol("on-demand sampler");

const YES: SamplingResult = Object.freeze({ decision: true, attributes: Object.freeze({ "sampler.type": "on-demand" }) });
const NO: SamplingResult = Object.freeze({ decision: false });
const FOLLOW_YES: SamplingResult = Object.freeze({ decision: true });

function keys(path: string, v: unknown): readonly string[] {
  if (!Array.isArray(v) || v.some((k) => typeof k !== "string" || k === "")) throw new SamplingConfigError(path, "an array of non-empty strings", v);
  return v as string[];
}

function positiveInteger(path: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) throw new SamplingConfigError(path, "a whole number greater than 0", v);
  return v;
}

/** Refusals that come before the HMAC is found to match. */
const BEFORE_MATCH = new Set(["missing-hmac", "no-keys", "too-large", "bad-hmac"]);

/** Whether one of `keys` signed the trigger, whatever its payload holds. */
function signedWith(headers: Readonly<Record<string, string>>, keys: readonly string[]): boolean {
  const r = readTrigger(headers, keys, false);
  return r !== undefined && (r.ok || !BEFORE_MATCH.has(r.reason));
}

export function onDemand(options: OnDemandOptions): OnDemandSampler {
  const accepted = keys("onDemand.hmacKeys", options?.hmacKeys);
  if (accepted.length === 0) throw new SamplingConfigError("onDemand.hmacKeys", "at least one key (without a key nothing can be triggered)");
  const retired = keys("onDemand.retiredKeys", options.retiredKeys ?? []);
  const replay = options.replay;
  if (replay !== undefined && typeof replay.clock?.now !== "function") throw new SamplingConfigError("onDemand.replay.clock", "a clock with now()", replay.clock);
  const ttl = replay === undefined ? 0 : positiveInteger("onDemand.replay.ttlNs", replay.ttlNs ?? REPLAY_DEFAULTS.ttlNs);
  const cache = replay === undefined ? undefined : new ReplayCache(positiveInteger("onDemand.replay.cacheSize", replay.cacheSize ?? REPLAY_DEFAULTS.cacheSize));
  const fresh = replay !== undefined;
  const stats = Object.fromEntries(ON_DEMAND_OUTCOMES.map((o) => [o, 0])) as Record<OnDemandOutcome, number>;
  const outcome = (params: SamplingParams): OnDemandOutcome => {
    const headers = params.headers;
    if (headers === undefined || getHeader(headers, TRACE_INFO) === undefined) return "no-header";
    const reading = readTrigger(headers, accepted, fresh);
    if (reading === undefined) return "no-header";
    if (!reading.ok) {
      if (reading.reason === "missing-hmac") return "missing-hmac";
      if (reading.reason === "missing-nonce") return "missing-nonce";
      if (reading.reason === "bad-hmac") return retired.length > 0 && signedWith(headers, retired) ? "retired-key" : "bad-hmac";
      return "malformed";
    }
    if (cache === undefined) return "traced";
    const now = replay!.clock.now();
    const expires = reading.expires!;
    if (expires < now || expires > now + 2 * ttl) return "expired";
    const admitted = cache.admit(reading.nonce!, expires, now);
    return admitted === "fresh" ? "traced" : admitted === "replayed" ? "replayed" : "replay-cache-full";
  };
  return {
    [ON_DEMAND]: true,
    stats,
    replayProtection: fresh,
    shouldSample(params: SamplingParams): SamplingResult {
      // Within a process the trigger's decision carries on to child spans.
      if (params.parent !== undefined && !params.parent.remote) return params.parent.sampled ? FOLLOW_YES : NO;
      const headers = params.headers;
      const o = headers === undefined ? outcome(params) : withHeaderIndex(headers, () => outcome(params));
      stats[o]++;
      return o === "traced" ? YES : NO;
    },
  } as OnDemandSampler;
}

export function isOnDemand(sampler: unknown): sampler is OnDemandSampler {
  return typeof sampler === "object" && sampler !== null && (sampler as Record<symbol, unknown>)[ON_DEMAND] === true;
}
