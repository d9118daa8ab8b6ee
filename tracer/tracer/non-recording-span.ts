// A span that records nothing, as OpenTelemetry's NonRecordingSpan: the span of a trace its
// sampler declined, which still counts its trace points and carries its context (ids, the
// sampled flag off, baggage, any ITC stamp it was handed, passed on whole) to children and
// messages; and, without a tracer at all, the no-op span, whose context is invalid and is
// written into no message.
import type { SpanContext } from "../model/context.ts";
import { EMPTY_BAGGAGE, EMPTY_TRACESTATE, makeContext } from "../model/context.ts";
import type { StampRef } from "../model/stamps.ts";
import { NO_PARENTS } from "./recording-span.ts";
import { SpanBase } from "./span.ts";
import type { SpanInit } from "./span.ts";

/** The all-zero ids W3C Trace Context calls invalid: a context with them propagates nowhere. */
export const INVALID_TRACE_ID = "00000000000000000000000000000000";
export const INVALID_SPAN_ID = "0000000000000000";

export const INVALID_SPAN_CONTEXT: SpanContext = Object.freeze(
  makeContext(INVALID_TRACE_ID, INVALID_SPAN_ID, false, false, false, EMPTY_BAGGAGE, EMPTY_TRACESTATE, undefined, undefined, false),
);

/** Whether a context names a trace (OpenTelemetry's isSpanContextValid): neither id is all zero. */
export function isSpanContextValid(ctx: SpanContext): boolean {
  return ctx.traceId !== INVALID_TRACE_ID && ctx.spanId !== INVALID_SPAN_ID;
}

export class NonRecordingSpan extends SpanBase {
  readonly sampled = false;

  constructor(init: SpanInit) {
    super(init);
  }

  isRecording(): boolean {
    return false;
  }

  /** @internal The start trace point; called once by startSpan. */
  recordStart(): void {
    this.count();
  }

  /** Counts a trace point reached and skipped (none without a tracer). */
  private count(): void {
    const stats = this.core?.stats;
    if (stats === undefined) return;
    stats.tracePoints++;
    stats.notSampled++;
  }

  setAttribute(): this {
    return this;
  }

  setStatus(): this {
    return this;
  }

  addLink(): this {
    return this;
  }

  override setBaggage(key: string, value: string, properties?: string): this {
    // The no-op span is shared and its context goes nowhere: baggage on it has no reader.
    return this.core === undefined ? this : super.setBaggage(key, value, properties);
  }

  annotate(): this {
    if (this.endTime < 0) this.count();
    return this;
  }

  protected follow(): void {}

  fork(n: number): SpanContext[] {
    if (this.endTime < 0) this.count();
    const ctx = this.context();
    const out: SpanContext[] = [];
    for (let i = 0; i < n; i++) out.push(ctx);
    return out;
  }

  /** @internal Whatever stamp the span was handed goes on whole: nothing here records with it. */
  takeShare(): StampRef | undefined {
    return this.stamp;
  }

  outgoing(): SpanContext {
    return this.context();
  }

  frontierForChild(): readonly string[] {
    return NO_PARENTS;
  }

  end(endTime?: number): void {
    const core = this.core;
    if (this.endTime >= 0 || core === undefined) return;
    const t = endTime ?? core.clock.now();
    this.endTime = t;
    this.cached = undefined;
    this.count();
    if (core.processor !== undefined) core.processor.onEnd(this, t);
  }
}

/** The span of the no-op tracer: one shared instance, invalid context, records and counts nothing. */
export const NON_RECORDING_SPAN: NonRecordingSpan = new NonRecordingSpan({
  core: undefined,
  name: "",
  kind: "internal",
  traceId: INVALID_TRACE_ID,
  spanId: INVALID_SPAN_ID,
  parentSpanId: undefined,
  debug: false,
  random: false,
  baggage: EMPTY_BAGGAGE,
  traceState: EMPTY_TRACESTATE,
  stamp: undefined,
  startTime: 0,
});
