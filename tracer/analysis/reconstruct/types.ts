// A trace's DAG as analysis sees it: events in a canonical topological order with parent and
// child edges by index. Both reconstructions (explicit parent ids, ITC stamps) produce this.
import type { TraceEvent } from "../../model/types.ts";

/** An event id some event names as a parent but the trace does not hold (lost in collection). */
export interface MissingParent {
  readonly eventId: string;
  /** Ids of the events that name it, sorted. */
  readonly referencedBy: readonly string[];
}

/**
 * An event some of whose ITC-derived predecessors may reach it only through lost events: its
 * stamp carries history they do not explain, or it borders a span whose start or end is
 * missing. Those edges are certain as happens-before but not as direct edges, so they are
 * listed here instead of in `parents` — an edge in `parents` is never a guess.
 */
export interface ItcGap {
  readonly eventId: string;
  /** The nearest events known to precede it (possibly through lost events), sorted. */
  readonly precededBy: readonly string[];
  readonly reason: "unexplained-stamp" | "incomplete-span" | "recv-without-send" | "skips-span";
}

export interface Dag {
  readonly traceId: string;
  readonly source: "explicit" | "itc";
  /** Canonical topological order: by (timestamp, eventId), parents moved before children. */
  readonly events: readonly TraceEvent[];
  /** Direct predecessors of events[i], as indices, ascending. */
  readonly parents: readonly (readonly number[])[];
  /** Direct successors of events[i], as indices, ascending. */
  readonly children: readonly (readonly number[])[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** True when events were lost: missing parents, stamp gaps, or spans lacking a start or end. */
  readonly partial: boolean;
  readonly missing: readonly MissingParent[];
  /** Span ids that have events but no `start` or no `end` event, sorted. */
  readonly incompleteSpans: readonly string[];
  readonly gaps: readonly ItcGap[];
  /** Pairs of distinct events with equal stamps: ITC cannot order them, so no edge joins them. */
  readonly indistinct: readonly (readonly [string, string])[];
}

export type ReconstructionErrorReason = "duplicate-event" | "cycle" | "self-parent" | "no-stamp" | "bad-stamp" | "mixed-traces";

/** Input a trace file can contain but a DAG cannot be built from; names the trace and event. */
export class ReconstructionError extends Error {
  readonly reason: ReconstructionErrorReason;
  readonly traceId: string;
  readonly eventId: string | undefined;
  constructor(reason: ReconstructionErrorReason, traceId: string, eventId: string | undefined, message: string) {
    super(`trace ${traceId}${eventId === undefined ? "" : `, event ${eventId}`}: ${message}`);
    this.name = "ReconstructionError";
    this.reason = reason;
    this.traceId = traceId;
    this.eventId = eventId;
  }
}
