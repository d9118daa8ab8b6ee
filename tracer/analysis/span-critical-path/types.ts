// The neutral span shape both span critical-path semantics read. It is the schema of the
// conformance cases in shared/testdata/critical-path, so those files feed it directly, and the
// adapters (SpanRecord, imported Jaeger/OTLP files) all land here. Times are in whatever unit
// the input uses (µs for Jaeger files, ns for tracebed's own spans); nothing here converts them.

import type { SpanKind } from "../../model/types.ts";

export type RefType = "CHILD_OF" | "FOLLOWS_FROM";

export interface CpReference {
  readonly refType: RefType;
  readonly spanID: string;
}

export interface CpSpan {
  readonly spanID: string;
  /** The layout parent: the first reference for Jaeger files, the CHILD_OF one for CRISP's. */
  readonly parentSpanID: string | null;
  readonly operationName: string;
  readonly serviceName: string;
  readonly startTime: number;
  readonly duration: number;
  readonly references: readonly CpReference[];
  readonly kind?: SpanKind | undefined;
  /** Only CRISP reads it: a parent and child on different hosts may be clock-skewed. */
  readonly host?: string | undefined;
}

export type Semantics = "jaeger" | "crisp";

/** `[start, end)` during which `spanID` alone is on the critical path (its self time). */
export interface CpSection {
  readonly spanID: string;
  readonly start: number;
  readonly end: number;
}

export interface SpanCriticalPath {
  /** Sections in the semantics' walk order (Jaeger: latest first; CRISP: depth-first path order). */
  readonly sections: readonly CpSection[];
  /** Span ids on the path in walk order, each once (CRISP's `findCriticalPath` list). */
  readonly path: readonly string[];
  /**
   * Critical-path exclusive time per `[service] operation`, keys in walk order. Jaeger: the sum
   * of the operation's section lengths (an operation without time has no key). CRISP: duration
   * minus path children's durations, summed, a negative total set to 0 (kept, as 0).
   */
  readonly exclusive: Readonly<Record<string, number>>;
  /**
   * Exclusive time per call path `[S1] O1->[S2] O2` (CRISP's call-path profile). Filled only
   * with `callPaths: true`: call-path keys grow with depth, so deep traces pay for them.
   */
  readonly callPathExclusive: Readonly<Record<string, number>>;
}

export interface CpOptions {
  /** CRISP's exclusion set: (service, operation) pairs removed with their subtrees. */
  readonly exclude?: readonly (readonly [string, string])[];
  /** Also compute `callPathExclusive`. */
  readonly callPaths?: boolean;
  /**
   * `jaeger` only: let a sibling that ends exactly when the returning child starts be its
   * predecessor (`end <= start`). Jaeger UI requires `end < start`, which charges an exactly
   * back-to-back call to its parent; a deterministic simulator produces such ties all the time,
   * so diagnosis asks for this. Off by default: the default output matches Jaeger UI exactly.
   */
  readonly backToBack?: boolean;
}

export function opKey(span: Pick<CpSpan, "serviceName" | "operationName">): string {
  return `[${span.serviceName}] ${span.operationName}`;
}
