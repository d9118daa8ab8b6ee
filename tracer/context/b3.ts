// Zipkin B3 (https://github.com/openzipkin/b3-propagation). Single header
// `b3: {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]` or `b3: {SamplingState}`; multi
// header X-B3-TraceId / X-B3-SpanId / X-B3-ParentSpanId / X-B3-Sampled / X-B3-Flags. Ids are
// lower-hex: trace id 16 or 32 characters (16 is left-padded), span ids 16. "Defer" (no
// sampling state) maps to not sampled, as OpenTelemetry's B3 propagator does.
import { EMPTY_BAGGAGE, EMPTY_TRACESTATE, makeContext } from "../model/context.ts";
import type { SpanContext } from "../model/context.ts";
import { getHeader } from "./carrier.ts";
import type { Codec, CodecOptions } from "./codec.ts";
import { count } from "./types.ts";
import type { Carrier } from "./types.ts";

const TRACE_ID = /^([0-9a-f]{16}|[0-9a-f]{32})$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const MAX_HEADER = 128;

function traceIdOf(raw: string): string | undefined {
  if (!TRACE_ID.test(raw)) return undefined;
  const id = raw.padStart(32, "0");
  return id === "00000000000000000000000000000000" ? undefined : id;
}

const spanIdOf = (raw: string): string | undefined =>
  SPAN_ID.test(raw) && raw !== "0000000000000000" ? raw : undefined;

function context(traceId: string, spanId: string, sampled: boolean, debug: boolean): SpanContext {
  return makeContext(traceId, spanId, sampled, debug, true, EMPTY_BAGGAGE, EMPTY_TRACESTATE, undefined, spanId);
}

export const b3Codec: Codec = {
  inject(ctx: SpanContext, carrier: Carrier): void {
    carrier["b3"] = ctx.traceId + "-" + ctx.spanId + "-" + (ctx.debug ? "d" : ctx.sampled ? "1" : "0");
  },

  extract(carrier: Readonly<Carrier>, options: CodecOptions): SpanContext | undefined {
    const raw = getHeader(carrier, "b3");
    if (raw === undefined) return undefined;
    const stats = options.stats;
    const value = raw.trim();
    if (value.length > MAX_HEADER) {
      count(stats, "b3", "too-large");
      return undefined;
    }
    const parts = value.split("-");
    if (parts.length === 1) {
      // Sampling state alone (e.g. `b3: 0`, an explicit deny): valid, but carries no ids.
      if (value !== "0" && value !== "1" && value !== "d") count(stats, "b3", "bad-sampling-state");
      else count(stats, "b3", "sampling-state-only");
      return undefined;
    }
    if (parts.length > 4) {
      count(stats, "b3", "bad-field-count");
      return undefined;
    }
    const traceId = traceIdOf(parts[0]!);
    if (traceId === undefined) {
      count(stats, "b3", "bad-trace-id");
      return undefined;
    }
    const spanId = spanIdOf(parts[1]!);
    if (spanId === undefined) {
      count(stats, "b3", "bad-span-id");
      return undefined;
    }
    const state = parts[2];
    if (state !== undefined && state !== "0" && state !== "1" && state !== "d") {
      count(stats, "b3", "bad-sampling-state");
      return undefined;
    }
    if (parts[3] !== undefined && spanIdOf(parts[3]) === undefined) {
      count(stats, "b3", "bad-parent-span-id");
      return undefined;
    }
    return context(traceId, spanId, state === "1" || state === "d", state === "d");
  },
};

export const b3MultiCodec: Codec = {
  inject(ctx: SpanContext, carrier: Carrier): void {
    carrier["x-b3-traceid"] = ctx.traceId;
    carrier["x-b3-spanid"] = ctx.spanId;
    if (ctx.debug) carrier["x-b3-flags"] = "1";
    else carrier["x-b3-sampled"] = ctx.sampled ? "1" : "0";
  },

  extract(carrier: Readonly<Carrier>, options: CodecOptions): SpanContext | undefined {
    const rawTrace = getHeader(carrier, "x-b3-traceid");
    const rawSpan = getHeader(carrier, "x-b3-spanid");
    if (rawTrace === undefined && rawSpan === undefined) return undefined;
    const stats = options.stats;
    if (rawTrace === undefined || rawSpan === undefined) {
      count(stats, "b3multi", "missing-id");
      return undefined;
    }
    const traceId = traceIdOf(rawTrace.trim());
    if (traceId === undefined) {
      count(stats, "b3multi", "bad-trace-id");
      return undefined;
    }
    const spanId = spanIdOf(rawSpan.trim());
    if (spanId === undefined) {
      count(stats, "b3multi", "bad-span-id");
      return undefined;
    }
    const parent = getHeader(carrier, "x-b3-parentspanid");
    if (parent !== undefined && spanIdOf(parent.trim()) === undefined) {
      count(stats, "b3multi", "bad-parent-span-id");
      return undefined;
    }
    const sampledText = getHeader(carrier, "x-b3-sampled")?.trim();
    // "true"/"false" are what early B3 clients sent; the spec asks receivers to accept them.
    let sampled = false;
    if (sampledText !== undefined) {
      if (sampledText === "1" || sampledText === "true") sampled = true;
      else if (sampledText !== "0" && sampledText !== "false") {
        count(stats, "b3multi", "bad-sampled");
        return undefined;
      }
    }
    const flags = getHeader(carrier, "x-b3-flags")?.trim();
    const debug = flags === "1";
    if (flags !== undefined && flags !== "1" && flags !== "0") {
      count(stats, "b3multi", "bad-flags");
      return undefined;
    }
    return context(traceId, spanId, sampled || debug, debug);
  },
};
