// Jaeger's native propagation: `uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}`
// (ids in hex, short ids left-padded; parent deprecated and sent as 0; flags 0x01 sampled,
// 0x02 debug) and baggage as `uberctx-{key}: {url-encoded value}`. The value itself may
// arrive URL-encoded (`%3A` for `:`), as Jaeger clients write it into HTTP headers.
import { EMPTY_BAGGAGE, EMPTY_TRACESTATE, makeContext } from "../model/context.ts";
import type { BaggageEntry, SpanContext } from "../model/context.ts";
import { getHeader, headersWithPrefix } from "./carrier.ts";
import type { Codec, CodecOptions } from "./codec.ts";
import { count } from "./types.ts";
import type { Carrier } from "./types.ts";

export const UBER_TRACE_ID = "uber-trace-id";
export const UBERCTX_PREFIX = "uberctx-";
const MAX_HEADER = 256;
const MAX_BAGGAGE_ITEMS = 64;
const MAX_BAGGAGE_VALUE = 4096;
const HEX = /^[0-9a-fA-F]+$/;

function hexId(raw: string, digits: number): string | undefined {
  if (raw.length === 0 || raw.length > digits || !HEX.test(raw)) return undefined;
  const id = raw.toLowerCase().padStart(digits, "0");
  return /^0+$/.test(id) ? undefined : id;
}

function urlDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

export const jaegerCodec: Codec = {
  inject(context: SpanContext, carrier: Carrier): void {
    const flags = (context.sampled ? 1 : 0) | (context.debug ? 2 : 0);
    carrier[UBER_TRACE_ID] = context.traceId + ":" + context.spanId + ":0:" + flags.toString(16);
    for (const [key, entry] of context.baggage) carrier[UBERCTX_PREFIX + key.toLowerCase()] = encodeURIComponent(entry.value);
  },

  extract(carrier: Readonly<Carrier>, options: CodecOptions): SpanContext | undefined {
    const raw = getHeader(carrier, UBER_TRACE_ID);
    if (raw === undefined) return undefined;
    const stats = options.stats;
    if (raw.length > MAX_HEADER) {
      count(stats, "jaeger", "uber-trace-id:too-large");
      return undefined;
    }
    const value = raw.includes("%") ? urlDecode(raw.trim()) : raw.trim();
    if (value === undefined) {
      count(stats, "jaeger", "uber-trace-id:bad-encoding");
      return undefined;
    }
    const parts = value.split(":");
    if (parts.length !== 4) {
      count(stats, "jaeger", "uber-trace-id:bad-field-count");
      return undefined;
    }
    const traceId = hexId(parts[0]!, 32);
    if (traceId === undefined) {
      count(stats, "jaeger", "uber-trace-id:bad-trace-id");
      return undefined;
    }
    const spanId = hexId(parts[1]!, 16);
    if (spanId === undefined) {
      count(stats, "jaeger", "uber-trace-id:bad-span-id");
      return undefined;
    }
    const parent = parts[2]!;
    if (parent.length === 0 || parent.length > 16 || !HEX.test(parent)) {
      count(stats, "jaeger", "uber-trace-id:bad-parent-id");
      return undefined;
    }
    const flagsText = parts[3]!;
    if (flagsText.length === 0 || flagsText.length > 2 || !HEX.test(flagsText)) {
      count(stats, "jaeger", "uber-trace-id:bad-flags");
      return undefined;
    }
    const flags = parseInt(flagsText, 16);
    let baggage = EMPTY_BAGGAGE;
    const items = headersWithPrefix(carrier, UBERCTX_PREFIX);
    if (items.length > 0) {
      const map = new Map<string, BaggageEntry>();
      for (const [key, encoded] of items) {
        if (map.size >= MAX_BAGGAGE_ITEMS) {
          count(stats, "jaeger", "uberctx:too-many-items");
          break;
        }
        const decoded = encoded.length > MAX_BAGGAGE_VALUE ? undefined : urlDecode(encoded);
        if (key === "" || decoded === undefined) {
          count(stats, "jaeger", "uberctx:bad-item");
          continue;
        }
        map.set(key, { value: decoded });
      }
      baggage = map;
    }
    return makeContext(traceId, spanId, (flags & 1) === 1, (flags & 2) === 2, true, baggage, EMPTY_TRACESTATE, undefined, spanId);
  },
};
