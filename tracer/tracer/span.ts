// A live span: the mutable state of one causal thread between its start and end trace points.
// In the DAG model it emits start/annotate/fork/join/end events with explicit parents; in the
// span model it emits one SpanRecord at end.
import type { Baggage, ItcStamp, SpanContext, TraceState } from "../model/context.ts";
import type {
  AttributeValue,
  Attributes,
  EventKind,
  SpanKind,
  SpanLink,
  SpanLog,
  StatusCode,
  TraceEvent,
} from "../model/types.ts";
import type { TracerCore } from "./core.ts";
import { split } from "./stamps.ts";

export type JoinSource = Span | SpanContext;

export class Span {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly kind: SpanKind;
  /** Whether this span records anything (its trace is sampled). */
  readonly sampled: boolean;
  readonly startTime: number;
  private endTime = -1;
  private readonly core: TracerCore;
  private readonly debug: boolean;
  private baggage: Baggage;
  private traceState: TraceState;
  private attributes: Record<string, AttributeValue>;
  /** DAG model: attributes set after the start event, shipped on the end event. */
  private lateAttributes: Record<string, AttributeValue> | undefined;
  private links: SpanLink[] | undefined;
  private lateLinks: SpanLink[] | undefined;
  private logs: SpanLog[] | undefined;
  private statusCode: StatusCode = "unset";
  private statusMessage: string | undefined;
  /** Parents of this thread's next event: its last event plus any joined threads. */
  private frontier: string[];
  private stamp: ItcStamp | undefined;
  private cached: SpanContext | undefined;

  /** @internal Built by the tracer's startSpan. */
  constructor(
    core: TracerCore,
    name: string,
    kind: SpanKind,
    traceId: string,
    spanId: string,
    parentSpanId: string | undefined,
    sampled: boolean,
    debug: boolean,
    baggage: Baggage,
    traceState: TraceState,
    attributes: Record<string, AttributeValue>,
    links: SpanLink[] | undefined,
    frontier: string[],
    stamp: ItcStamp | undefined,
    startTime: number,
  ) {
    this.core = core;
    this.name = name;
    this.kind = kind;
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.sampled = sampled;
    this.debug = debug;
    this.baggage = baggage;
    this.traceState = traceState;
    this.attributes = attributes;
    this.links = links;
    this.frontier = frontier;
    this.stamp = stamp;
    this.startTime = startTime;
  }

  get ended(): boolean {
    return this.endTime >= 0;
  }

  /** @internal The start trace point; called once by startSpan. */
  recordStart(): void {
    const core = this.core;
    core.stats.tracePoints++;
    if (!this.sampled) {
      core.stats.notSampled++;
      this.frontier = [];
      return;
    }
    if (!core.dag) {
      this.frontier = [];
      this.tick();
      return;
    }
    // The start event's id is the span id: a context whose last event is the span's start
    // then needs no extra bytes on the wire (the traceparent parent-id already names it).
    this.emitEvent("start", this.spanId, this.startTime, this.attributes, this.links);
    this.frontier = [this.spanId];
  }

  /**
   * The context for messages and joins; reflects every trace point so far. A context names
   * one last event, so threads joined since this span's last event are first collapsed into
   * a `join` event (DAG model).
   */
  context(): SpanContext {
    if (this.cached !== undefined) return this.cached;
    if (this.frontier.length > 1 && this.sampled && this.core.dag && !this.ended) {
      this.traced("join", this.name, undefined);
    }
    return this.snapshot();
  }

  private snapshot(): SpanContext {
    if (this.cached !== undefined) return this.cached;
    const ctx: SpanContext = {
      traceId: this.traceId,
      spanId: this.spanId,
      sampled: this.sampled,
      debug: this.debug,
      remote: false,
      baggage: this.baggage,
      traceState: this.traceState,
      itc: this.stamp,
      lastEventId: this.frontier.length > 0 ? this.frontier[this.frontier.length - 1] : undefined,
    };
    this.cached = ctx;
    return ctx;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.ended || !this.sampled) return this;
    if (this.core.dag) (this.lateAttributes ??= {})[key] = value;
    else this.attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]!);
    return this;
  }

  setStatus(code: StatusCode, message?: string): this {
    if (this.ended) return this;
    this.statusCode = code;
    this.statusMessage = message;
    return this;
  }

  addLink(link: SpanLink): this {
    if (this.ended || !this.sampled) return this;
    (this.lateLinks ??= []).push(link);
    return this;
  }

  /** Sets a baggage entry for contexts taken from this span from now on. */
  setBaggage(key: string, value: string, properties?: string): this {
    const next = new Map(this.baggage);
    next.set(key, properties === undefined ? { value } : { value, properties });
    this.baggage = next;
    this.cached = undefined;
    return this;
  }

  /** A timestamped note: an `annotate` event in the DAG model, a span log in the span model. */
  annotate(name: string, attributes?: Attributes): this {
    if (this.ended) return this;
    const core = this.core;
    if (!this.sampled) {
      core.stats.tracePoints++;
      core.stats.notSampled++;
      return this;
    }
    if (core.dag) {
      this.traced("annotate", name, attributes);
    } else {
      core.stats.tracePoints++;
      this.tick();
      (this.logs ??= []).push({ timestamp: core.clock.now(), attributes: { event: name, ...attributes } });
    }
    return this;
  }

  /**
   * Folds other causal threads into this one (a reply received, children awaited): their last
   * events become parents of this span's next event and, with ITC, their stamps are joined.
   * Records no event by itself.
   */
  join(from: JoinSource | readonly JoinSource[]): this {
    if (this.ended) return this;
    if (Array.isArray(from)) for (const f of from as readonly JoinSource[]) this.joinOne(f);
    else this.joinOne(from as JoinSource);
    return this;
  }

  private joinOne(from: JoinSource): void {
    const ctx = from instanceof Span ? from.context() : from;
    if (ctx.traceId === this.traceId && ctx.lastEventId !== undefined && this.core.dag && this.sampled) {
      // Copy on write: the old array may already be some emitted event's `parents`.
      if (!this.frontier.includes(ctx.lastEventId)) this.frontier = [...this.frontier, ctx.lastEventId];
    }
    if (this.stamp !== undefined && ctx.itc !== undefined && ctx.itc !== this.stamp) {
      this.stamp = this.core.joinStamps(this.stamp, ctx.itc);
    }
    this.cached = undefined;
  }

  /**
   * Concurrent fan-out from this span: records a `fork` event and returns n contexts, one per
   * branch, each with its own share of this span's ITC id (the span keeps a share).
   */
  fork(n: number, name: string = this.name): SpanContext[] {
    const core = this.core;
    if (!this.ended) {
      if (!this.sampled) {
        core.stats.tracePoints++;
        core.stats.notSampled++;
      } else if (core.dag) {
        this.traced("fork", name, undefined);
      }
    }
    const ctx = this.context();
    const out: SpanContext[] = [];
    if (this.stamp !== undefined && core.stamps !== undefined && !this.ended && this.sampled) {
      const shares: ItcStamp[] = [];
      split(core.stamps, this.stamp, n + 1, shares);
      this.stamp = shares[0];
      this.cached = undefined;
      for (let i = 1; i <= n; i++) out.push({ ...ctx, itc: shares[i] });
    } else {
      for (let i = 0; i < n; i++) out.push(ctx);
    }
    return out;
  }

  /**
   * @internal Gives a share of this span's ITC id to a child span or an outgoing message
   * (the span keeps the other share), so both sides can record events with disjoint ids.
   */
  handOff(forChild: boolean): SpanContext {
    // A child's start event takes the whole frontier as parents, so no join event is needed.
    const ctx = forChild ? this.snapshot() : this.context();
    if (this.stamp === undefined || this.core.stamps === undefined || this.ended || !this.sampled) return ctx;
    const [mine, theirs] = this.core.stamps.fork(this.stamp);
    this.stamp = mine;
    this.cached = undefined;
    return { ...ctx, itc: theirs };
  }

  /** @internal The frontier a child's start event descends from. */
  parentsForChild(): string[] {
    return this.sampled && this.core.dag ? this.frontier.slice() : [];
  }

  end(endTime?: number): void {
    if (this.ended) return;
    const core = this.core;
    const t = endTime ?? core.clock.now();
    core.stats.tracePoints++;
    if (!this.sampled) {
      this.endTime = t;
      core.stats.notSampled++;
      return;
    }
    if (core.dag) {
      const id = core.newId();
      this.emitEvent("end", id, t, this.lateAttributes, this.lateLinks);
      this.frontier = [id];
    } else {
      this.tick();
      core.emitSpan({
        traceId: this.traceId,
        spanId: this.spanId,
        parentSpanId: this.parentSpanId,
        links: this.lateLinks === undefined ? (this.links ?? []) : [...(this.links ?? []), ...this.lateLinks],
        kind: this.kind,
        name: this.name,
        service: core.service,
        host: core.host,
        start: this.startTime,
        end: t,
        attributes: this.attributes,
        status: this.statusMessage === undefined ? { code: this.statusCode } : { code: this.statusCode, message: this.statusMessage },
        logs: this.logs ?? [],
      });
    }
    this.endTime = t;
    this.cached = undefined;
  }

  /** Span model with ITC metadata: the stamp still records each trace point, unreported. */
  private tick(): void {
    if (this.stamp !== undefined && this.core.stamps !== undefined) {
      this.stamp = this.core.stamps.event(this.stamp);
      this.cached = undefined;
    }
  }

  /** Records a non-start/end event on this thread and returns its id. */
  private traced(kind: EventKind, name: string, attributes: Attributes | undefined): string {
    this.core.stats.tracePoints++;
    const id = this.core.newId();
    this.emitEvent(kind, id, this.core.clock.now(), attributes, undefined, name);
    this.frontier = [id];
    this.cached = undefined;
    return id;
  }

  private emitEvent(
    kind: EventKind,
    eventId: string,
    timestamp: number,
    attributes: Attributes | undefined,
    links: readonly SpanLink[] | undefined,
    name: string = this.name,
  ): void {
    const core = this.core;
    let itc: string | undefined;
    if (this.stamp !== undefined && core.stamps !== undefined) {
      this.stamp = core.stamps.event(this.stamp);
      itc = core.stamps.encode(this.stamp);
    }
    const event: {
      -readonly [K in keyof TraceEvent]: TraceEvent[K];
    } = {
      traceId: this.traceId,
      eventId,
      kind,
      name,
      service: core.service,
      host: core.host,
      timestamp,
      spanId: this.spanId,
      parents: this.frontier,
    };
    if (itc !== undefined) event.itc = itc;
    if (attributes !== undefined) event.attributes = attributes;
    if (kind === "start") {
      event.spanKind = this.kind;
      if (this.parentSpanId !== undefined) event.parentSpanId = this.parentSpanId;
    }
    if (links !== undefined && links.length > 0) event.links = links;
    if (kind === "end") {
      event.status = this.statusMessage === undefined ? { code: this.statusCode } : { code: this.statusCode, message: this.statusMessage };
    }
    core.emitEvent(event);
  }
}
