// What every propagation format implements. Extraction returns undefined when its headers are
// absent (not counted) or invalid (counted in stats under the format and a reason).
import type { SpanContext } from "../model/context.ts";
import type { StampOps } from "../model/stamps.ts";
import type { TriggerSigning } from "./osprofiler.ts";
import type { Carrier, PropagationStats } from "./types.ts";

export interface CodecOptions {
  readonly stats: PropagationStats;
  /** Present in ITC metadata mode: decodes and encodes stamps. */
  readonly stamps: StampOps | undefined;
  /** OSProfiler HMAC keys: the first signs, any verifies. */
  readonly hmacKeys: readonly string[];
  /**
   * Per-tracer memo of parsed tracestate headers (the same header text recurs from request to
   * request); the w3c codec owns its contents.
   */
  readonly tracestateMemo: Map<string, unknown>;
  /** OSProfiler triggers signed with a nonce and an expiry (replay protection); absent: OSProfiler's own payload. */
  readonly trigger?: TriggerSigning;
}

export interface Codec {
  inject(context: SpanContext, carrier: Carrier, options: CodecOptions): void;
  extract(carrier: Readonly<Carrier>, options: CodecOptions): SpanContext | undefined;
}
