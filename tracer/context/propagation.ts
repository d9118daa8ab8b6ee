// inject/extract over one format or a list of them. Extraction never throws: a codec that
// fails on hostile input is counted under `internal-error` and treated as absent.
import { withThread } from "../model/context.ts";
import type { SpanContext } from "../model/context.ts";
import { TracerUsageError } from "../model/errors.ts";
import type { StampOps } from "../model/stamps.ts";
import { b3Codec, b3MultiCodec } from "./b3.ts";
import { beginHeaderScope, endHeaderScope } from "./carrier.ts";
import type { Codec, CodecOptions } from "./codec.ts";
import { extractStandaloneStamp, itcCodec } from "./itc-header.ts";
import { jaegerCodec } from "./jaeger.ts";
import { osprofilerCodec } from "./osprofiler.ts";
import type { TriggerSigning } from "./osprofiler.ts";
import { count } from "./types.ts";
import type { Carrier, Format, PropagationStats } from "./types.ts";
import { w3cCodec } from "./w3c.ts";

export type PropagationOptions = CodecOptions;

export function newPropagationOptions(stats: PropagationStats, stamps: StampOps | undefined, hmacKeys: readonly string[], trigger?: TriggerSigning): PropagationOptions {
  return trigger === undefined ? { stats, stamps, hmacKeys, tracestateMemo: new Map() } : { stats, stamps, hmacKeys, tracestateMemo: new Map(), trigger };
}

export const CODECS: Readonly<Record<Format, Codec>> = {
  w3c: w3cCodec,
  itc: itcCodec,
  jaeger: jaegerCodec,
  b3: b3Codec,
  b3multi: b3MultiCodec,
  osprofiler: osprofilerCodec,
};

function codecFor(format: Format): Codec {
  const codec = CODECS[format];
  // A programming error (the Format type rules it out), not untrusted input: say so loudly.
  if (codec === undefined) throw new TracerUsageError(`unknown propagation format "${String(format)}"; expected one of ${Object.keys(CODECS).join(", ")}`);
  return codec;
}

export function injectContext(
  context: SpanContext,
  carrier: Carrier,
  format: Format | readonly Format[],
  options: PropagationOptions,
): void {
  if (typeof format === "string") codecFor(format).inject(context, carrier, options);
  else for (const f of format) codecFor(f).inject(context, carrier, options);
}

function extractOne(carrier: Readonly<Carrier>, format: Format, options: PropagationOptions): SpanContext | undefined {
  const codec = codecFor(format);
  try {
    return codec.extract(carrier, options);
  } catch {
    count(options.stats, format, "internal-error");
    return undefined;
  }
}

/**
 * The first format in the list that yields a context wins; `itc` in the list then supplies
 * the stamp from the standalone header if the winning format carried none.
 */
export function extractContext(
  carrier: Readonly<Carrier>,
  format: Format | readonly Format[],
  options: PropagationOptions,
): SpanContext | undefined {
  if (carrier === null || typeof carrier !== "object") return undefined;
  // One index of the header names for every lookup of every format (tracer/context/carrier.ts).
  beginHeaderScope(carrier);
  try {
    return extractFrom(carrier, format, options);
  } finally {
    endHeaderScope();
  }
}

function extractFrom(carrier: Readonly<Carrier>, format: Format | readonly Format[], options: PropagationOptions): SpanContext | undefined {
  if (typeof format === "string") return extractOne(carrier, format, options);
  let ctx: SpanContext | undefined;
  for (const f of format) {
    if (f === "itc") continue;
    ctx = extractOne(carrier, f, options);
    if (ctx !== undefined) break;
  }
  if (ctx !== undefined && ctx.itc === undefined && format.includes("itc")) {
    let stamp;
    try {
      stamp = extractStandaloneStamp(carrier, options);
    } catch {
      count(options.stats, "itc", "internal-error");
    }
    if (stamp !== undefined) ctx = withThread(ctx, stamp, ctx.lastEventId);
  }
  return ctx;
}
