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
/** Failed entries read before the rest are skipped (a choice: as many as may be kept). */
const MAX_BAD_ITEMS = 64;
const MAX_BAGGAGE_VALUE = 4096;
/**
 * Bytes of uberctx-* headers (names and values) read in all: W3C Baggage's 8192 (its limit for
 * a whole baggage header), the same bound on the same data in the other format.
 */
const MAX_BAGGAGE_BYTES = 8192;
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
    // Only so many uberctx-* headers are read, and only so many bytes of them, so a request with
    // thousands of (failing) entries costs a bounded amount; everything skipped is counted.
    const { items, more } = headersWithPrefix(carrier, UBERCTX_PREFIX, MAX_BAGGAGE_ITEMS + MAX_BAD_ITEMS);
    if (more > 0) count(stats, "jaeger", "uberctx:items-dropped", more);
    if (items.length > 0) {
      const map = new Map<string, BaggageEntry>();
      let bad = 0;
      let bytes = 0;
      for (let i = 0; i < items.length; i++) {
        const [key, encoded] = items[i]!;
        if (map.size >= MAX_BAGGAGE_ITEMS) {
          count(stats, "jaeger", "uberctx:too-many-items", items.length - i);
          break;
        }
        bytes += UBERCTX_PREFIX.length + key.length + encoded.length;
        if (bytes > MAX_BAGGAGE_BYTES) {
          count(stats, "jaeger", "uberctx:too-large", items.length - i);
          break;
        }
        const decoded = encoded.length > MAX_BAGGAGE_VALUE ? undefined : urlDecode(encoded);
        if (key === "" || decoded === undefined) {
          count(stats, "jaeger", "uberctx:bad-item");
          if (++bad >= MAX_BAD_ITEMS && i + 1 < items.length) {
            count(stats, "jaeger", "uberctx:too-many-bad-items", items.length - i - 1);
            break;
          }
          continue;
        }
        map.set(key, { value: decoded });
      }
      baggage = map;
    }
    return makeContext(traceId, spanId, (flags & 1) === 1, (flags & 2) === 2, true, baggage, EMPTY_TRACESTATE, undefined, spanId);
  },
};
