// What a sampled span's trace points record, chosen once per tracer by its model: the DAG
// recorder emits start/annotate/fork/join/end events with explicit parents (X-Trace style); the
// span recorder emits one SpanRecord when the span ends (Dapper, Zipkin, Jaeger, OpenTelemetry)
// and keeps its annotations as span logs.
import type { SpanContext } from "../model/context.ts";
import { flippedId64 } from "../model/ids.ts";
import type { StampRef } from "../model/stamps.ts";
import type { AttributeValue, Attributes, SpanLink, SpanLog, StatusCode } from "../model/types.ts";
import type { TracerCore } from "./core.ts";
import { STATUS, endEvent, otherEvent, startEvent } from "./events.ts";
import { NO_PARENTS } from "./recording-span.ts";
import type { RecordingSpan } from "./recording-span.ts";

export interface Recorder {
  /** Events name their parents: spans keep a frontier and contexts carry their last event. */
  readonly events: boolean;
  /** The start trace point (already counted). */
  start(span: RecordingSpan): void;
  setAttribute(span: RecordingSpan, key: string, value: AttributeValue): void;
  annotate(span: RecordingSpan, name: string, attributes: Attributes | undefined): void;
  /** A fan-out from the span (its branches' contexts are the span's business). */
  fork(span: RecordingSpan, name: string): void;
  /** Threads joined into the span since its last event become one (a `join` event). */
  collapse(span: RecordingSpan): void;
  /** The end trace point (already counted), at host-clock `t`. */
  end(span: RecordingSpan, t: number): void;
  /**
   * A fork or join of contexts (Tracer.fork, Tracer.join) on the thread of `ctx`'s span:
   * the event's id, or undefined when nothing is recorded. `stamp` is the stamp after it.
   */
  contextEvent(ctx: SpanContext, kind: "fork" | "join", name: string, parents: readonly string[], stamp: StampRef | undefined): string | undefined;
}

const NO_LINKS: readonly SpanLink[] = Object.freeze([]);
const NO_LOGS: readonly SpanLog[] = Object.freeze([]);
const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});

function status(span: RecordingSpan): { readonly code: StatusCode; readonly message?: string } {
  return span.statusMessage === undefined ? STATUS[span.statusCode] : { code: span.statusCode, message: span.statusMessage };
}

export class DagRecorder implements Recorder {
  readonly events = true;
  constructor(private readonly core: TracerCore) {}

  start(span: RecordingSpan): void {
    // The start event's id is the span id: a context whose last event is the span's start then
    // needs no extra bytes on the wire (the traceparent parent-id already names it). Later
    // attributes go to lateAttributes, so the start attributes stay as emitted.
    const core = this.core;
    const id = span.spanId;
    const parents = span.parents();
    const itc = span.nextStamp()?.text;
    core.emitEvent(startEvent(span.traceId, id, span.name, core.service, core.host, span.startTime, parents, itc, span.kind, span.parentSpanId, span.attributes, span.links));
    span.moveTo(id);
  }

  setAttribute(span: RecordingSpan, key: string, value: AttributeValue): void {
    (span.lateAttributes ??= {})[key] = value;
  }

  annotate(span: RecordingSpan, name: string, attributes: Attributes | undefined): void {
    this.point(span, "annotate", name, attributes === undefined ? undefined : { ...attributes });
  }

  fork(span: RecordingSpan, name: string): void {
    this.point(span, "fork", name, undefined);
  }

  collapse(span: RecordingSpan): void {
    this.point(span, "join", span.name, undefined);
  }

  end(span: RecordingSpan, t: number): void {
    const core = this.core;
    const id = flippedId64(span.idHi, span.idLo);
    const parents = span.parents();
    const itc = span.nextStamp()?.text;
    core.emitEvent(endEvent(span.traceId, id, span.spanId, span.name, core.service, core.host, t, parents, itc, status(span), span.lateAttributes, span.lateLinks));
    span.moveTo(id);
  }

  /** A trace point inside the span: its own event, now, after the thread's frontier. */
  private point(span: RecordingSpan, kind: "annotate" | "fork" | "join", name: string, attributes: Attributes | undefined): void {
    const core = this.core;
    core.stats.tracePoints++;
    const id = core.newId();
    const timestamp = core.clock.now();
    const parents = span.parents();
    const itc = span.nextStamp()?.text;
    core.emitEvent(otherEvent(span.traceId, id, kind, span.spanId, name, core.service, core.host, timestamp, parents, itc, attributes));
    span.moveTo(id);
    span.cached = undefined;
  }

  contextEvent(ctx: SpanContext, kind: "fork" | "join", name: string, parents: readonly string[], stamp: StampRef | undefined): string {
    const core = this.core;
    const id = core.newId();
    core.emitEvent(otherEvent(ctx.traceId, id, kind, ctx.spanId, name, core.service, core.host, core.clock.now(), parents, stamp?.text, undefined));
    return id;
  }
}

export class SpanRecorder implements Recorder {
  readonly events = false;
  constructor(private readonly core: TracerCore) {}

  start(span: RecordingSpan): void {
    span.frontier = NO_PARENTS;
    span.last = undefined;
    span.nextStamp();
  }

  setAttribute(span: RecordingSpan, key: string, value: AttributeValue): void {
    (span.attributes ??= {})[key] = value;
  }

  annotate(span: RecordingSpan, name: string, attributes: Attributes | undefined): void {
    // The stamp still records each trace point (ITC metadata), unreported.
    this.core.stats.tracePoints++;
    span.nextStamp();
    (span.logs ??= []).push({ timestamp: this.core.clock.now(), attributes: { event: name, ...attributes } });
  }

  fork(): void {}

  collapse(): void {}

  end(span: RecordingSpan, t: number): void {
    const core = this.core;
    span.nextStamp();
    const links = span.lateLinks === undefined ? (span.links ?? NO_LINKS) : [...(span.links ?? NO_LINKS), ...span.lateLinks];
    const traceId = span.traceId;
    const spanId = span.spanId;
    const kind = span.kind;
    const name = span.name;
    const service = core.service;
    const host = core.host;
    const start = span.startTime;
    // A clock stepped back while the span ran (a skew fault ending, NTP stepping) would end it
    // before it started: its duration becomes 0, as OpenTelemetry JS's Span.end does
    // ("Inconsistent start and end time, startTime > endTime. Setting span duration to 0ms.").
    const end = t < start ? start : t;
    const attributes = span.attributes ?? EMPTY_ATTRIBUTES;
    const st = status(span);
    const logs = span.logs ?? NO_LOGS;
    const parentSpanId = span.parentSpanId;
    // Same fields, in the same order, as spansFromEvents builds; no parentSpanId key on a root.
    core.emitSpan(
      parentSpanId === undefined
        ? { traceId, spanId, links, kind, name, service, host, start, end, attributes, status: st, logs }
        : { traceId, spanId, links, kind, name, service, host, start, end, attributes, status: st, logs, parentSpanId },
    );
  }

  contextEvent(): undefined {
    return undefined;
  }
}

