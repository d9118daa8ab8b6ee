// The critical path of one request on its DAG, as labelled sections.

/**
 * What a section's time was spent on: `work` (the span's own processing), `queue` (waiting for
 * a pool slot or worker), `network` (a message between hosts), `retry` / `timeout` (waiting to
 * retry, or for a timeout to fire).
 */
export type SectionKind = "work" | "queue" | "network" | "retry" | "timeout";

export interface DagSection {
  /** The events the section runs between (from precedes to on the DAG). */
  readonly from: string;
  readonly to: string;
  /** Host-clock timestamps of the two events; a cross-host section mixes two clocks. */
  readonly start: number;
  readonly end: number;
  readonly spanId: string;
  readonly service: string;
  readonly operation: string;
  readonly kind: SectionKind;
  /** `[svc] op > [svc] op …` from the root span down to this section's span. */
  readonly callPath: string;
}

/** Critical-path time of one (call path, kind): what diagnosis compares between windows. */
export interface Segment {
  readonly key: string;
  readonly service: string;
  readonly operation: string;
  readonly callPath: string;
  readonly kind: SectionKind;
  /** Sum of section lengths, ns; sections that clock skew made negative count 0. */
  readonly time: number;
}

export interface DagCriticalPath {
  readonly traceId: string;
  /** Chronological (the reverse of the walk). */
  readonly sections: readonly DagSection[];
  /** The event the walk started from: the root span's end, else the latest sink. */
  readonly endEvent: string | undefined;
  /** end − start of the walk: the request's response time as the path sees it. */
  readonly duration: number;
  /** Sections whose end is before their start: the two hosts' clocks disagree. */
  readonly skewedSections: number;
  /** Per segment, sorted by key. */
  readonly segments: readonly Segment[];
}

export const segmentKey = (callPath: string, kind: SectionKind): string => (kind === "work" ? callPath : `${callPath} (${kind})`);
