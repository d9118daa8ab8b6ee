// The tracer's data, as plain values. Everything a trace point produces, everything the
// collection path ships and everything analysis reads is one of these types.

/** What happened at a trace point (the DAG model's vocabulary, X-Trace style). */
export const EVENT_KINDS = ["start", "end", "send", "recv", "fork", "join", "annotate"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** OpenTelemetry's span kinds, lowercased. */
export const SPAN_KINDS = ["server", "client", "producer", "consumer", "internal"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export type AttributeValue = string | number | boolean;
export type Attributes = Readonly<Record<string, AttributeValue>>;

/**
 * One event of the DAG model. `parents` are the explicit happens-before edges (event ids in
 * the same trace); `itc` is the base64url ITC stamp after the event when the ITC metadata mode
 * is on. `timestamp` is the host's clock, in ns, so it may be skewed between hosts.
 */
export interface TraceEvent {
  readonly traceId: string; // 32 lowercase hex digits
  readonly eventId: string; // 16 lowercase hex digits, unique within the trace
  readonly kind: EventKind;
  readonly name: string; // operation name
  readonly service: string;
  readonly host: string;
  readonly timestamp: number; // host-clock ns
  readonly spanId: string; // 16 lowercase hex digits: the span this event belongs to
  readonly parents: readonly string[];
  readonly itc?: string;
  readonly attributes?: Attributes;
  // Added by the tracer core so a span is derivable from its events alone:
  /** On `start` events: the span's kind and its parent span (absent for a root). */
  readonly spanKind?: SpanKind;
  readonly parentSpanId?: string;
  /** On `start` and `end` events: links added before / after the start. */
  readonly links?: readonly SpanLink[];
  /** On `end` events: the span's final status. */
  readonly status?: { readonly code: StatusCode; readonly message?: string };
}

/** OpenTelemetry's status codes, lowercased, in its numbering (0, 1, 2). */
export const STATUS_CODES = ["unset", "ok", "error"] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes?: Attributes;
}

export interface SpanLog {
  readonly timestamp: number; // host-clock ns
  readonly attributes: Attributes;
}

/**
 * A span: a start/end pair, derivable from the DAG's start and end events or recorded
 * natively in span-only mode. `links` carry extra parents (fan-in) and FOLLOWS_FROM-style
 * references. Times are host-clock ns.
 */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly links: readonly SpanLink[];
  readonly kind: SpanKind;
  readonly name: string;
  readonly service: string;
  readonly host: string;
  readonly start: number;
  readonly end: number;
  readonly attributes: Attributes;
  readonly status: { readonly code: StatusCode; readonly message?: string };
  readonly logs: readonly SpanLog[];
}

/** What a tracer hands to its sink: an event (DAG model) or a finished span (span model). */
export type TraceRecord =
  | { readonly type: "event"; readonly event: TraceEvent }
  | { readonly type: "span"; readonly span: SpanRecord };

/** A stored trace: everything the collector assembled for one trace id. */
export interface Trace {
  readonly traceId: string;
  readonly events: readonly TraceEvent[];
  readonly spans: readonly SpanRecord[];
}

/** Where records go: a collection agent, a test array, a counter. */
export interface Sink {
  emit(record: TraceRecord): void;
}

/** The host's clock as the tracer sees it: ns, possibly skewed. */
export interface Clock {
  now(): number;
}

/** A seeded source of uniform numbers in [0, 1). */
export interface RandomSource {
  next(): number;
}
