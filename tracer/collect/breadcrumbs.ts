// Hindsight's breadcrumbs: a request carries, in its baggage, the address of the last agent it
// passed through (hindsight_serialize gives the local address). A process that receives one from
// another agent records a backward breadcrumb to it, and the caller learns the callee's address
// with the reply (a forward breadcrumb, client/src/breadcrumb.c). With both, a trigger anywhere
// can reach every agent that holds part of the trace.
import type { SpanProcessor } from "../tracer/core.ts";
import type { Span } from "../tracer/span.ts";
import type { RingBuffer } from "./retroactive.ts";

/** The baggage member carrying the previous agent's address. */
export const BREADCRUMB_KEY = "hindsight";

export function breadcrumbProcessor(host: string, bufferOf: (host: string) => RingBuffer | undefined): SpanProcessor {
  /** Spans that arrived from another agent, and that agent: the reply carries this host back to it. */
  const from = new WeakMap<Span, string>();
  return {
    onStart(span: Span): void {
      const prev = span.baggage.get(BREADCRUMB_KEY)?.value;
      if (prev === host) return;
      if (prev !== undefined) {
        bufferOf(host)?.breadcrumb(span.traceId, prev);
        from.set(span, prev);
      }
      span.setBaggage(BREADCRUMB_KEY, host);
    },
    onEnd(span: Span): void {
      const prev = from.get(span);
      // The reply (or the end of a one-way message's handling) tells the caller's agent where the request went.
      if (prev !== undefined) bufferOf(prev)?.breadcrumb(span.traceId, host);
    },
  };
}

/** Both processors, in order. */
export function composeProcessors(a: SpanProcessor | undefined, b: SpanProcessor | undefined): SpanProcessor | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return {
    onStart(span) {
      a.onStart(span);
      b.onStart(span);
    },
    onEnd(span, endTime) {
      a.onEnd(span, endTime);
      b.onEnd(span, endTime);
    },
  };
}
