// How the model reaches the tracer: an injected factory per service instance (the runner builds
// tracers; the model never does), and the small context-threading rules the trace points share.
import { withThread } from "../../tracer/index.ts";
import type { Format, Span, SpanContext, Tracer } from "../../tracer/index.ts";
import type { Host } from "../net/index.ts";

/** A tracer plus its overhead meter: `drainCostNs()` returns tracing CPU/blocking ns since the last call. */
export interface TracingHandle {
  readonly tracer: Tracer;
  drainCostNs(): number;
}

/** Called once per service instance; null means no trace points at all for it. */
export type TracingFactory = (service: string, host: Host) => TracingHandle | null;

/**
 * Where a trace point descends from: a live span (sequential work inside it: the child gets a
 * share, and the span joins the child back when it ends) or a branch context of a fan-out (the
 * branch is threaded through its children). With tracing off it is the no-op span or its
 * context; a root has none (undefined).
 */
export type Parent = Span | SpanContext;

export type Propagation = Format | readonly Format[];

/** The branch context after `child` ended: same parent span, child's last event and stamp. */
export function branchAfter(branch: SpanContext, child: Span): SpanContext {
  const { lastEventId, itc } = child.context();
  return withThread(branch, itc, lastEventId);
}
