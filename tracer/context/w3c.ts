// W3C Trace Context + Baggage as one format. The tracer's own state rides in the `tb`
// tracestate member: `tb=itc:<base64url stamp>;ev:<last event id>`, each part only when
// needed (the event id is omitted when it equals the traceparent parent-id, the common case).
import { EMPTY_BAGGAGE } from "../model/context.ts";
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
    const state = tb === undefined ? context.traceState : setMember(context.traceState, TB_KEY, tb);
    if (state.length > 0) carrier["tracestate"] = formatTracestate(state);
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
    let traceState: TraceState = [];
    let itc: ItcStamp | undefined;
    let lastEventId = tp.parentId;
    const rawState = getHeader(carrier, "tracestate");
    if (rawState !== undefined) {
      const ts = parseTracestate(rawState);
      if ("error" in ts) count(stats, "w3c", "tracestate:" + ts.error);
      else {
        traceState = ts.members;
        const tb = ts.members.find((m) => m[0] === TB_KEY);
        if (tb !== undefined) {
          traceState = removeMember(traceState, TB_KEY);
          for (const part of tb[1].split(";")) {
            if (part.startsWith("ev:") && EVENT_ID.test(part.slice(3))) lastEventId = part.slice(3);
            else if (part.startsWith("itc:")) {
              if (options.stamps !== undefined) itc = decodeStamp(part.slice(4), options.stamps, stats, "w3c", "tb");
            } else count(stats, "w3c", "tb:bad-field");
          }
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
    const ctx: SpanContext = {
      traceId: tp.traceId,
      spanId: tp.parentId,
      sampled: (tp.flags & 1) === 1,
      debug: false,
      remote: true,
      baggage,
      traceState,
      lastEventId,
    };
    return itc === undefined ? ctx : { ...ctx, itc };
  },
};
