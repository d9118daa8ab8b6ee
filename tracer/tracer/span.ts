// The span API every trace point uses, whatever the tracer records: a `Span` is one causal
// thread between its start and end trace points, and a read-only view of its current context.
// A tracer hands out recording spans (recording-span.ts, DAG events or span records, as its
// recorder says) for sampled traces and non-recording spans (non-recording-span.ts) otherwise,
// as OpenTelemetry does; code holding a span never asks which one it has.
import { makeContext } from "../model/context.ts";
import type { Baggage, ItcStamp, SpanContext, TraceState } from "../model/context.ts";
import type { AttributeValue, Attributes, SpanKind, SpanLink, StatusCode } from "../model/types.ts";
import type { StampRef } from "../model/stamps.ts";
import type { TracerCore } from "./core.ts";

export interface Span extends SpanContext {
  readonly name: string;
  readonly kind: SpanKind;
  /** The parent span's id; undefined for a root. */
  readonly parentSpanId: string | undefined;
  /** Host-clock ns. */
  readonly startTime: number;
  readonly ended: boolean;
  /** A span is local by definition (SpanContext view). */
  readonly remote: false;
  /** Whether this span records anything (OpenTelemetry's isRecording): its trace is sampled. */
  isRecording(): boolean;
  /**
   * The context for messages and joins: an immutable value reflecting every trace point so
   * far. A context names one last event, so threads joined since this span's last event are
   * first collapsed into a `join` event (DAG model).
   */
  context(): SpanContext;
  setAttribute(key: string, value: AttributeValue): this;
  setAttributes(attributes: Attributes): this;
  setStatus(code: StatusCode, message?: string): this;
  addLink(link: SpanLink): this;
  /** Sets a baggage entry for contexts taken from this span from now on. */
  setBaggage(key: string, value: string, properties?: string): this;
  /** A timestamped note: an `annotate` event in the DAG model, a span log in the span model. */
  annotate(name: string, attributes?: Attributes): this;
  /**
   * Folds other causal threads into this one (a reply received, children awaited): their last
   * events become parents of this span's next event and, with ITC, their stamps are joined.
   * Records no event by itself.
   */
  join(from: JoinSource | readonly JoinSource[]): this;
  /**
   * Concurrent fan-out from this span: records a `fork` event and returns n contexts, one per
   * branch, each with its own share of this span's ITC id (the span keeps a share).
   */
  fork(n: number, name?: string): SpanContext[];
  /** The end trace point; later calls do nothing. `endTime` in host-clock ns, default now. */
  end(endTime?: number): void;
}

export type JoinSource = Span | SpanContext;

/** Whether a parent or join source is a live span (rather than a context value). */
export function isSpan(source: Span | SpanContext): source is Span {
  return source instanceof SpanBase;
}

/** What a tracer gives a new span; every field is set (absent ones undefined). */
export interface SpanInit {
  readonly core: TracerCore | undefined;
  readonly name: string;
  readonly kind: SpanKind;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly debug: boolean;
  readonly random: boolean;
  readonly baggage: Baggage;
  readonly traceState: TraceState;
  readonly stamp: StampRef | undefined;
  readonly startTime: number;
}

/**
 * What recording and non-recording spans share: the ids, the context a span hands out
 * (baggage, tracestate, the ITC stamp it holds, its last event) and the folding in of other
 * threads' stamps. The subclasses say what a trace point records.
 */
export abstract class SpanBase implements Span {
  readonly name: string;
  readonly kind: SpanKind;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly debug: boolean;
  readonly random: boolean;
  readonly startTime: number;
  abstract readonly sampled: boolean;
  /** @internal Host-clock ns of the end trace point, -1 while the span runs. */
  endTime = -1;
  /** @internal The tracer's internals; undefined for the no-op tracer's span. */
  readonly core: TracerCore | undefined;
  /** @internal */
  currentBaggage: Baggage;
  /** @internal */
  currentTraceState: TraceState;
  /** @internal The ITC share this thread holds (ITC metadata only). */
  stamp: StampRef | undefined;
  /** @internal The newest event on this thread (DAG model): the last element of the frontier. */
  last: string | undefined = undefined;
  /** @internal The context last handed out, until a trace point changes it. */
  cached: SpanContext | undefined = undefined;

  constructor(init: SpanInit) {
    this.core = init.core;
    this.name = init.name;
    this.kind = init.kind;
    this.traceId = init.traceId;
    this.spanId = init.spanId;
    this.parentSpanId = init.parentSpanId;
    this.debug = init.debug;
    this.random = init.random;
    this.currentBaggage = init.baggage;
    this.currentTraceState = init.traceState;
    this.stamp = init.stamp;
    this.startTime = init.startTime;
  }

  get remote(): false {
    return false;
  }
  get ended(): boolean {
    return this.endTime >= 0;
  }
  get baggage(): Baggage {
    return this.currentBaggage;
  }
  get traceState(): TraceState {
    return this.currentTraceState;
  }
  get itc(): ItcStamp | undefined {
    return this.stamp?.stamp;
  }
  get lastEventId(): string | undefined {
    return this.last;
  }

  abstract isRecording(): boolean;
  abstract setAttribute(key: string, value: AttributeValue): this;
  abstract setStatus(code: StatusCode, message?: string): this;
  abstract addLink(link: SpanLink): this;
  abstract annotate(name: string, attributes?: Attributes): this;
  abstract fork(n: number, name?: string): SpanContext[];
  abstract end(endTime?: number): void;
  /** @internal Gives a share of this span's ITC id to a child span or an outgoing message. */
  abstract takeShare(): StampRef | undefined;
  /** @internal The context an outgoing message carries (see takeShare). */
  abstract outgoing(): SpanContext;
  /** @internal The parents of a child's start event: this thread's frontier (shared, immutable). */
  abstract frontierForChild(): readonly string[];
  /** @internal Makes `last` (of trace `traceId`) a parent of this thread's next event, when it records events. */
  protected abstract follow(last: string, traceId: string): void;

  context(): SpanContext {
    return (this.cached ??= this.contextWith(this.stamp));
  }

  /** @internal */
  contextWith(ref: StampRef | undefined): SpanContext {
    return makeContext(this.traceId, this.spanId, this.sampled, this.debug, false, this.currentBaggage, this.currentTraceState, ref?.stamp, this.last, this.random);
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]!);
    return this;
  }

  setBaggage(key: string, value: string, properties?: string): this {
    const next = new Map(this.currentBaggage);
    next.set(key, properties === undefined ? { value } : { value, properties });
    this.currentBaggage = next;
    this.cached = undefined;
    return this;
  }

  join(from: JoinSource | readonly JoinSource[]): this {
    if (this.endTime >= 0) return this;
    if (Array.isArray(from)) for (const f of from as readonly JoinSource[]) this.joinOne(f);
    else this.joinOne(from as JoinSource);
    return this;
  }

  private joinOne(from: JoinSource): void {
    let last: string | undefined;
    let itc: StampRef | undefined;
    if (from instanceof SpanBase) {
      // An ended span's frontier is its end event; a live one may need collapsing first.
      from.collapse();
      last = from.last;
      itc = from.stamp;
    } else {
      last = from.lastEventId;
      const stamps = this.core?.stamps;
      itc = from.itc === undefined || stamps === undefined ? undefined : stamps.ref(from.itc);
    }
    if (last !== undefined) this.follow(last, from.traceId);
    if (this.stamp !== undefined && itc !== undefined && itc !== this.stamp) {
      this.stamp = this.core!.joinStamps(this.stamp, itc);
    }
    this.cached = undefined;
  }

  /** @internal Collapses threads joined since the last event into one (DAG model); otherwise nothing. */
  collapse(): void {}
}
