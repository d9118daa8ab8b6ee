// OSProfiler's on-demand trigger (osprofiler/_utils.py signed_pack / signed_unpack, web.py):
//   X-Trace-Info = urlsafe_b64encode(json.dumps({"base_id": …, "parent_id": …}))
//   X-Trace-HMAC = hex(HMAC-SHA1(key, X-Trace-Info text))
// The receiver tries every configured key (rotation) and serves the request untraced when no
// key matches, the HMAC is missing, or the payload is not exactly {base_id[, parent_id]}.
// Ids map the way OSProfiler's OTLP driver maps them: trace id = the 128 bits of base_id,
// span id = the low 64 bits of parent_id.
import { createHmac, timingSafeEqual } from "node:crypto";
import { EMPTY_BAGGAGE, EMPTY_TRACESTATE, makeContext } from "../model/context.ts";
import type { SpanContext } from "../model/context.ts";
import { getHeader } from "./carrier.ts";
import type { Codec, CodecOptions } from "./codec.ts";
import { count } from "./types.ts";
import type { Carrier } from "./types.ts";

export const TRACE_INFO = "x-trace-info";
export const TRACE_HMAC = "x-trace-hmac";
const MAX_INFO = 4096;
const BASE64 = /^(?:[A-Za-z0-9_\-+/]{4})*(?:[A-Za-z0-9_\-+/]{2}==|[A-Za-z0-9_\-+/]{3}=)?$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

export function toUuid(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20)}`;
}

const hexOfUuid = (uuid: string): string => uuid.replace(/-/g, "").toLowerCase();

export function signHmac(info: string, key: string): string {
  return createHmac("sha1", key).update(info, "utf8").digest("hex");
}

/** `json.dumps(data)` with Python's default separators, for the two string fields we send. */
function pythonJson(baseId: string, parentId: string): string {
  return `{"base_id": ${JSON.stringify(baseId)}, "parent_id": ${JSON.stringify(parentId)}}`;
}

/** The header pair OSProfiler's client would send; undefined without a key (no trigger). */
export function signedPack(baseId: string, parentId: string, key: string | undefined): { info: string; hmac: string } | undefined {
  if (key === undefined || key === "") return undefined;
  const info = Buffer.from(pythonJson(baseId, parentId), "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
  return { info, hmac: signHmac(info, key) };
}

/** Index of the first key whose HMAC matches; every key is checked, in constant time each. */
function matchingKey(info: string, hmac: string, keys: readonly string[]): number {
  // Exact text, as Python's compare_digest sees it: an uppercase hex digest does not match.
  const given = Buffer.from(hmac, "utf8");
  let found = -1;
  for (let i = 0; i < keys.length; i++) {
    const expected = Buffer.from(signHmac(info, keys[i]!), "utf8");
    const same = given.length === expected.length && timingSafeEqual(given, expected);
    if (same && found < 0) found = i;
  }
  return found;
}

export const osprofilerCodec: Codec = {
  inject(ctx: SpanContext, carrier: Carrier, options: CodecOptions): void {
    if (!ctx.sampled) return;
    const packed = signedPack(toUuid(ctx.traceId), toUuid(ctx.spanId.padStart(32, "0")), options.hmacKeys[0]);
    if (packed === undefined) return;
    carrier[TRACE_INFO] = packed.info;
    carrier[TRACE_HMAC] = packed.hmac;
  },

  extract(carrier: Readonly<Carrier>, options: CodecOptions): SpanContext | undefined {
    const info = getHeader(carrier, TRACE_INFO);
    if (info === undefined) return undefined;
    const stats = options.stats;
    const hmac = getHeader(carrier, TRACE_HMAC)?.trim();
    if (hmac === undefined || hmac === "") {
      count(stats, "osprofiler", "missing-hmac");
      return undefined;
    }
    if (options.hmacKeys.length === 0) {
      count(stats, "osprofiler", "no-keys");
      return undefined;
    }
    if (info.length > MAX_INFO || hmac.length > 128) {
      count(stats, "osprofiler", "too-large");
      return undefined;
    }
    if (matchingKey(info, hmac, options.hmacKeys) < 0) {
      count(stats, "osprofiler", "bad-hmac");
      return undefined;
    }
    if (!BASE64.test(info)) {
      count(stats, "osprofiler", "bad-base64");
      return undefined;
    }
    let data: unknown;
    try {
      data = JSON.parse(Buffer.from(info.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8"));
    } catch {
      count(stats, "osprofiler", "bad-json");
      return undefined;
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      count(stats, "osprofiler", "bad-json");
      return undefined;
    }
    const fields = data as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (key !== "base_id" && key !== "parent_id") {
        count(stats, "osprofiler", "unexpected-key");
        return undefined;
      }
    }
    const baseId = fields["base_id"];
    const parentId = fields["parent_id"] ?? baseId;
    if (typeof baseId !== "string" || !UUID.test(baseId)) {
      count(stats, "osprofiler", "bad-base-id");
      return undefined;
    }
    if (typeof parentId !== "string" || !UUID.test(parentId)) {
      count(stats, "osprofiler", "bad-parent-id");
      return undefined;
    }
    const traceId = hexOfUuid(baseId);
    const spanId = hexOfUuid(parentId).slice(16);
    if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) {
      count(stats, "osprofiler", "zero-id");
      return undefined;
    }
    return makeContext(traceId, spanId, true, true, true, EMPTY_BAGGAGE, EMPTY_TRACESTATE, undefined, spanId);
  },
};
