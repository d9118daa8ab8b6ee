// A request's true critical path, read from the kernel's causality record (sim/kernel/causality.ts):
// walking back from the point where the request ended, each step to the predecessor that ended
// the wait, every segment labelled with what the simulation was doing — a service's operation
// (the model's activity, sim/openstack/truth.ts) or a message in transit (`network`).
import { TRANSIT } from "../../kernel/index.ts";
import type { CausalPoint } from "../../kernel/index.ts";
import { activity } from "../../openstack/truth.ts";
import type { Activity } from "../../openstack/truth.ts";

/** A message between hosts (or through the broker): nobody's work. */
export const NETWORK: Activity = activity("network", "network");
/** Time the record cannot attribute (a wait outside any activity): counted, never matched. */
export const UNKNOWN: Activity = activity("unknown", "unknown");

export interface TrueSegment {
  readonly start: number;
  readonly end: number;
  readonly activity: Activity;
}

/**
 * The critical path of the scope that ended at `end`, chronological, zero-length segments left
 * out and adjacent segments of one activity merged. A wait labelled null (a message queued for
 * its consumer) is charged to the activity that takes the path over after it.
 */
export function trueCriticalPath(end: CausalPoint): TrueSegment[] {
  const scope = end.scope;
  const walked: { start: number; end: number; activity: Activity | null }[] = [];
  for (let p: CausalPoint = end; p.prev !== null && p.prev.scope === scope; p = p.prev) {
    if (p.t === p.prev.t) continue;
    walked.push({ start: p.prev.t, end: p.t, activity: p.kind === TRANSIT ? NETWORK : (p.label as Activity | null) });
  }
  // `walked` is latest first: the activity seen last so far is the one that comes next in time.
  let next: Activity | null = null;
  for (const s of walked) {
    if (s.activity === null) s.activity = next ?? UNKNOWN;
    else if (s.activity !== NETWORK) next = s.activity;
  }
  const out: TrueSegment[] = [];
  for (let i = walked.length - 1; i >= 0; i--) {
    const s = walked[i]!;
    const last = out[out.length - 1];
    if (last !== undefined && last.activity === s.activity && last.end === s.start) out[out.length - 1] = { start: last.start, end: s.end, activity: last.activity };
    else out.push({ start: s.start, end: s.end, activity: s.activity! });
  }
  return out;
}
