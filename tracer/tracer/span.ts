// A live span: the mutable state of one causal thread between its start and end trace points.
// In the DAG model it emits start/annotate/fork/join/end events with explicit parents; in the
// span model it emits one SpanRecord at end.
import { makeContext } from "../model/context.ts";
import type { Baggage, ItcStamp, SpanContext, TraceState } from "../model/context.ts";
import { flippedId64 } from "../model/ids.ts";
import type { AttributeValue, Attributes, EventKind, SpanKind, SpanLink, SpanLog, StatusCode, TraceEvent } from "../model/types.ts";
import type { TracerCore } from "./core.ts";
import { STATUS, endEvent, otherEvent, startEvent } from "./events.ts";
import { split } from "../model/stamps.ts";
import type { StampRef } from "../model/stamps.ts";

export type JoinSource = Span | SpanContext;

const NO_PARENTS: readonly string[] = Object.freeze([]);

/**
 * A span is also a read-only view of its current context (it has every SpanContext field), so
 * a sampler can be shown a local parent without building a context value.
 */
export class Span implements SpanContext {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly kind: SpanKind;
  /** Whether this span records anything (its trace is sampled). */
  readonly sampled: boolean;
  readonly debug: boolean;
  readonly random: boolean;
  readonly startTime: number;
  private endTime = -1;
  private readonly core: TracerCore;
  /** The span id as two int32 halves, for the end event's id. */
  private readonly idHi: number;
  private readonly idLo: number;
  private currentBaggage: Baggage;
  private currentTraceState: TraceState;
  /** Start attributes (span model: all attributes); created on first use. */
  private attributes: Record<string, AttributeValue> | undefined;
  /** DAG model: attributes set after the start event, shipped on the end event. */
  private lateAttributes: Record<string, AttributeValue> | undefined = undefined;
  private readonly links: readonly SpanLink[] | undefined;
  private lateLinks: SpanLink[] | undefined = undefined;
  private logs: SpanLog[] | undefined = undefined;
  private statusCode: StatusCode = "unset";
  private statusMessage: string | undefined = undefined;
  /**
   * Parents of this thread's next event. Never mutated, only replaced (it may be an emitted
   * event's `parents`). Undefined stands for `[last]` (or `[]`), built only when needed.
   */
  private frontier: readonly string[] | undefined;
  /** The newest event on this thread: the last element of the frontier. */
  private last: string | undefined;
  private stamp: StampRef | undefined;
  private cached: SpanContext | undefined = undefined;

  /** @internal Built by the tracer's startSpan, which then calls recordStart. */
  constructor(
    core: TracerCore,
    name: string,
    kind: SpanKind,
    traceId: string,
    spanId: string,
    idHi: number,
    idLo: number,
    parentSpanId: string | undefined,
    sampled: boolean,
    debug: boolean,
    random: boolean,
    baggage: Baggage,
    traceState: TraceState,
    attributes: Record<string, AttributeValue> | undefined,
    links: readonly SpanLink[] | undefined,
    frontier: readonly string[],
    stamp: StampRef | undefined,
    startTime: number,
  ) {
    this.core = core;
    this.name = name;
    this.kind = kind;
    this.traceId = traceId;
    this.spanId = spanId;
    this.idHi = idHi;
    this.idLo = idLo;
    this.parentSpanId = parentSpanId;
    this.sampled = sampled;
    this.debug = debug;
    this.random = random;
    this.currentBaggage = baggage;
    this.currentTraceState = traceState;
    this.attributes = attributes;
    this.links = links;
    this.frontier = frontier;
    this.last = frontier.length > 0 ? frontier[frontier.length - 1] : undefined;
    this.stamp = stamp;
    this.startTime = startTime;
  }

  /** A span is local by definition (SpanContext view). */
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

  private parents(): readonly string[] {
    return (this.frontier ??= this.last === undefined ? NO_PARENTS : [this.last]);
  }

  /** More than one thread joined since the last event (a context must first collapse them). */
  private get pendingJoin(): boolean {
    return this.frontier !== undefined && this.frontier.length > 1;
  }

  /** @internal The start trace point; called once by startSpan. */
  recordStart(): void {
    const core = this.core;
    core.stats.tracePoints++;
    if (!this.sampled) {
      core.stats.notSampled++;
      this.frontier = NO_PARENTS;
      this.last = undefined;
    } else if (core.dag) {
      // The start event's id is the span id: a context whose last event is the span's start
      // then needs no extra bytes on the wire (the traceparent parent-id already names it).
      // In the DAG model later attributes go to lateAttributes, so this object stays as emitted.
      this.emitEvent("start", this.spanId, this.startTime, this.attributes, this.links, this.name);
      this.moveTo(this.spanId);
    } else {
      this.frontier = NO_PARENTS;
      this.last = undefined;
      this.tick();
    }
  }

  /**
   * The context for messages and joins: an immutable value reflecting every trace point so
   * far. A context names one last event, so threads joined since this span's last event are
   * first collapsed into a `join` event (DAG model).
   */
  context(): SpanContext {
    if (this.cached !== undefined) return this.cached;
    if (this.pendingJoin && this.sampled && this.core.dag && this.endTime < 0) {
      this.traced("join", this.name, undefined);
    }
    return (this.cached = this.contextWith(this.stamp));
  }

  private contextWith(ref: StampRef | undefined): SpanContext {
    return makeContext(this.traceId, this.spanId, this.sampled, this.debug, false, this.currentBaggage, this.currentTraceState, ref?.stamp, this.last, this.random);
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.endTime >= 0 || !this.sampled) return this;
    if (this.core.dag) (this.lateAttributes ??= {})[key] = value;
    else (this.attributes ??= {})[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]!);
    return this;
  }

  setStatus(code: StatusCode, message?: string): this {
    if (this.endTime >= 0) return this;
    this.statusCode = code;
    this.statusMessage = message;
    return this;
  }

  addLink(link: SpanLink): this {
    if (this.endTime >= 0 || !this.sampled) return this;
    (this.lateLinks ??= []).push(link);
    return this;
  }

  /** Sets a baggage entry for contexts taken from this span from now on. */
  setBaggage(key: string, value: string, properties?: string): this {
    const next = new Map(this.currentBaggage);
    next.set(key, properties === undefined ? { value } : { value, properties });
    this.currentBaggage = next;
    this.cached = undefined;
    return this;
  }

  /** A timestamped note: an `annotate` event in the DAG model, a span log in the span model. */
  annotate(name: string, attributes?: Attributes): this {
    if (this.endTime >= 0) return this;
    const core = this.core;
    if (!this.sampled) {
      core.stats.tracePoints++;
      core.stats.notSampled++;
    } else if (core.dag) {
      this.traced("annotate", name, attributes === undefined ? undefined : { ...attributes });
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
    if (this.endTime >= 0) return this;
    if (Array.isArray(from)) for (const f of from as readonly JoinSource[]) this.joinOne(f);
    else this.joinOne(from as JoinSource);
    return this;
  }

  private joinOne(from: JoinSource): void {
    let last: string | undefined;
    let itc: StampRef | undefined;
    if (from instanceof Span) {
      // An ended span's frontier is its end event; a live one may need collapsing first.
      if (from.pendingJoin) from.context();
      last = from.lastEventId;
      itc = from.stamp;
    } else {
      last = from.lastEventId;
      itc = from.itc === undefined || this.core.stamps === undefined ? undefined : this.core.stamps.ref(from.itc);
    }
    if (last !== undefined && from.traceId === this.traceId && this.core.dag && this.sampled) {
      const f = this.parents();
      if (!f.includes(last)) {
        this.frontier = append(f, last);
        this.last = last;
      }
    }
    if (this.stamp !== undefined && itc !== undefined && itc !== this.stamp) {
      this.stamp = this.core.joinStamps(this.stamp, itc);
    }
    this.cached = undefined;
  }

  /**
   * Concurrent fan-out from this span: records a `fork` event and returns n contexts, one per
   * branch, each with its own share of this span's ITC id (the span keeps a share).
   */
  fork(n: number, name: string = this.name): SpanContext[] {
    const core = this.core;
    if (this.endTime < 0) {
      if (!this.sampled) {
        core.stats.tracePoints++;
        core.stats.notSampled++;
      } else if (core.dag) {
        this.traced("fork", name, undefined);
      }
    }
    const ctx = this.context();
    const out: SpanContext[] = [];
    if (this.stamp !== undefined && core.stamps !== undefined && this.endTime < 0 && this.sampled) {
      const shares: StampRef[] = [];
      split(core.stamps, this.stamp, n + 1, shares);
      this.stamp = shares[0];
      this.cached = undefined;
      for (let i = 1; i <= n; i++) out.push(this.contextWith(shares[i]));
    } else {
      for (let i = 0; i < n; i++) out.push(ctx);
    }
    return out;
  }

  /**
   * @internal Gives a share of this span's ITC id to a child span (`forChild`) or an outgoing
   * message, keeping the other share, so both sides record events with disjoint ids. An ended
   * span gives its whole stamp (a reply).
   */
  takeShare(): StampRef | undefined {
    const stamps = this.core.stamps;
    if (this.stamp === undefined || stamps === undefined || this.endTime >= 0 || !this.sampled) return this.stamp;
    const pair = stamps.fork(this.stamp);
    this.stamp = pair[0];
    this.cached = undefined;
    return pair[1];
  }

  /** @internal The context an outgoing message carries (see takeShare). */
  outgoing(): SpanContext {
    if (this.stamp === undefined || this.core.stamps === undefined) return this.context();
    if (this.pendingJoin && this.sampled && this.core.dag && this.endTime < 0) this.context();
    return this.contextWith(this.takeShare());
  }

  /** @internal The parents of a child's start event: this thread's frontier (shared, immutable). */
  frontierForChild(): readonly string[] {
    return this.sampled && this.core.dag ? this.parents() : NO_PARENTS;
  }

  end(endTime?: number): void {
    if (this.endTime >= 0) return;
    const core = this.core;
    const t = endTime ?? core.clock.now();
    core.stats.tracePoints++;
    this.endTime = t;
    this.cached = undefined;
    if (!this.sampled) core.stats.notSampled++;
    else if (core.dag) {
      const id = flippedId64(this.idHi, this.idLo);
      this.emitEvent("end", id, t, this.lateAttributes, this.lateLinks, this.name);
      this.moveTo(id);
    } else this.recordSpan(t);
    if (core.processor !== undefined) core.processor.onEnd(this, t);
  }

  /** Span model: the whole span as one record. */
  private recordSpan(t: number): void {
    const core = this.core;
    this.tick();
    const links = this.lateLinks === undefined ? (this.links ?? NO_LINKS) : [...(this.links ?? NO_LINKS), ...this.lateLinks];
    const traceId = this.traceId;
    const spanId = this.spanId;
    const kind = this.kind;
    const name = this.name;
    const service = core.service;
    const host = core.host;
    const start = this.startTime;
    // A clock stepped back while the span ran (a skew fault ending, NTP stepping) would end it
    // before it started: its duration becomes 0, as OpenTelemetry JS's Span.end does
    // ("Inconsistent start and end time, startTime > endTime. Setting span duration to 0ms.").
    if (t < start) t = start;
    const attributes = this.attributes ?? EMPTY_ATTRIBUTES;
    const status = this.status();
    const logs = this.logs ?? NO_LOGS;
    const parentSpanId = this.parentSpanId;
    // Same fields, in the same order, as spansFromEvents builds; no parentSpanId key on a root.
    core.emitSpan(
      parentSpanId === undefined
        ? { traceId, spanId, links, kind, name, service, host, start, end: t, attributes, status, logs }
        : { traceId, spanId, links, kind, name, service, host, start, end: t, attributes, status, logs, parentSpanId },
    );
  }

  private status(): { readonly code: StatusCode; readonly message?: string } {
    return this.statusMessage === undefined ? STATUS[this.statusCode] : { code: this.statusCode, message: this.statusMessage };
  }

  /** The thread's newest event is now `id` (its frontier `[id]`, built lazily). */
  private moveTo(id: string): void {
    this.last = id;
    this.frontier = undefined;
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
    this.moveTo(id);
    this.cached = undefined;
    return id;
  }

  /** The stamp after one more event (ITC mode), as its base64url code. */
  private nextStamp(): string | undefined {
    const stamps = this.core.stamps;
    if (this.stamp === undefined || stamps === undefined) return undefined;
    this.stamp = stamps.event(this.stamp);
    return this.stamp.text;
  }

  private emitEvent(
    kind: EventKind,
    eventId: string,
    timestamp: number,
    attributes: Attributes | undefined,
    links: readonly SpanLink[] | undefined,
    name: string,
  ): void {
    const core = this.core;
    const parents = this.parents();
    const itc = this.nextStamp();
    let event: TraceEvent;
    if (kind === "start") {
      event = startEvent(this.traceId, this.spanId, name, core.service, core.host, timestamp, parents, itc, this.kind, this.parentSpanId, attributes, links);
    } else if (kind === "end") {
      event = endEvent(this.traceId, eventId, this.spanId, name, core.service, core.host, timestamp, parents, itc, this.status(), attributes, links);
    } else {
      event = otherEvent(this.traceId, eventId, kind, this.spanId, name, core.service, core.host, timestamp, parents, itc, attributes);
    }
    core.emitEvent(event);
  }
}

const NO_LINKS: readonly SpanLink[] = Object.freeze([]);
const NO_LOGS: readonly SpanLog[] = Object.freeze([]);

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});

/** A new array: frontiers are shared with emitted events, so they are never mutated. */
function append(f: readonly string[], id: string): readonly string[] {
  switch (f.length) {
    case 0:
      return [id];
    case 1:
      return [f[0]!, id];
    case 2:
      return [f[0]!, f[1]!, id];
    default: {
      const g = f.slice();
      g.push(id);
      return g;
    }
  }
}
