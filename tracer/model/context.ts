// What travels with a request: the context a trace point hands to the next one, in-process or
// across a message. It is a plain immutable value; the tracer never mutates one it gave out.
import type { Stamp } from "../itc/index.ts";
import type { AttributeValue } from "./types.ts";

/** One W3C baggage member: a value plus its optional `;`-properties, kept verbatim. */
export interface BaggageEntry {
  readonly value: string;
  readonly properties?: string;
}

/** Baggage in insertion order. Keys are W3C tokens; values are the decoded strings. */
export type Baggage = ReadonlyMap<string, BaggageEntry>;

/** W3C tracestate members, newest (leftmost) first, as `[key, value]` pairs. */
export type TraceState = readonly (readonly [string, string])[];

/** The ITC stamp as the context carries it (decoded; encoded only on the wire and in events). */
export type ItcStamp = Stamp;

export interface SpanContext {
  readonly traceId: string; // 32 lowercase hex
  readonly spanId: string; // 16 lowercase hex: the span the next trace point descends from
  readonly sampled: boolean;
  /** Forced tracing (B3 `d`, Jaeger flag 0x02, an OSProfiler HMAC trigger). */
  readonly debug: boolean;
  /**
   * W3C Trace Context Level 2's random-trace-id flag: the trace id's right-most 7 bytes are
   * random. Set on traces this tracer starts (ids from the seeded random source) and carried
   * unchanged along the trace, as the spec requires of every participant.
   */
  readonly random: boolean;
  /** True when the context came out of a carrier (another process), false for local ones. */
  readonly remote: boolean;
  readonly baggage: Baggage;
  readonly traceState: TraceState;
  /** The ITC stamp after `lastEventId` (ITC metadata mode only). */
  readonly itc?: ItcStamp;
  /**
   * The id of the last event on this causal thread (X-Trace's op id): the explicit parent of
   * the next event. Absent when the thread has no recorded event (unsampled, span model).
   */
  readonly lastEventId?: string;
}

export const EMPTY_BAGGAGE: Baggage = new Map();

/** Builds a context; every context has this one shape, which keeps property access fast. */
export function makeContext(
  traceId: string,
  spanId: string,
  sampled: boolean,
  debug: boolean,
  remote: boolean,
  baggage: Baggage,
  traceState: TraceState,
  itc: ItcStamp | undefined,
  lastEventId: string | undefined,
  random = false,
): SpanContext {
  return { traceId, spanId, sampled, debug, random, remote, baggage, traceState, itc, lastEventId };
}

/** The same context with another stamp and last event. */
export const withThread = (c: SpanContext, itc: ItcStamp | undefined, lastEventId: string | undefined): SpanContext =>
  makeContext(c.traceId, c.spanId, c.sampled, c.debug, c.remote, c.baggage, c.traceState, itc, lastEventId, c.random);
export const EMPTY_TRACESTATE: TraceState = [];

/** Attributes as the API accepts them (mutable input, copied on use). */
export type AttributeInput = Readonly<Record<string, AttributeValue>>;
