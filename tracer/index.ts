// The tracer library's public surface. It imports nothing from sim/: clock, random source,
// sampler and sink are injected by the host.
//
//   const tracer = createTracer({ service, host, clock, random, sampler, sink, model: "dag", metadata: "itc" });
//   const server = tracer.startSpan("GET /servers", { parent: tracer.extract(headers), kind: "server" });
//   const call = tracer.startSpan("nova.get", { parent: server, kind: "client" });
//   tracer.inject(call, outgoing);                       // the message gets its own ITC share
//   ...; call.join(tracer.extract(replyHeaders)!); call.end();   // callee's last event → parent of call's end
//   const [a, b] = server.fork(2); ...; server.join([ctxA, ctxB]); server.end();
export { createTracer } from "./tracer/core.ts";
export type { MetadataMode, SpanProcessor, StartSpanOptions, TraceModel, Tracer, TracerOptions } from "./tracer/core.ts";
export { Span } from "./tracer/span.ts";
export { createItcMemo } from "./tracer/itc-ops.ts";
export type { ItcMemo } from "./tracer/itc-ops.ts";
export type { JoinSource } from "./tracer/span.ts";
export type { TracerStats } from "./tracer/stats.ts";
export { TracerConfigError, TracerUsageError } from "./model/errors.ts";

export { EMPTY_BAGGAGE, EMPTY_TRACESTATE, withThread } from "./model/context.ts";
export type { AttributeInput, Baggage, BaggageEntry, ItcStamp, SpanContext, TraceState } from "./model/context.ts";
export { alwaysOff, alwaysOn } from "./model/sampler.ts";
export type { Sampler, SamplingParams, SamplingResult } from "./model/sampler.ts";
export { spansFromEvents } from "./model/spans.ts";
export { newId128, newId64 } from "./model/ids.ts";
export type * from "./model/types.ts";

export { FORMATS } from "./context/types.ts";
export type { Carrier, Format, PropagationStats } from "./context/types.ts";
export { CODECS } from "./context/propagation.ts";
