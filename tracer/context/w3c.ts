// W3C Trace Context + Baggage as one format. The tracer's own state rides in the `tb`
// tracestate member: `tb=itc:<base64url stamp>;ev:<last event id>`, each part only when
// needed (the event id is omitted when it equals the traceparent parent-id, the common case).
import { EMPTY_BAGGAGE, EMPTY_TRACESTATE, makeContext } from "../model/context.ts";
import type { ItcStamp, SpanContext, TraceState } from "../model/context.ts";
import { formatBaggage, parseBaggage } from "./baggage.ts";
import { getHeader } from "./carrier.ts";
import type { Codec, CodecOptions } from "./codec.ts";
import { decodeStamp, ITC_HEADER, tryDecodeStamp } from "./itc-header.ts";
import { formatTraceparent, parseTraceparent } from "./traceparent.ts";
import { formatTracestate, parseTracestate, removeMember, setMember } from "./tracestate.ts";
import { count } from "./types.ts";
import type { Carrier } from "./types.ts";

export const TB_KEY = "tb";
const EVENT_ID = /^[0-9a-f]{16}$/;

function tbValue(ev: string | undefined, stamp: string | undefined): string | undefined {
  if (stamp === undefined) return ev;
  return ev === undefined ? "itc:" + stamp : "itc:" + stamp + ";" + ev;
}

export const w3cCodec: Codec = {
  inject(context: SpanContext, carrier: Carrier, options: CodecOptions): void {
    carrier["traceparent"] = formatTraceparent(context.traceId, context.spanId, context.sampled ? 1 : 0);
    const ref = context.itc !== undefined && options.stamps !== undefined ? options.stamps.ref(context.itc) : undefined;
    let stamp = ref?.text;
    // A tracestate value holds at most 256 characters; a larger stamp takes its own header.
    if (stamp !== undefined && stamp.length > 240) {
      carrier[ITC_HEADER] = stamp;
      stamp = undefined;
    }
    const ev = context.lastEventId !== undefined && context.lastEventId !== context.spanId ? "ev:" + context.lastEventId : undefined;
    const others = context.traceState;
    if (others.length === 0 && ev === undefined && stamp !== undefined) {
      // The common case: only our stamp, the same text for every request at this point.
      carrier["tracestate"] = ref!.tracestate ??= "tb=itc:" + stamp;
    } else {
      const tb = tbValue(ev, stamp);
      if (tb !== undefined) carrier["tracestate"] = others.length === 0 ? "tb=" + tb : formatTracestate(setMember(others, TB_KEY, tb));
      else if (others.length > 0) carrier["tracestate"] = formatTracestate(others);
    }
    if (context.baggage.size > 0) {
      const text = formatBaggage(context.baggage);
      if (text !== "") carrier["baggage"] = text;
    }
  },

  extract(carrier: Readonly<Carrier>, options: CodecOptions): SpanContext | undefined {
    const raw = getHeader(carrier, "traceparent");
    if (raw === undefined) return undefined;
    const stats = options.stats;
    const tp = parseTraceparent(raw);
    if ("error" in tp) {
      // The spec: when traceparent is invalid, tracestate must not be parsed.
      count(stats, "w3c", "traceparent:" + tp.error);
      return undefined;
    }
    let traceState: TraceState = EMPTY_TRACESTATE;
    let itc: ItcStamp | undefined;
    let lastEventId = tp.parentId;
    const rawState = getHeader(carrier, "tracestate");
    if (rawState !== undefined) {
      const state = readState(rawState, options);
      for (const reason of state.reasons) count(stats, "w3c", reason);
      traceState = state.traceState;
      itc = state.itc;
      if (state.ev !== undefined) lastEventId = state.ev;
    }
    if (itc === undefined && options.stamps !== undefined) {
      const standalone = getHeader(carrier, ITC_HEADER);
      if (standalone !== undefined) itc = decodeStamp(standalone.trim(), options.stamps, stats, "w3c", "itc-stamp");
    }
    let baggage = EMPTY_BAGGAGE;
    const rawBaggage = getHeader(carrier, "baggage");
    if (rawBaggage !== undefined) {
      const b = parseBaggage(rawBaggage);
      if ("error" in b) count(stats, "w3c", "baggage:" + b.error);
      else {
        baggage = b.baggage;
        for (const reason of b.dropped) count(stats, "w3c", "baggage:" + reason);
      }
    }
    return makeContext(tp.traceId, tp.parentId, (tp.flags & 1) === 1, false, true, baggage, traceState, itc, lastEventId);
  },
};

/** A parsed tracestate header: other vendors' members, our `tb` fields, and what was rejected. */
interface StateOutcome {
  readonly traceState: TraceState;
  readonly itc: ItcStamp | undefined;
  readonly ev: string | undefined;
  readonly reasons: readonly string[];
  /** The header itself was valid (its `tb` member, if any, was read). */
  readonly valid: boolean;
}

const MEMO_LIMIT = 4096;
const MEMO_MAX_CHARS = 512;
/** `;ev:` + 16 hex digits, the suffix our own inject writes after the stamp. */
const EV_SUFFIX = 20;
/** A tracestate value holds at most 256 characters (`tb=` takes 3 more). */
const MAX_TB_HEADER = 3 + 256;

/**
 * Parses (or recalls) a tracestate header. The outcome is immutable, so it can be shared.
 * The last event id differs from request to request while the rest recurs, so a lone `tb`
 * member ending in `;ev:<id>` is looked up without that suffix: with a non-empty value that
 * does not end in whitespace and no other member, the header is valid exactly when it is
 * without the suffix, and it reads the same plus the event id.
 */
function readState(raw: string, options: CodecOptions): StateOutcome {
  const n = raw.length;
  if (
    n > EV_SUFFIX + 3 && n <= MAX_TB_HEADER &&
    raw.charCodeAt(n - 20) === 59 && raw.charCodeAt(n - 19) === 101 && raw.charCodeAt(n - 18) === 118 && raw.charCodeAt(n - 17) === 58 && // ";ev:"
    raw.charCodeAt(0) === 116 && raw.charCodeAt(1) === 98 && raw.charCodeAt(2) === 61 && // "tb="
    isEventId(raw, n - 16) && raw.indexOf(",") < 0
  ) {
    const last = raw.charCodeAt(n - 21);
    if (last !== 32 && last !== 9) {
      const base = recall(raw.slice(0, n - EV_SUFFIX), options);
      if (!base.valid) return base;
      return { traceState: base.traceState, itc: base.itc, ev: raw.slice(n - 16), reasons: base.reasons, valid: true };
    }
  }
  return recall(raw, options);
}

/** 16 lowercase hex digits from `from` to the end of `s`. */
function isEventId(s: string, from: number): boolean {
  for (let i = from; i < from + 16; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function recall(raw: string, options: CodecOptions): StateOutcome {
  const memo = options.tracestateMemo as Map<string, StateOutcome>;
  const known = memo.get(raw);
  if (known !== undefined) return known;
  const outcome = parseState(raw, options);
  if (raw.length <= MEMO_MAX_CHARS) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(raw, outcome);
  }
  return outcome;
}

function parseState(raw: string, options: CodecOptions): StateOutcome {
  const ts = parseTracestate(raw);
  if ("error" in ts) return { traceState: EMPTY_TRACESTATE, itc: undefined, ev: undefined, reasons: ["tracestate:" + ts.error], valid: false };
  let tb: string | undefined;
  for (const m of ts.members) if (m[0] === TB_KEY) tb = m[1];
  if (tb === undefined) return { traceState: ts.members, itc: undefined, ev: undefined, reasons: [], valid: true };
  const traceState = ts.members.length === 1 ? EMPTY_TRACESTATE : removeMember(ts.members, TB_KEY);
  let itc: ItcStamp | undefined;
  let ev: string | undefined;
  const reasons: string[] = [];
  // `itc:<stamp>` and `ev:<event id>`, `;`-separated.
  for (const part of tb.split(";")) {
    if (part.startsWith("ev:") && EVENT_ID.test(part.slice(3))) ev = part.slice(3);
    else if (part.startsWith("itc:")) {
      if (options.stamps === undefined) continue;
      const r = tryDecodeStamp(part.slice(4), options.stamps);
      if (typeof r === "string") reasons.push("tb:" + r);
      else itc = r;
    } else reasons.push("tb:bad-field");
  }
  return { traceState, itc, ev, reasons, valid: true };
}
