// createTracer: trace points for one service on one host. Clock, random source, sampler and
// sink are injected, so the same tracer runs in the simulator, in tests and in a real process.
import { EMPTY_BAGGAGE, EMPTY_TRACESTATE } from "../model/context.ts";
import type { AttributeInput, ItcStamp, SpanContext } from "../model/context.ts";
import { newId128, newId64 } from "../model/ids.ts";
import type { Sampler } from "../model/sampler.ts";
import type {
  AttributeValue,
  Clock,
  RandomSource,
  Sink,
  SpanKind,
  SpanLink,
  SpanRecord,
  TraceEvent,
} from "../model/types.ts";
import { extractContext, injectContext } from "../context/propagation.ts";
import type { PropagationOptions } from "../context/propagation.ts";
import { FORMATS, newPropagationStats } from "../context/types.ts";
import type { Carrier, Format, PropagationStats } from "../context/types.ts";
import { TracerConfigError, TracerUsageError } from "./errors.ts";
import { Span } from "./span.ts";
import { split } from "./stamps.ts";
import type { StampOps } from "./stamps.ts";
import { itcStampOps } from "./itc-ops.ts";
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
  readonly dag: boolean;
  readonly stamps: StampOps | undefined;
  readonly stats: TracerStats;
  newId(): string;
  emitEvent(event: TraceEvent): void;
  emitSpan(span: SpanRecord): void;
  joinStamps(a: ItcStamp, b: ItcStamp): ItcStamp;
}

const KINDS: ReadonlySet<string> = new Set(["server", "client", "producer", "consumer", "internal"]);

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
  if (options.hmacKeys !== undefined && (!Array.isArray(options.hmacKeys) || options.hmacKeys.some((k) => typeof k !== "string" || k === ""))) {
    throw new TracerConfigError("hmacKeys", "an array of non-empty strings");
  }
}

class TracerImpl implements Tracer, TracerCore {
  readonly service: string;
  readonly host: string;
  readonly clock: Clock;
  readonly model: TraceModel;
  readonly metadata: MetadataMode;
  readonly dag: boolean;
  readonly stamps: StampOps | undefined;
  readonly stats: TracerStats = newTracerStats();
  readonly propagation: PropagationStats = newPropagationStats();
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
    this.model = options.model ?? "dag";
    this.metadata = options.metadata ?? "ids";
    this.dag = this.model === "dag";
    this.stamps = this.metadata === "itc" ? itcStampOps() : undefined;
    this.formats = options.formats ?? ["w3c"];
    this.propagationOptions = { stats: this.propagation, stamps: this.stamps, hmacKeys: options.hmacKeys ?? [] };
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

  joinStamps(a: ItcStamp, b: ItcStamp): ItcStamp {
    try {
      return this.stamps!.join(a, b);
    } catch {
      // Overlapping ids (a share joined twice): keep this thread's id and take only the other
      // side's history, rather than fail the service; the counter shows the instrumentation bug.
      this.stats.itcJoinErrors++;
      return this.stamps!.join(a, peek(b));
    }
  }

  startSpan(name: string, options?: StartSpanOptions): Span {
    const kind = options?.kind ?? "internal";
    if (!KINDS.has(kind)) throw new TracerUsageError(`startSpan("${name}"): kind must be server, client, producer, consumer or internal, got ${String(kind)}`);
    const parentOption = options?.parent;
    let parent: SpanContext | undefined;
    let frontier: string[];
    if (parentOption instanceof Span) {
      frontier = parentOption.parentsForChild();
      parent = parentOption.handOff(true);
    } else {
      parent = parentOption;
      frontier = parent?.lastEventId !== undefined && this.dag ? [parent.lastEventId] : [];
    }
    const traceId = parent?.traceId ?? newId128(this.random);
    const attributes: Record<string, AttributeValue> = {};
    if (options?.attributes !== undefined) Object.assign(attributes, options.attributes);
    const result = this.sampler.shouldSample({
      traceId,
      name,
      kind,
      parent,
      attributes,
      headers: options?.headers,
    });
    if (result.attributes !== undefined) Object.assign(attributes, result.attributes);
    const sampled = result.decision === true;
    let stamp = parent?.itc;
    if (sampled && this.stamps !== undefined && stamp === undefined) stamp = this.stamps.seed();
    this.stats.spansStarted++;
    const span = new Span(
      this,
      name,
      kind,
      traceId,
      newId64(this.random),
      parent?.spanId,
      sampled,
      parent?.debug ?? false,
      parent?.baggage ?? EMPTY_BAGGAGE,
      result.traceState ?? parent?.traceState ?? EMPTY_TRACESTATE,
      attributes,
      options?.links === undefined ? undefined : [...options.links],
      frontier,
      stamp,
      options?.startTime ?? this.clock.now(),
    );
    span.recordStart();
    return span;
  }

  fork(from: Span | SpanContext, n: number, name?: string): SpanContext[] {
    if (!Number.isSafeInteger(n) || n < 1) throw new TracerUsageError(`fork: n must be a whole number >= 1, got ${String(n)}`);
    if (from instanceof Span) return from.fork(n, name);
    const context = from;
    name ??= "fork";
    let ctx = context;
    this.stats.tracePoints++;
    if (!context.sampled) this.stats.notSampled++;
    else {
      let stamp = context.itc;
      if (this.stamps !== undefined && stamp !== undefined) stamp = this.stamps.event(stamp);
      if (this.dag) {
        const id = this.newId();
        this.emitEvent(this.bareEvent(context, "fork", id, name, context.lastEventId === undefined ? [] : [context.lastEventId], stamp));
        ctx = { ...context, lastEventId: id, itc: stamp };
      } else ctx = { ...context, itc: stamp };
    }
    if (this.stamps === undefined || ctx.itc === undefined || !ctx.sampled) return Array.from({ length: n }, () => ctx);
    const shares: ItcStamp[] = [];
    split(this.stamps, ctx.itc, n, shares);
    return shares.map((itc) => ({ ...ctx, itc }));
  }

  join(contexts: readonly SpanContext[], name = "join"): SpanContext {
    const first = contexts[0];
    if (first === undefined) throw new TracerUsageError("join: needs at least one context");
    this.stats.tracePoints++;
    const sampled = contexts.some((c) => c.sampled);
    let stamp = first.itc;
    if (this.stamps !== undefined) {
      for (let i = 1; i < contexts.length; i++) {
        const s = contexts[i]!.itc;
        if (s === undefined) continue;
        stamp = stamp === undefined ? s : this.joinStamps(stamp, s);
      }
    }
    if (!sampled) {
      this.stats.notSampled++;
      return stamp === first.itc ? first : { ...first, itc: stamp };
    }
    if (this.stamps !== undefined && stamp !== undefined) stamp = this.stamps.event(stamp);
    if (!this.dag) return { ...first, sampled, itc: stamp };
    const parents: string[] = [];
    for (const c of contexts) {
      if (c.lastEventId !== undefined && c.traceId === first.traceId && !parents.includes(c.lastEventId)) parents.push(c.lastEventId);
    }
    const id = this.newId();
    this.emitEvent(this.bareEvent(first, "join", id, name, parents, stamp));
    return { ...first, sampled, lastEventId: id, itc: stamp };
  }

  private bareEvent(
    ctx: SpanContext,
    kind: "fork" | "join",
    eventId: string,
    name: string,
    parents: string[],
    stamp: ItcStamp | undefined,
  ): TraceEvent {
    const base = {
      traceId: ctx.traceId,
      eventId,
      kind,
      name,
      service: this.service,
      host: this.host,
      timestamp: this.clock.now(),
      spanId: ctx.spanId,
      parents,
    };
    return stamp === undefined || this.stamps === undefined ? base : { ...base, itc: this.stamps.encode(stamp) };
  }

  inject(from: Span | SpanContext, carrier: Carrier, format?: Format | readonly Format[]): void {
    const ctx = from instanceof Span ? from.handOff(false) : from;
    injectContext(ctx, carrier, format ?? this.formats, this.propagationOptions);
  }

  extract(carrier: Readonly<Carrier>, format?: Format | readonly Format[]): SpanContext | undefined {
    return extractContext(carrier, format ?? this.formats, this.propagationOptions);
  }
}

export function createTracer(options: TracerOptions): Tracer {
  return new TracerImpl(options);
}
