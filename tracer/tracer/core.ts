// createTracer: trace points for one service on one host. Clock, random source, sampler and
// sink are injected, so the same tracer runs in the simulator, in tests and in a real process.
import { EMPTY_BAGGAGE, EMPTY_TRACESTATE, makeContext, withThread } from "../model/context.ts";
import type { AttributeInput, ItcStamp, SpanContext } from "../model/context.ts";
import { drawId64, newId128, newId64 } from "../model/ids.ts";
import type { Sampler } from "../model/sampler.ts";
import type {
  Attributes,
  AttributeValue,
  Clock,
  RandomSource,
  Sink,
  SpanKind,
  SpanLink,
  SpanRecord,
  TraceEvent,
} from "../model/types.ts";
import { extractContext, injectContext, newPropagationOptions } from "../context/propagation.ts";
import type { PropagationOptions } from "../context/propagation.ts";
import { FORMATS, newPropagationStats } from "../context/types.ts";
import type { Carrier, Format, PropagationStats } from "../context/types.ts";
import { TracerConfigError, TracerUsageError } from "../model/errors.ts";
import { isSpan, SpanBase } from "./span.ts";
import type { Span } from "./span.ts";
import { NonRecordingSpan, INVALID_TRACE_ID } from "./non-recording-span.ts";
import { NO_PARENTS, RecordingSpan } from "./recording-span.ts";
import type { RecordingSpanInit } from "./recording-span.ts";
import { DagRecorder, SpanRecorder } from "./recorders.ts";
import type { Recorder } from "./recorders.ts";
import { split } from "../model/stamps.ts";
import type { StampOps, StampRef } from "../model/stamps.ts";
import { itcStampOps, plainStampOps } from "./itc-ops.ts";
import type { ItcMemo } from "./itc-ops.ts";
import { peek } from "../itc/index.ts";
import { newTracerStats } from "./stats.ts";
import type { TracerStats } from "./stats.ts";

export type TraceModel = "span" | "dag";
export type MetadataMode = "ids" | "itc";

export interface TracerOptions {
  readonly service: string;
  readonly host: string;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly sampler: Sampler;
  readonly sink: Sink;
  /** `dag` (default): start/end/fork/join/annotate events with explicit parents; `span`: SpanRecords. */
  readonly model?: TraceModel;
  /** `itc` adds an Interval Tree Clock stamp to every context and event. Default `ids`. */
  readonly metadata?: MetadataMode;
  /** Formats `inject`/`extract` use when none is given. Default `["w3c"]`. */
  readonly formats?: readonly Format[];
  /** OSProfiler HMAC keys: the first signs, any of them verifies (key rotation). */
  readonly hmacKeys?: readonly string[];
  /**
   * Replay protection beyond OSProfiler: triggers this tracer signs carry a nonce and expire this
   * many ns after signing, and triggers it reads must carry them (the on-demand sampler's
   * `replay` option judges expiry and replays). Off by default: upstream OSProfiler refuses the
   * extra fields, so every service must turn it on together.
   */
  readonly triggerTtlNs?: number;
  /**
   * Memoise ITC operations per distinct stamp (default true): same results, less work. An
   * `ItcMemo` from createItcMemo() is shared with the other tracers given it.
   */
  readonly itcMemo?: boolean | ItcMemo;
  /** Told of every span's start and end (OpenTelemetry's SpanProcessor hooks), sampled or not. */
  readonly processor?: SpanProcessor;
}

/**
 * Observes spans as they start and end, like OpenTelemetry's SpanProcessor: `onStart` runs
 * right after the start trace point (it may set baggage the span's children and outgoing
 * messages then carry), `onEnd` right after the end trace point. Pivot Tracing's queries are one.
 */
export interface SpanProcessor {
  onStart(span: Span): void;
  onEnd(span: Span, endTime: number): void;
}

export interface StartSpanOptions {
  /** A live span (the child gets its own ITC share) or a context (taken as it is). */
  readonly parent?: Span | SpanContext;
  readonly kind?: SpanKind;
  readonly attributes?: AttributeInput;
  readonly links?: readonly SpanLink[];
  /** Host-clock ns; defaults to clock.now(). */
  readonly startTime?: number;
  /** The carrier the parent was extracted from, passed on to the sampler. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Tracer {
  readonly service: string;
  readonly host: string;
  readonly model: TraceModel;
  readonly metadata: MetadataMode;
  /** Live counters (read them at any time). */
  readonly stats: Readonly<TracerStats>;
  /** Live per-format, per-reason counts of rejected propagation input. */
  readonly propagation: Readonly<PropagationStats>;
  startSpan(name: string, options?: StartSpanOptions): Span;
  /**
   * Concurrent fan-out: a `fork` event (DAG) and n branch contexts, each with its own ITC share.
   * From a live span, the span keeps a share too; a context is consumed (its stamp is split
   * among the branches), so fork a context only once.
   */
  fork(from: Span | SpanContext, n: number, name?: string): SpanContext[];
  /** Fan-in: a `join` event whose parents are every context's last event; stamps joined. */
  join(contexts: readonly SpanContext[], name?: string): SpanContext;
  /**
   * Writes the context into a header map. Given a live span, the message gets its own share of
   * the span's ITC id (the span keeps the other); given a context, it is written as it is.
   */
  inject(from: Span | SpanContext, carrier: Carrier, format?: Format | readonly Format[]): void;
  /** Reads a context from a header map; undefined when absent or invalid. Never throws. */
  extract(carrier: Readonly<Carrier>, format?: Format | readonly Format[]): SpanContext | undefined;
}

/** @internal What spans need from their tracer. */
export interface TracerCore {
  readonly service: string;
  readonly host: string;
  readonly clock: Clock;
  /** What sampled spans' trace points record: DAG events or span records, chosen once. */
  readonly recorder: Recorder;
  readonly stamps: StampOps | undefined;
  readonly stats: TracerStats;
  readonly processor: SpanProcessor | undefined;
  newId(): string;
  emitEvent(event: TraceEvent): void;
  emitSpan(span: SpanRecord): void;
  joinStamps(a: StampRef, b: StampRef): StampRef;
}

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});

function check(options: TracerOptions): void {
  if (typeof options !== "object" || options === null) throw new TracerConfigError("options", "an object");
  if (typeof options.service !== "string" || options.service === "") throw new TracerConfigError("service", "a non-empty string");
  if (typeof options.host !== "string" || options.host === "") throw new TracerConfigError("host", "a non-empty string");
  if (typeof options.clock?.now !== "function") throw new TracerConfigError("clock", "an object with now(): number");
  if (typeof options.random?.next !== "function") throw new TracerConfigError("random", "an object with next(): number in [0, 1)");
  if (typeof options.sampler?.shouldSample !== "function") throw new TracerConfigError("sampler", "an object with shouldSample(params)");
  if (typeof options.sink?.emit !== "function") throw new TracerConfigError("sink", "an object with emit(record)");
  if (options.model !== undefined && options.model !== "span" && options.model !== "dag") throw new TracerConfigError("model", '"span" or "dag"');
  if (options.metadata !== undefined && options.metadata !== "ids" && options.metadata !== "itc") throw new TracerConfigError("metadata", '"ids" or "itc"');
  if (options.formats !== undefined && (!Array.isArray(options.formats) || options.formats.some((f) => !FORMATS.includes(f)))) {
    throw new TracerConfigError("formats", `an array of ${FORMATS.join(", ")}`);
  }
  const memo = options.itcMemo;
  if (memo !== undefined && typeof memo !== "boolean" && typeof (memo as Partial<ItcMemo> | null)?.ops?.event !== "function") {
    throw new TracerConfigError("itcMemo", "true, false or a memo from createItcMemo()");
  }
  const p = options.processor;
  if (p !== undefined && (typeof p?.onStart !== "function" || typeof p?.onEnd !== "function")) {
    throw new TracerConfigError("processor", "an object with onStart(span) and onEnd(span, endTime)");
  }
  if (options.hmacKeys !== undefined && (!Array.isArray(options.hmacKeys) || options.hmacKeys.some((k) => typeof k !== "string" || k === ""))) {
    throw new TracerConfigError("hmacKeys", "an array of non-empty strings");
  }
  const ttl = options.triggerTtlNs;
  if (ttl !== undefined && (typeof ttl !== "number" || !Number.isSafeInteger(ttl) || ttl <= 0)) {
    throw new TracerConfigError("triggerTtlNs", "a whole number of ns greater than 0");
  }
}

class TracerImpl implements Tracer, TracerCore {
  readonly service: string;
  readonly host: string;
  readonly clock: Clock;
  readonly model: TraceModel;
  readonly metadata: MetadataMode;
  readonly recorder: Recorder;
  readonly stamps: StampOps | undefined;
  readonly stats: TracerStats = newTracerStats();
  readonly propagation: PropagationStats = newPropagationStats();
  readonly processor: SpanProcessor | undefined;
  private readonly random: RandomSource;
  private readonly sampler: Sampler;
  private readonly sink: Sink;
  private readonly formats: readonly Format[];
  private readonly propagationOptions: PropagationOptions;

  constructor(options: TracerOptions) {
    check(options);
    this.service = options.service;
    this.host = options.host;
    this.clock = options.clock;
    this.random = options.random;
    this.sampler = options.sampler;
    this.sink = options.sink;
    this.processor = options.processor;
    this.model = options.model ?? "dag";
    this.metadata = options.metadata ?? "ids";
    this.recorder = this.model === "dag" ? new DagRecorder(this) : new SpanRecorder(this);
    const memo = options.itcMemo;
    this.stamps = this.metadata !== "itc" ? undefined : memo === false ? plainStampOps() : typeof memo === "object" ? memo.ops : itcStampOps();
    this.formats = options.formats ?? ["w3c"];
    const ttl = options.triggerTtlNs;
    let signed = 0;
    // A nonce needs uniqueness, not secrecy (the HMAC covers it): the span id that signs, and a
    // count of this tracer's signatures. No random draw, so ids drawn elsewhere do not shift.
    const trigger = ttl === undefined ? undefined : { ttlNs: ttl, now: () => this.clock.now(), nonce: (spanId: string) => spanId + (signed++).toString(16).padStart(16, "0") };
    this.propagationOptions = newPropagationOptions(this.propagation, this.stamps, options.hmacKeys ?? [], trigger);
  }

  newId(): string {
    return newId64(this.random);
  }

  emitEvent(event: TraceEvent): void {
    this.stats.emitted++;
    this.sink.emit({ type: "event", event });
  }

  emitSpan(span: SpanRecord): void {
    this.stats.emitted++;
    this.sink.emit({ type: "span", span });
  }

  joinStamps(a: StampRef, b: StampRef): StampRef {
    try {
      return this.stamps!.join(a, b);
    } catch {
      // Overlapping ids (a share joined twice): keep this thread's id and take only the other
      // side's history, rather than fail the service; the counter shows the instrumentation bug.
      this.stats.itcJoinErrors++;
      return this.stamps!.join(a, this.stamps!.ref(peek(b.stamp)));
    }
  }

  private refOf(itc: ItcStamp | undefined): StampRef | undefined {
    return itc === undefined || this.stamps === undefined ? undefined : this.stamps.ref(itc);
  }

  startSpan(name: string, options?: StartSpanOptions): Span {
    const kind = options?.kind ?? "internal";
    if (kind !== "internal" && kind !== "server" && kind !== "client" && kind !== "producer" && kind !== "consumer") throw new TracerUsageError(`startSpan("${name}"): kind must be server, client, producer, consumer or internal, got ${String(kind)}`);
    const parent = options?.parent;
    let frontier: readonly string[];
    let stamp: StampRef | undefined;
    if (parent instanceof SpanBase) {
      frontier = parent.frontierForChild();
      stamp = parent.takeShare();
    } else {
      frontier = parent?.lastEventId !== undefined && this.recorder.events ? [parent.lastEventId] : NO_PARENTS;
      stamp = this.refOf(parent?.itc);
    }
    // A local parent span is its own read-only context view (see Span), so nothing is built here.
    const traceId = parent === undefined ? newId128(this.random) : parent.traceId;
    const given = options?.attributes;
    // Frozen attributes (one object shared by every call of a trace point) are never written,
    // so a DAG span may emit them as they are; any others are the caller's and copied.
    const shared = given !== undefined && this.recorder.events && Object.isFrozen(given);
    let attributes: Record<string, AttributeValue> | undefined = given === undefined ? undefined : shared ? (given as Record<string, AttributeValue>) : { ...given };
    const result = this.sampler.shouldSample({ traceId, name, kind, parent, attributes: attributes ?? EMPTY_ATTRIBUTES, headers: options?.headers });
    if (result.attributes !== undefined) attributes = shared ? { ...attributes, ...result.attributes } : Object.assign(attributes ?? {}, result.attributes);
    const sampled = result.decision === true;
    if (sampled && this.stamps !== undefined && stamp === undefined) stamp = this.stamps.seed();
    this.stats.spansStarted++;
    const id = drawId64(this.random);
    const init: RecordingSpanInit = {
      core: this,
      name,
      kind,
      traceId,
      spanId: id.text,
      parentSpanId: parent?.spanId,
      debug: parent?.debug ?? false,
      // A trace this tracer starts has a pseudo-random id (drawn from the seeded source).
      random: parent === undefined ? true : parent.random,
      baggage: parent?.baggage ?? EMPTY_BAGGAGE,
      traceState: result.traceState ?? parent?.traceState ?? EMPTY_TRACESTATE,
      stamp,
      startTime: options?.startTime ?? this.clock.now(),
      idHi: id.hi,
      idLo: id.lo,
      attributes,
      links: options?.links,
      frontier,
    };
    let span: RecordingSpan | NonRecordingSpan;
    if (sampled) {
      const recording = new RecordingSpan(init);
      recording.recordStart();
      span = recording;
    } else {
      const skipped = new NonRecordingSpan(init);
      skipped.recordStart();
      span = skipped;
    }
    if (this.processor !== undefined) this.processor.onStart(span);
    return span;
  }

  fork(from: Span | SpanContext, n: number, name?: string): SpanContext[] {
    if (!Number.isSafeInteger(n) || n < 1) throw new TracerUsageError(`fork: n must be a whole number >= 1, got ${String(n)}`);
    if (isSpan(from)) return from.fork(n, name);
    const context = from;
    let ctx = context;
    this.stats.tracePoints++;
    if (!context.sampled) this.stats.notSampled++;
    else {
      let stamp = this.refOf(context.itc);
      if (this.stamps !== undefined && stamp !== undefined) stamp = this.stamps.event(stamp);
      const parents = context.lastEventId === undefined ? NO_PARENTS : [context.lastEventId];
      const id = this.recorder.contextEvent(context, "fork", name ?? "fork", parents, stamp);
      ctx = withThread(context, stamp?.stamp, id ?? context.lastEventId);
    }
    const share = this.refOf(ctx.itc);
    if (this.stamps === undefined || share === undefined || !ctx.sampled) return Array.from({ length: n }, () => ctx);
    return split(this.stamps, share, n).map((r) => withThread(ctx, r.stamp, ctx.lastEventId));
  }

  join(contexts: readonly SpanContext[], name = "join"): SpanContext {
    const first = contexts[0];
    if (first === undefined) throw new TracerUsageError("join: needs at least one context");
    this.stats.tracePoints++;
    const sampled = contexts.some((c) => c.sampled);
    let stamp = this.refOf(first.itc);
    for (let i = 1; i < contexts.length; i++) {
      const s = this.refOf(contexts[i]!.itc);
      if (s === undefined) continue;
      stamp = stamp === undefined ? s : this.joinStamps(stamp, s);
    }
    const joined = (ref: StampRef | undefined, last: string | undefined) =>
      makeContext(first.traceId, first.spanId, sampled, first.debug, first.remote, first.baggage, first.traceState, ref?.stamp, last, first.random);
    if (!sampled) {
      this.stats.notSampled++;
      return stamp?.stamp === first.itc ? first : joined(stamp, first.lastEventId);
    }
    if (this.stamps !== undefined && stamp !== undefined) stamp = this.stamps.event(stamp);
    if (!this.recorder.events) return joined(stamp, first.lastEventId);
    const parents: string[] = [];
    for (const c of contexts) {
      if (c.lastEventId !== undefined && c.traceId === first.traceId && !parents.includes(c.lastEventId)) parents.push(c.lastEventId);
    }
    return joined(stamp, this.recorder.contextEvent(first, "join", name, parents, stamp));
  }

  inject(from: Span | SpanContext, carrier: Carrier, format?: Format | readonly Format[]): void {
    const ctx = from instanceof SpanBase ? from.outgoing() : from;
    // An invalid context (the no-op span's) names no trace: nothing to write (OpenTelemetry's propagators skip it too).
    if (ctx.traceId === INVALID_TRACE_ID) return;
    injectContext(ctx, carrier, format ?? this.formats, this.propagationOptions);
  }

  extract(carrier: Readonly<Carrier>, format?: Format | readonly Format[]): SpanContext | undefined {
    return extractContext(carrier, format ?? this.formats, this.propagationOptions);
  }
}

export function createTracer(options: TracerOptions): Tracer {
  return new TracerImpl(options);
}
