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

/**
 * Replay protection beyond OSProfiler (off by default): the signed payload also carries a
 * `nonce` (never sent twice by a signer) and `expires` (the signer's clock, ns, after which the
 * trigger is refused), and a receiver remembers the nonces it accepted (tracer/sampling's
 * ReplayCache). Upstream OSProfiler refuses any payload key but base_id and parent_id
 * (osprofiler/web.py _REQUIRED_KEYS/_OPTIONAL_KEYS: "any other keys that are present will cause
 * the trace to be rejected"), so both ends must turn it on together.
 */
export interface TriggerSigning {
  /** How long a trigger this tracer signs stays valid, ns. */
  readonly ttlNs: number;
  /** The signer's clock, ns. */
  readonly now: () => number;
  /** A value this signer never returned before, for a trigger the span `spanId` signs. */
  readonly nonce: (spanId: string) => string;
}

/** A nonce: 16 to 64 hex digits (ours: the span id and a per-tracer counter, 32 digits). */
const NONCE = /^[0-9a-f]{16,64}$/;

/** `json.dumps(data)` with Python's default separators, for the fields we send. */
function pythonJson(baseId: string, parentId: string, nonce?: string, expires?: number): string {
  const head = `{"base_id": ${JSON.stringify(baseId)}, "parent_id": ${JSON.stringify(parentId)}`;
  return nonce === undefined ? `${head}}` : `${head}, "nonce": ${JSON.stringify(nonce)}, "expires": ${expires}}`;
}

/**
 * The header pair OSProfiler's client would send; undefined without a key (no trigger). With a
 * nonce and an expiry, the payload carries them too (replay protection, see TriggerSigning).
 */
export function signedPack(baseId: string, parentId: string, key: string | undefined, fresh?: { readonly nonce: string; readonly expires: number }): { info: string; hmac: string } | undefined {
  if (key === undefined || key === "") return undefined;
  const json = pythonJson(baseId, parentId, fresh?.nonce, fresh?.expires);
  const info = Buffer.from(json, "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
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

/** A verified trigger's fields, or why it was refused. Absent headers are `undefined`. */
export type TriggerReading =
  | { readonly ok: true; readonly traceId: string; readonly spanId: string; readonly nonce?: string; readonly expires?: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads and verifies the trigger in `carrier` with `keys`. `fresh`: the payload must carry a
 * nonce and an expiry (replay protection on); otherwise they are refused like any extra key,
 * as OSProfiler does. Expiry and replays are the receiver's sampler's to judge.
 */
export function readTrigger(carrier: Readonly<Carrier>, keys: readonly string[], fresh: boolean): TriggerReading | undefined {
  const info = getHeader(carrier, TRACE_INFO);
  if (info === undefined) return undefined;
  const no = (reason: string): TriggerReading => ({ ok: false, reason });
  const hmac = getHeader(carrier, TRACE_HMAC)?.trim();
  if (hmac === undefined || hmac === "") return no("missing-hmac");
  if (keys.length === 0) return no("no-keys");
  if (info.length > MAX_INFO || hmac.length > 128) return no("too-large");
  if (matchingKey(info, hmac, keys) < 0) return no("bad-hmac");
  if (!BASE64.test(info)) return no("bad-base64");
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(info.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8"));
  } catch {
    return no("bad-json");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return no("bad-json");
  const fields = data as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== "base_id" && key !== "parent_id" && !(fresh && (key === "nonce" || key === "expires"))) return no("unexpected-key");
  }
  const baseId = fields["base_id"];
  const parentId = fields["parent_id"] ?? baseId;
  if (typeof baseId !== "string" || !UUID.test(baseId)) return no("bad-base-id");
  if (typeof parentId !== "string" || !UUID.test(parentId)) return no("bad-parent-id");
  const traceId = hexOfUuid(baseId);
  const spanId = hexOfUuid(parentId).slice(16);
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return no("zero-id");
  if (!fresh) return { ok: true, traceId, spanId };
  const nonce = fields["nonce"];
  const expires = fields["expires"];
  if (nonce === undefined || expires === undefined) return no("missing-nonce");
  if (typeof nonce !== "string" || !NONCE.test(nonce)) return no("bad-nonce");
  if (typeof expires !== "number" || !Number.isSafeInteger(expires)) return no("bad-expiry");
  return { ok: true, traceId, spanId, nonce, expires };
}

export const osprofilerCodec: Codec = {
  inject(ctx: SpanContext, carrier: Carrier, options: CodecOptions): void {
    if (!ctx.sampled) return;
    const t = options.trigger;
    const fresh = t === undefined ? undefined : { nonce: t.nonce(ctx.spanId), expires: t.now() + t.ttlNs };
    const packed = signedPack(toUuid(ctx.traceId), toUuid(ctx.spanId.padStart(32, "0")), options.hmacKeys[0], fresh);
    if (packed === undefined) return;
    carrier[TRACE_INFO] = packed.info;
    carrier[TRACE_HMAC] = packed.hmac;
  },

  extract(carrier: Readonly<Carrier>, options: CodecOptions): SpanContext | undefined {
    const reading = readTrigger(carrier, options.hmacKeys, options.trigger !== undefined);
    if (reading === undefined) return undefined;
    if (!reading.ok) {
      count(options.stats, "osprofiler", reading.reason);
      return undefined;
    }
    // Ids only: whether this trigger starts a trace (its expiry, a replay) is the on-demand sampler's call.
    return makeContext(reading.traceId, reading.spanId, true, true, true, EMPTY_BAGGAGE, EMPTY_TRACESTATE, undefined, reading.spanId);
  },
};
