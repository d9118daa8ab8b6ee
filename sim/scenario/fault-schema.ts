// The faults block: a timeline of plain-data fault specs, mirroring sim/faults/types.ts
// (FaultSpec) field for field, with durations written as "250ms" and the like. Each entry
// says what (kind), when (at, for) and where (target), plus the kind's parameters. Which target
// forms each kind accepts is the model's check (sim/faults/resolve.ts, documented in
// sim/faults/README.md); the descriptions below reach `tracebed schema`.
import { z } from "zod";
import { durationDistributionSchema } from "./distribution.ts";
import { DRIFT_BOUND, MAX_CLOCK_OFFSET_NS, MAX_DRIFT_PPM, MIN_DRIFT_PPM, OFFSET_BOUND } from "./bounds.ts";
import { durationSchema, positiveDurationSchema, rateSchema } from "./duration.ts";

export const targetSchema = z
  .strictObject({
    service: z.string().min(1).optional(),
    instance: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    link: z.string().min(1).optional(),
    operation: z.string().min(1).optional(),
  })
  .meta({
    description:
      'Where the fault applies: a service ("keystone"), an instance ("keystone-1"), a host ("controller-1"), a link ("a<->b" both ways, "a->b" one way), an operation ("keystone.validate_token", or "validate_token" with service).',
  });

const probability = z.number().min(0).max(1);

/** A clock offset, a signed duration: "-20ms", "+5ms", or ns; at most MAX_CLOCK_OFFSET_NS either way. */
export const clockOffsetSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx): number => {
    let ns: number;
    if (typeof value === "number") ns = Math.round(value);
    else {
      const text = value.trim();
      const sign = text.startsWith("-") ? -1 : 1;
      const parsed = durationSchema.safeParse(text.replace(/^[-+]/, ""));
      if (!parsed.success) {
        const tooLong = parsed.error.issues.some((i) => i.message.startsWith("expected a duration at most"));
        ctx.addIssue({ code: "custom", message: tooLong ? `expected a clock offset ${OFFSET_BOUND}, got "${value}"` : `expected a signed duration like "-20ms", got "${value}"` });
        return z.NEVER;
      }
      ns = sign * parsed.data;
    }
    if (!(Math.abs(ns) <= MAX_CLOCK_OFFSET_NS)) {
      ctx.addIssue({ code: "custom", message: `expected a clock offset ${OFFSET_BOUND}, got ${typeof value === "number" ? String(value) : JSON.stringify(value)}` });
      return z.NEVER;
    }
    return ns;
  });

/** A clock's rate error in ppm, within (MIN_DRIFT_PPM, MAX_DRIFT_PPM]. */
export const driftPpmSchema = z.number().superRefine((v, ctx) => {
  if (!(v > MIN_DRIFT_PPM && v <= MAX_DRIFT_PPM)) ctx.addIssue({ code: "custom", message: `expected a drift ${DRIFT_BOUND}, got ${v}` });
});

/** Growth of an added latency: linear in time ("2ms" more per second), or Keystone's revocation events. */
const growthSchema = z.union([
  z.strictObject({ nsPerSecond: durationSchema }),
  z.strictObject({ state: z.literal("revocation-events"), eventsPerSecond: rateSchema }),
]);

const common = {
  id: z.string().min(1).optional(),
  at: durationSchema,
  for: positiveDurationSchema.optional(),
  target: targetSchema,
};

const d = (description: string) => ({ description });

export const faultSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("latency"), ...common, add: durationDistributionSchema.optional(), growth: growthSchema.optional() })
    .meta(d("Added latency: on an operation's own work (a service, instance or host: all their operations), or on a link. growth: {nsPerSecond} grows it linearly; {state: revocation-events, eventsPerSecond} makes Keystone keep revocation events that every validation scans.")),
  z.strictObject({ kind: z.literal("error"), ...common, probability, message: z.string().optional() })
    .meta(d("Each call of the targeted operations fails with this probability: HTTP 500 at an API, RemoteError for an RPC method, DBError on the caller's db span for a database operation, a miss for a cache operation.")),
  z.strictObject({ kind: z.literal("crash"), ...common })
    .meta(d("A service's or instance's processes are killed (connections refused), or a host goes away (silence); restarts after `for`.")),
  z.strictObject({ kind: z.literal("freeze"), ...common })
    .meta(d("SIGSTOP: nothing on the service, instance or host makes progress until it thaws after `for`.")),
  z.strictObject({ kind: z.literal("partition"), ...common, direction: z.enum(["both", "out", "in"]).optional().meta(d("For a host: cut both directions (default), only what it sends, or only what it receives.")) })
    .meta(d("A link (a<->b, or one way a->b) or a host is cut off; heals after `for`.")),
  z.strictObject({ kind: z.literal("message-loss"), ...common, probability })
    .meta(d("Messages lost: on a link to or from the broker, AMQP messages (a lost call times out, a lost cast is never handled); on another link, packets (TCP retransmits); on an RPC service, instance or host, messages of its queues.")),
  z.strictObject({ kind: z.literal("message-delay"), ...common, delay: durationDistributionSchema })
    .meta(d("Every packet and message on a link, or every delivery from an RPC service's, instance's or host's queues, takes this much longer.")),
  z.strictObject({ kind: z.literal("message-duplication"), ...common, probability })
    .meta(d("Messages to an RPC topic several servers share (service nova-conductor or nova-scheduler) are enqueued twice: a second server runs the handler again.")),
  z.strictObject({ kind: z.literal("slow-dependency"), ...common, dependency: z.enum(["db", "cache", "broker"]), add: durationDistributionSchema })
    .meta(d("The database, memcached or the broker takes this much longer per query, cache call or routed message. Target: none (the whole dependency), or its service, instance or host.")),
  z.strictObject({ kind: z.literal("cache-outage"), ...common })
    .meta(d("memcached goes away and comes back empty: every token is validated with Keystone. Target: none, or memcached's service, instance or host.")),
  z.strictObject({
    kind: z.literal("limit"),
    ...common,
    limit: z.enum(["workers", "db-pool", "max-concurrent-builds", "executor", "db-threads"]),
    value: z.number().int().nonnegative(),
  }).meta(d("A pool lowered to `value` slots (requests beyond it queue): WSGI workers of an API service, an oslo.db connection pool, nova-compute's max_concurrent_builds, an RPC executor, or the database's threads (no target needed).")),
  z.strictObject({ kind: z.literal("clock-skew"), ...common, offsetNs: clockOffsetSchema.optional(), driftPpm: driftPpmSchema.optional() })
    .meta(d("A host's clock (or the hosts of a service or instance) is offset and/or drifts: its trace timestamps disagree with causal order.")),
]);

export const faultsSchema = z.array(faultSchema).default([]);

export type FaultSpec = z.output<typeof faultSchema>;
export type FaultKind = FaultSpec["kind"];
