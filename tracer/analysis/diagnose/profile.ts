// One trace reduced to what diagnosis compares: its workflow, its shape, its response time and
// its critical-path time per segment. Event traces go through the DAG (exact critical path);
// span-only traces (span-model tracers, imported files) through the span critical path.
import type { SpanRecord, Trace } from "../../model/types.ts";
import { dagCriticalPath } from "../dag-critical-path/index.ts";
import { callPathsOf } from "../dag-critical-path/call-paths.ts";
import { segmentKey } from "../dag-critical-path/types.ts";
import type { SectionKind } from "../dag-critical-path/types.ts";
import {
  dagFeatures,
  dagFromItc,
  dagFromParents,
  dagShape,
  spanLabel,
  spansFromDag,
  spanTreeFeatures,
  spanTreeShape,
  transitiveReduction,
} from "../reconstruct/index.ts";
import { cpSpansFromRecords, spanCriticalPath } from "../span-critical-path/index.ts";
import type { Semantics } from "../span-critical-path/index.ts";
import { errorOrigins } from "./errors.ts";
import type { ErrorCatalog } from "./errors.ts";
import { clockSamples } from "./clock.ts";
import type { ClockSample } from "./clock.ts";
import { EvidenceBuilder, operationOf, uncovered } from "./evidence.ts";
import type { TraceEvidence, UnitCatalog } from "./evidence.ts";

export interface SegmentInfo {
  readonly key: string;
  readonly service: string;
  readonly operation: string;
  readonly callPath: string;
  readonly kind: SectionKind;
}

export interface TraceProfile {
  readonly traceId: string;
  /** The root span's `[service] operation`. */
  readonly workflow: string;
  /** Structural signature: DAG shape for event traces, call-tree shape for span traces. */
  readonly shape: string;
  /** Root start, host-clock ns: what `--split-at` compares. */
  readonly start: number;
  /** Response time: the root span's duration. */
  readonly duration: number;
  /** Critical-path ns per segment key. */
  readonly segments: ReadonlyMap<string, number>;
  /** Span durations per `[service] operation` (total and count; the operation as `operationOf` names it): for the naive ranking. */
  readonly spanTime: ReadonlyMap<string, { readonly total: number; readonly count: number }>;
  /** Span self times (duration less the children's) per `[service] operation`: for the self-time baseline. */
  readonly selfTime: ReadonlyMap<string, { readonly total: number; readonly count: number }>;
  readonly partial: boolean;
  readonly model: "dag" | "span";
  /** Keys of the spans where errors originated (see errors.ts), each once. */
  readonly errorOrigins: readonly string[];
  /** Whether the request failed (its root span ended in error). */
  readonly failed: boolean;
  /** Requests this trace stands for (a stratified sample's weight; 1 unless told). */
  readonly weight: number;
  /** Own time and error origins per unit of the system (see evidence.ts). */
  readonly evidence: TraceEvidence;
  /** Each call between hosts read as a clock comparison (see clock.ts). */
  readonly clock: readonly ClockSample[];
  /** The spans the profile was made of (evidence is recomputed from them when a clock moved). */
  readonly spans: readonly SpanRecord[];
}

export interface ProfileOptions {
  /** How event traces are rebuilt: from explicit parent ids (default) or ITC stamps. */
  readonly reconstruction?: "explicit" | "itc";
  /** Span critical-path semantics for span-only traces (default jaeger). */
  readonly spanSemantics?: Semantics;
  /** The weight of each trace (requests it stands for), by trace id; 1 when absent. */
  readonly weightOf?: (traceId: string) => number;
}

/** Segment descriptions by key, filled while profiling (shared across a whole diagnosis). */
export type SegmentCatalog = Map<string, SegmentInfo>;
/** One feature set per shape, for matching new shapes to their precursors. */
export type ShapeCatalog = Map<string, ReadonlyMap<string, number>>;

export function profileTrace(
  trace: Trace,
  catalog: SegmentCatalog,
  shapes: ShapeCatalog,
  options: ProfileOptions = {},
  errors: ErrorCatalog = new Map(),
  units: UnitCatalog = new Map(),
): TraceProfile | undefined {
  const weight = options.weightOf?.(trace.traceId) ?? 1;
  if (trace.events.length > 0) {
    // Reduced, so recorded redundant edges do not make two equal structures look different.
    const dag = options.reconstruction === "itc" ? dagFromItc(trace) : transitiveReduction(dagFromParents(trace));
    const spans = spansFromDag(dag);
    const root = rootOf(spans);
    if (root === undefined) return undefined;
    const cp = dagCriticalPath(dag, { spans });
    const segments = new Map<string, number>();
    for (const s of cp.segments) {
      segments.set(s.key, s.time);
      if (!catalog.has(s.key)) catalog.set(s.key, { key: s.key, service: s.service, operation: s.operation, callPath: s.callPath, kind: s.kind });
    }
    const shape = dagShape(dag);
    if (!shapes.has(shape)) shapes.set(shape, dagFeatures(dag));
    return base(trace.traceId, spans, root, shape, segments, dag.partial, "dag", errors, units, weight);
  }
  const spans = trace.spans;
  const root = rootOf(spans);
  if (root === undefined) return undefined;
  // Exactly back-to-back calls stay on the path (see CpOptions.backToBack): otherwise a
  // sequential callee's time is charged to its caller and the caller is blamed.
  const semantics = options.spanSemantics ?? "jaeger";
  const cp = spanCriticalPath(cpSpansFromRecords(spans), semantics, { backToBack: semantics === "jaeger" });
  const paths = callPathsOf(spans);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const segments = new Map<string, number>();
  for (const section of cp.sections) {
    const span = byId.get(section.spanID);
    if (span === undefined) continue;
    const callPath = paths.get(span.spanId)!.path;
    const key = segmentKey(callPath, "work");
    segments.set(key, (segments.get(key) ?? 0) + Math.max(0, section.end - section.start));
    if (!catalog.has(key)) catalog.set(key, { key, service: span.service, operation: span.name, callPath, kind: "work" });
  }
  const shape = spanTreeShape(spans);
  if (!shapes.has(shape)) shapes.set(shape, spanTreeFeatures(spans));
  const ids = new Set(spans.map((s) => s.spanId));
  const partial = spans.some((s) => s.parentSpanId !== undefined && !ids.has(s.parentSpanId));
  return base(trace.traceId, spans, root, shape, segments, partial, "span", errors, units, weight);
}

function base(
  traceId: string,
  spans: readonly SpanRecord[],
  root: SpanRecord,
  shape: string,
  segments: Map<string, number>,
  partial: boolean,
  model: "dag" | "span",
  errors: ErrorCatalog,
  units: UnitCatalog,
  weight: number,
): TraceProfile {
  const spanTime = new Map<string, { total: number; count: number }>();
  const selfTime = new Map<string, { total: number; count: number }>();
  const children = new Map<string, [number, number][]>();
  for (const s of spans) {
    if (s.parentSpanId === undefined) continue;
    const list = children.get(s.parentSpanId);
    if (list) list.push([s.start, s.end]);
    else children.set(s.parentSpanId, [[s.start, s.end]]);
  }
  const add = (m: Map<string, { total: number; count: number }>, label: string, ns: number) => {
    const t = m.get(label);
    if (t) {
      t.total += ns;
      t.count++;
    } else m.set(label, { total: ns, count: 1 });
  };
  for (const s of spans) {
    // Named as a span-name ranking would name it, by the function it runs where the span says.
    const label = `[${s.service}] ${operationOf(s)}`;
    add(spanTime, label, s.end - s.start);
    add(selfTime, label, uncovered(s.start, s.end, children.get(s.spanId) ?? []));
  }
  return {
    traceId,
    workflow: spanLabel(root),
    shape,
    start: root.start,
    duration: root.end - root.start,
    segments,
    spanTime,
    selfTime,
    partial,
    model,
    errorOrigins: errorOrigins(spans, errors),
    failed: root.status.code === "error",
    weight,
    evidence: new EvidenceBuilder(units).evidence(spans),
    clock: clockSamples(spans),
    spans,
  };
}

/** The root: a span without a parent in the trace, earliest first. */
function rootOf(spans: readonly SpanRecord[]): SpanRecord | undefined {
  const ids = new Set(spans.map((s) => s.spanId));
  let root: SpanRecord | undefined;
  for (const s of spans) {
    if (s.parentSpanId !== undefined && ids.has(s.parentSpanId)) continue;
    if (root === undefined || s.start < root.start || (s.start === root.start && s.spanId < root.spanId)) root = s;
  }
  return root;
}
