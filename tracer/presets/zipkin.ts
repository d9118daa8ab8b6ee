// Zipkin with its reference tracer, Brave: B3 propagation, every request sampled by default, an
// AsyncReporter that POSTs span lists to the Zipkin server and drops (never retries) a message
// that fails; the server stores spans as they arrive. tracing-systems.md §1.2, §2, §4.2.
import type { PresetDefinition } from "./types.ts";

export const zipkin: PresetDefinition = {
  name: "zipkin",
  system: "Zipkin",
  summary: "B3 multi-header propagation, Brave's default sampler (always), AsyncReporter (10,000 spans, 1 s messages, drop newest, no retry) over HTTP; spans judged at query time.",
  notes: [
    "sampler const on: Brave's Tracing.Builder defaults to Sampler.ALWAYS_SAMPLE (brave/Tracing.java); the 10% family is Brave's probabilistic Sampler.create(rate)",
    "propagation b3multi: Brave's default B3Propagation injects the X-B3-* headers; the sampled/debug flags are unauthenticated triggers [Z1]",
    "reporter: zipkin-reporter's AsyncReporter holds queuedMaxSpans 10000, sends a message at most every messageTimeout 1 s, drops a span the full queue refuses, and drops a message whose send fails (no retry) (zipkin2/reporter/AsyncReporter.java)",
    "transport reliable: HTTP POST /api/v2/spans (the sender hears the failure, but does not retry) [Z2]",
    "assembly query-time: the server writes spans to storage as they arrive and assembles traces on read [Z2]",
    "model span: v2 spans with one parentId and no links [Z2]",
  ],
  sources: [
    "Z1 openzipkin/b3-propagation README",
    "Z2 openzipkin/zipkin-api zipkin2-api.yaml",
    "openzipkin/brave brave/src/main/java/brave/Tracing.java (Builder.sampler)",
    "openzipkin/zipkin-reporter-java core/src/main/java/zipkin2/reporter/AsyncReporter.java (Builder defaults)",
  ],
  paper: { onDemand: false, sampling: true, asyncCollection: true, dagModel: false, intervalTreeClock: false },
  trigger: "debug-flag",
  samplerAtTenPercent: { type: "probabilistic", rate: 0.1 },
  config: {
    enabled: true,
    preset: "zipkin",
    model: "span",
    metadata: "ids",
    propagation: "b3multi", // B3Propagation.FACTORY injects the multi-header format [Z1]
    sampler: { type: "const", decision: true }, // Sampler.ALWAYS_SAMPLE (Tracing.Builder)
    collection: {
      mode: "async", // AsyncReporter: a background flush thread
      queueSize: 10_000, // queuedMaxSpans = 10000 (AsyncReporter.Builder)
      batchSize: 10_000, // messageMaxBytes is the sender's (URLConnectionSender 5 MiB, ~17,000 spans): a message takes whatever is queued
      flushInterval: 1e9, // messageTimeoutNanos = 1 s (AsyncReporter.Builder)
      overflow: "drop-newest", // the bounded queue refuses the new span (spansDropped)
      transport: "reliable", // HTTP POST /api/v2/spans [Z2]
      retry: { maxRetries: 0, initialBackoff: 0, maxBackoff: 0 }, // a failed send drops the message (messagesDropped)
      concurrentExports: 1, // one flush thread (AsyncReporter)
      durable: false, // an in-memory queue
      route: "network", // HTTP to the Zipkin server [Z2]
      assembly: { rule: "query-time", window: 0 }, // stored as received, assembled on read [Z2]
      costPerTracePoint: 1_000, // a choice
      costPerKiB: 2_000, // a choice
    },
  },
};
