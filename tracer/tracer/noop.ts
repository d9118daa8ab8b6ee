// The tracer of a process that traces nothing (OpenTelemetry's NoopTracer): every span is the
// shared non-recording span with the invalid context, forks and joins give that context back,
// nothing is injected into a message and nothing is extracted. Code instrumented once runs the
// same with tracing off, without a `null` check at each trace point.
import type { SpanContext } from "../model/context.ts";
import { newPropagationStats } from "../context/types.ts";
import { TracerUsageError } from "../model/errors.ts";
import type { Tracer } from "./core.ts";
import { INVALID_SPAN_CONTEXT, NON_RECORDING_SPAN } from "./non-recording-span.ts";
import { newTracerStats } from "./stats.ts";

export function noopTracer(service = "noop", host = "noop"): Tracer {
  return {
    service,
    host,
    model: "dag",
    metadata: "ids",
    stats: Object.freeze(newTracerStats()),
    propagation: Object.freeze(newPropagationStats()),
    startSpan: () => NON_RECORDING_SPAN,
    fork(_from, n) {
      if (!Number.isSafeInteger(n) || n < 1) throw new TracerUsageError(`fork: n must be a whole number >= 1, got ${String(n)}`);
      return Array.from({ length: n }, (): SpanContext => INVALID_SPAN_CONTEXT);
    },
    join(contexts) {
      if (contexts.length === 0) throw new TracerUsageError("join: needs at least one context");
      return INVALID_SPAN_CONTEXT;
    },
    inject() {},
    extract: () => undefined,
  };
}
