// W3C Trace Context + Baggage as one format. The tracer's own state rides in the `tb`
// tracestate member: `tb=itc:<base64url stamp>;ev:<last event id>`, each part only when
// needed (the event id is omitted when it equals the traceparent parent-id, the common case).
import { EMPTY_BAGGAGE, EMPTY_TRACESTATE, makeContext } from "../model/context.ts";
import type { ItcStamp, SpanContext, TraceState } from "../model/context.ts";
import { formatBaggage, parseBaggage } from "./baggage.ts";
import { getHeader } from "./carrier.ts";
import type { Codec, CodecOptions } from "./codec.ts";
import { decodeStamp, ITC_HEADER } from "./itc-header.ts";
import { formatTraceparent, parseTraceparent } from "./traceparent.ts";
import { formatTracestate, parseTracestate, removeMember, setMember } from "./tracestate.ts";
import { count } from "./types.ts";
import type { Carrier } from "./types.ts";

export const TB_KEY = "tb";
const EVENT_ID = /^[0-9a-f]{16}$/;

function tbValue(context: SpanContext, stamp: string | undefined): string | undefined {
  const ev = context.lastEventId !== undefined && context.lastEventId !== context.spanId ? "ev:" + context.lastEventId : undefined;
  if (stamp === undefined) return ev;
  return ev === undefined ? "itc:" + stamp : "itc:" + stamp + ";" + ev;
}

export const w3cCodec: Codec = {
  inject(context: SpanContext, carrier: Carrier, options: CodecOptions): void {
    carrier["traceparent"] = formatTraceparent(context.traceId, context.spanId, context.sampled ? 1 : 0);
    let stamp = context.itc !== undefined && options.stamps !== undefined ? options.stamps.encode(context.itc) : undefined;
    // A tracestate value holds at most 256 characters; a larger stamp takes its own header.
    if (stamp !== undefined && stamp.length > 240) {
      carrier[ITC_HEADER] = stamp;
      stamp = undefined;
    }
    const tb = tbValue(context, stamp);
    const others = context.traceState;
    if (tb !== undefined) carrier["tracestate"] = others.length === 0 ? "tb=" + tb : formatTracestate(setMember(others, TB_KEY, tb));
    else if (others.length > 0) carrier["tracestate"] = formatTracestate(others);
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
      const ts = parseTracestate(rawState);
      if ("error" in ts) count(stats, "w3c", "tracestate:" + ts.error);
      else {
        let tb: string | undefined;
        for (const m of ts.members) if (m[0] === TB_KEY) tb = m[1];
        traceState = tb === undefined ? ts.members : ts.members.length === 1 ? EMPTY_TRACESTATE : removeMember(ts.members, TB_KEY);
        if (tb !== undefined) {
          const fields = readTb(tb, options, stats);
          if (fields.ev !== undefined) lastEventId = fields.ev;
          itc = fields.itc;
        }
      }
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

/** The `tb` member's fields: `itc:<stamp>` and `ev:<event id>`, `;`-separated. */
function readTb(value: string, options: CodecOptions, stats: CodecOptions["stats"]): { itc?: ItcStamp; ev?: string } {
  let itc: ItcStamp | undefined;
  let ev: string | undefined;
  let from = 0;
  while (from < value.length) {
    let to = value.indexOf(";", from);
    if (to < 0) to = value.length;
    if (value.startsWith("ev:", from) && to - from === 19 && EVENT_ID.test(value.slice(from + 3, to))) ev = value.slice(from + 3, to);
    else if (value.startsWith("itc:", from)) {
      if (options.stamps !== undefined) itc = decodeStamp(value.slice(from + 4, to), options.stamps, stats, "w3c", "tb");
    } else count(stats, "w3c", "tb:bad-field");
    from = to + 1;
  }
  return { itc, ev };
}
