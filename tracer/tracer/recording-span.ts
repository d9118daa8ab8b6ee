// A span of a sampled trace: the mutable state of one causal thread between its start and end
// trace points. What a trace point records (DAG events, or one span record at the end) is its
// tracer's recorder's business (recorders.ts); the span keeps the thread: its frontier (the
// parents of its next event), its ITC share, its attributes and status.
import type { SpanContext } from "../model/context.ts";
import type { AttributeValue, Attributes, SpanLink, SpanLog, StatusCode } from "../model/types.ts";
import { split } from "../model/stamps.ts";
import type { StampRef } from "../model/stamps.ts";
import type { TracerCore } from "./core.ts";
import type { Recorder } from "./recorders.ts";
import { SpanBase } from "./span.ts";
import type { SpanInit } from "./span.ts";

export const NO_PARENTS: readonly string[] = Object.freeze([]);

export interface RecordingSpanInit extends SpanInit {
  readonly core: TracerCore;
  /** The span id as two int32 halves (see Id64), for the end event's id. */
  readonly idHi: number;
  readonly idLo: number;
  /** Start attributes, owned by the span from now on (or frozen, and then never written). */
  readonly attributes: Record<string, AttributeValue> | undefined;
  readonly links: readonly SpanLink[] | undefined;
  /** The parents of the start event (DAG model). */
  readonly frontier: readonly string[];
}

export class RecordingSpan extends SpanBase {
  readonly sampled = true;
  declare readonly core: TracerCore;
  /** @internal What the tracer records at each trace point, chosen once per tracer. */
  readonly recorder: Recorder;
  /** @internal */
  readonly idHi: number;
  /** @internal */
  readonly idLo: number;
  /** @internal Start attributes (span model: all attributes); created on first use. */
  attributes: Record<string, AttributeValue> | undefined;
  /** @internal DAG model: attributes set after the start event, shipped on the end event. */
  lateAttributes: Record<string, AttributeValue> | undefined = undefined;
  /** @internal */
  readonly links: readonly SpanLink[] | undefined;
  /** @internal */
  lateLinks: SpanLink[] | undefined = undefined;
  /** @internal Span model: annotations as span logs. */
  logs: SpanLog[] | undefined = undefined;
  /** @internal */
  statusCode: StatusCode = "unset";
  /** @internal */
  statusMessage: string | undefined = undefined;
  /**
   * @internal Parents of this thread's next event. Never mutated, only replaced (it may be an
   * emitted event's `parents`). Undefined stands for `[last]` (or `[]`), built only when needed.
   */
  frontier: readonly string[] | undefined;

  constructor(init: RecordingSpanInit) {
    super(init);
    this.recorder = init.core.recorder;
    this.idHi = init.idHi;
    this.idLo = init.idLo;
    this.attributes = init.attributes;
    this.links = init.links;
    const frontier = init.frontier;
    this.frontier = frontier;
    this.last = frontier.length > 0 ? frontier[frontier.length - 1] : undefined;
  }

  isRecording(): boolean {
    return true;
  }

  /** @internal The parents of this thread's next event. */
  parents(): readonly string[] {
    return (this.frontier ??= this.last === undefined ? NO_PARENTS : [this.last]);
  }

  /** More than one thread joined since the last event (a context must first collapse them). */
  private get pendingJoin(): boolean {
    return this.frontier !== undefined && this.frontier.length > 1;
  }

  /** @internal The start trace point; called once by startSpan. */
  recordStart(): void {
    this.core.stats.tracePoints++;
    this.recorder.start(this);
  }

  override context(): SpanContext {
    if (this.cached !== undefined) return this.cached;
    if (this.pendingJoin && this.endTime < 0) this.recorder.collapse(this);
    return (this.cached = this.contextWith(this.stamp));
  }

  override collapse(): void {
    if (this.pendingJoin) this.context();
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.endTime < 0) this.recorder.setAttribute(this, key, value);
    return this;
  }

  setStatus(code: StatusCode, message?: string): this {
    if (this.endTime >= 0) return this;
    this.statusCode = code;
    this.statusMessage = message;
    return this;
  }

  addLink(link: SpanLink): this {
    if (this.endTime >= 0) return this;
    (this.lateLinks ??= []).push(link);
    return this;
  }

  annotate(name: string, attributes?: Attributes): this {
    if (this.endTime < 0) this.recorder.annotate(this, name, attributes);
    return this;
  }

  protected follow(last: string, traceId: string): void {
    if (traceId !== this.traceId || !this.recorder.events) return;
    const f = this.parents();
    if (!f.includes(last)) {
      this.frontier = append(f, last);
      this.last = last;
    }
  }

  fork(n: number, name: string = this.name): SpanContext[] {
    const stamps = this.core.stamps;
    if (this.endTime < 0) this.recorder.fork(this, name);
    const ctx = this.context();
    const out: SpanContext[] = [];
    if (this.stamp !== undefined && stamps !== undefined && this.endTime < 0) {
      const shares = split(stamps, this.stamp, n + 1);
      this.stamp = shares[0];
      this.cached = undefined;
      for (let i = 1; i <= n; i++) out.push(this.contextWith(shares[i]));
    } else {
      for (let i = 0; i < n; i++) out.push(ctx);
    }
    return out;
  }

  /**
   * @internal Gives a share of this span's ITC id to a child span or an outgoing message,
   * keeping the other share, so both sides record events with disjoint ids. An ended span
   * gives its whole stamp (a reply).
   */
  takeShare(): StampRef | undefined {
    const stamps = this.core.stamps;
    if (this.stamp === undefined || stamps === undefined || this.endTime >= 0) return this.stamp;
    const pair = stamps.fork(this.stamp);
    this.stamp = pair[0];
    this.cached = undefined;
    return pair[1];
  }

  outgoing(): SpanContext {
    if (this.stamp === undefined || this.core.stamps === undefined) return this.context();
    if (this.pendingJoin && this.endTime < 0) this.context();
    return this.contextWith(this.takeShare());
  }

  frontierForChild(): readonly string[] {
    return this.recorder.events ? this.parents() : NO_PARENTS;
  }

  end(endTime?: number): void {
    if (this.endTime >= 0) return;
    const core = this.core;
    const t = endTime ?? core.clock.now();
    core.stats.tracePoints++;
    this.endTime = t;
    this.cached = undefined;
    this.recorder.end(this, t);
    if (core.processor !== undefined) core.processor.onEnd(this, t);
  }

  /** @internal The thread's newest event is now `id` (its frontier `[id]`, built lazily). */
  moveTo(id: string): void {
    this.last = id;
    this.frontier = undefined;
  }

  /** @internal The stamp after one more event (ITC metadata), or undefined without one. */
  nextStamp(): StampRef | undefined {
    const stamps = this.core.stamps;
    if (this.stamp === undefined || stamps === undefined) return undefined;
    this.stamp = stamps.event(this.stamp);
    this.cached = undefined;
    return this.stamp;
  }
}

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
