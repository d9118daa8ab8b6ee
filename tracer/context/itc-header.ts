// The ITC stamp as a standalone header, `itc-stamp: <base64url>`, for designs whose id format
// (B3, Jaeger, OSProfiler) has no room for it. It only augments a context another format
// carries, so on its own it extracts nothing.
import type { ItcStamp, SpanContext } from "../model/context.ts";
import type { StampOps } from "../model/stamps.ts";
import { getHeader } from "./carrier.ts";
import type { Codec, CodecOptions } from "./codec.ts";
import { count } from "./types.ts";
import type { Carrier, Format, PropagationStats } from "./types.ts";

export const ITC_HEADER = "itc-stamp";
/** Bounds what a receiver decodes: about 3 KiB of stamp. */
export const MAX_STAMP_CHARS = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Decodes a base64url stamp from untrusted text; a string result is the rejection reason. */
export function tryDecodeStamp(text: string, stamps: StampOps): ItcStamp | string {
  if (text.length > MAX_STAMP_CHARS) return "too-large";
  if (!BASE64URL.test(text)) return "bad-base64url";
  try {
    return stamps.decode(text).stamp;
  } catch {
    return "bad-stamp";
  }
}

/** Decodes a base64url stamp from untrusted text, counting failures under `format`/`where`. */
export function decodeStamp(
  text: string,
  stamps: StampOps,
  stats: PropagationStats,
  format: Format,
  where: string,
): ItcStamp | undefined {
  const r = tryDecodeStamp(text, stamps);
  if (typeof r !== "string") return r;
  count(stats, format, where + ":" + r);
  return undefined;
}

export function extractStandaloneStamp(carrier: Readonly<Carrier>, options: CodecOptions): ItcStamp | undefined {
  const raw = getHeader(carrier, ITC_HEADER);
  if (raw === undefined || options.stamps === undefined) return undefined;
  return decodeStamp(raw.trim(), options.stamps, options.stats, "itc", "itc-stamp");
}

export const itcCodec: Codec = {
  inject(context: SpanContext, carrier: Carrier, options: CodecOptions): void {
    if (context.itc !== undefined && options.stamps !== undefined) carrier[ITC_HEADER] = options.stamps.ref(context.itc).text;
  },
  extract(): SpanContext | undefined {
    return undefined;
  },
};
