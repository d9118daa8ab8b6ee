// summary.json's tracer.security: what the tracers refused. Triggers refused by reason (an
// on-demand sampler's decisions: a bad or retired key, a missing HMAC, a malformed payload, and
// with replay protection a missing nonce, an expired or replayed trigger, a full replay cache),
// and propagation headers rejected by format and reason (a malformed traceparent, an oversized
// tracestate, a bad uberctx-* entry, …), summed over every tracer of the run.
import { FORMATS } from "../../tracer/context/types.ts";
import type { Tracer } from "../../tracer/index.ts";
import { TRIGGER_REFUSALS } from "../../tracer/sampling/index.ts";
import type { OnDemandSampler } from "../../tracer/sampling/index.ts";

export interface TriggerSummary {
  /** Whether triggers had to carry a nonce and an expiry (the sampler's replayProtection). */
  replayProtection: boolean;
  /** Requests a verified trigger started a trace for. */
  traced: number;
  /** Requests that came without a trigger (served untraced, not refusals). */
  noTrigger: number;
  /** Triggers refused, by reason (every reason listed, in a fixed order). */
  refused: Record<string, number>;
}

export interface SecuritySummary {
  /** Present when the sampler is OSProfiler's on-demand trigger. */
  triggers?: TriggerSummary;
  /** Rejected propagation headers: format → reason → count (every format listed; reasons sorted). */
  rejectedHeaders: Record<string, Record<string, number>>;
}

const byKey = ([a]: [string, number], [b]: [string, number]): number => (a < b ? -1 : a > b ? 1 : 0);

export function securitySummary(tracers: readonly Tracer[], onDemand: { readonly samplers: readonly OnDemandSampler[]; readonly replayProtection: boolean } | undefined): SecuritySummary {
  const rejected: Record<string, Record<string, number>> = {};
  for (const format of FORMATS) {
    const sum = new Map<string, number>();
    for (const t of tracers) for (const [reason, n] of Object.entries(t.propagation[format])) sum.set(reason, (sum.get(reason) ?? 0) + n);
    rejected[format] = Object.fromEntries([...sum].sort(byKey));
  }
  const out: SecuritySummary = { rejectedHeaders: rejected };
  if (onDemand !== undefined) {
    const total = (outcome: keyof OnDemandSampler["stats"]): number => onDemand.samplers.reduce((n, s) => n + s.stats[outcome], 0);
    out.triggers = {
      replayProtection: onDemand.replayProtection,
      traced: total("traced"),
      noTrigger: total("no-header"),
      refused: Object.fromEntries(TRIGGER_REFUSALS.map((r) => [r, total(r)])),
    };
  }
  return out;
}
