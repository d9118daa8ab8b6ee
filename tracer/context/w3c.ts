// W3C Trace Context (Level 2) + Baggage as one format. The tracer's own state rides in the `tb`
// tracestate member: `tb=itc:<base64url stamp>;ev:<last event id>`, each part only when needed
// (the event id is omitted when it equals the traceparent parent-id, the common case).
//
// Our member stays within the spec's 256-character value: a stamp too long for it travels in the
// standalone `itc-stamp` header instead (the receiver reads it there), and `tb` keeps `ev`.
// A `tb` member is ours only when its value has exactly the form we write (`itc:<base64url>`,
// `ev:<16 lowercase hex digits>`, or both in that order); any other `tb` value belongs to
// another vendor and is forwarded untouched (counted `tb:foreign`). While such a member is
// present we write no `tb` of our own (a key may appear only once): the stamp goes in
// `itc-stamp` and the last event id is not sent, so the receiver's next event descends from the
// traceparent's parent-id.
import { EMPTY_BAGGAGE, EMPTY_TRACESTATE, makeContext } from "../model/context.ts";
import type { ItcStamp, SpanContext, TraceState } from "../model/context.ts";
import { formatBaggage, parseBaggage } from "./baggage.ts";
import { getHeader } from "./carrier.ts";
import type { Codec, CodecOptions } from "./codec.ts";
import { decodeStamp, ITC_HEADER, tryDecodeStamp } from "./itc-header.ts";
import { formatTraceparent, parseTraceparent } from "./traceparent.ts";
import { formatTracestate, hasMember, MIN_PROPAGATED_CHARS, parseTracestate, setMember } from "./tracestate.ts";
import { count } from "./types.ts";
import type { Carrier } from "./types.ts";

export const TB_KEY = "tb";
/** The longest tracestate value the spec allows. */
const MAX_VALUE_CHARS = 256;
/** Exactly the `tb` values inject writes: `itc:<stamp>`, `ev:<id>`, or `itc:<stamp>;ev:<id>`. */
const OWN_TB = /^(?:itc:[A-Za-z0-9_-]+(?:;ev:[0-9a-f]{16})?|ev:[0-9a-f]{16})$/;

/** Trace flags: bit 0 sampled, bit 1 random trace id (Level 2); other bits are not ours to set. */
const flagsOf = (context: SpanContext): number => (context.sampled ? 1 : 0) | (context.random ? 2 : 0);

export const w3cCodec: Codec = {
  inject(context: SpanContext, carrier: Carrier, options: CodecOptions): void {
    carrier["traceparent"] = formatTraceparent(context.traceId, context.spanId, flagsOf(context));
    const ref = context.itc !== undefined && options.stamps !== undefined ? options.stamps.ref(context.itc) : undefined;
    let stamp = ref?.text;
    const ev = context.lastEventId !== undefined && context.lastEventId !== context.spanId ? "ev:" + context.lastEventId : undefined;
    const others = context.traceState;
    const foreign = others.length > 0 && hasMember(others, TB_KEY);
    // `itc:` + stamp (+ `;` + ev) must fit a tracestate value; otherwise the stamp takes its own header.
    if (stamp !== undefined && (foreign || 4 + stamp.length + (ev === undefined ? 0 : 1 + ev.length) > MAX_VALUE_CHARS)) {
      carrier[ITC_HEADER] = stamp;
      stamp = undefined;
    }
    if (others.length === 0 && ev === undefined && stamp !== undefined) {
      // The common case: only our stamp, the same text for every request at this point.
      carrier["tracestate"] = ref!.tracestate ??= "tb=itc:" + stamp;
    } else {
      const tb = foreign ? undefined : stamp === undefined ? ev : ev === undefined ? "itc:" + stamp : "itc:" + stamp + ";" + ev;
      // Others' members are cut to the spec's 512 characters by its truncation rule; ours stays leftmost.
      if (tb !== undefined) carrier["tracestate"] = others.length === 0 ? "tb=" + tb : formatTracestate(setMember(others, TB_KEY, tb), MIN_PROPAGATED_CHARS, 1);
      else if (others.length > 0) carrier["tracestate"] = formatTracestate(others, MIN_PROPAGATED_CHARS);
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
    return makeContext(tp.traceId, tp.parentId, (tp.flags & 1) === 1, false, true, baggage, traceState, itc, lastEventId, (tp.flags & 2) === 2);
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
  /** The header is one `tb` member of ours without `ev` (so `;ev:<id>` may be appended to it). */
  readonly ownStampOnly: boolean;
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
      if (base.ownStampOnly) return { traceState: base.traceState, itc: base.itc, ev: raw.slice(n - 16), reasons: base.reasons, valid: true, ownStampOnly: false };
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
  if ("error" in ts) return { traceState: EMPTY_TRACESTATE, itc: undefined, ev: undefined, reasons: ["tracestate:" + ts.error], valid: false, ownStampOnly: false };
  let tb: string | undefined;
  let foreign = false;
  for (const m of ts.members) {
    if (m[0] !== TB_KEY) continue;
    if (tb === undefined && OWN_TB.test(m[1])) tb = m[1];
    else foreign = true;
  }
  const reasons: string[] = foreign ? ["tb:foreign"] : [];
  if (tb === undefined) return { traceState: ts.members, itc: undefined, ev: undefined, reasons, valid: true, ownStampOnly: false };
  // Ours is dropped (inject writes it afresh); another vendor's `tb` stays where it was.
  const own = tb;
  const traceState = ts.members.length === 1 ? EMPTY_TRACESTATE : ts.members.filter((m) => m[0] !== TB_KEY || m[1] !== own);
  let itc: ItcStamp | undefined;
  let ev: string | undefined;
  for (const part of tb.split(";")) {
    if (part.startsWith("ev:")) ev = part.slice(3);
    else if (options.stamps !== undefined) {
      const r = tryDecodeStamp(part.slice(4), options.stamps);
      if (typeof r === "string") reasons.push("tb:" + r);
      else itc = r;
    }
  }
  return { traceState, itc, ev, reasons, valid: true, ownStampOnly: ts.members.length === 1 && ev === undefined };
}
