// Pivot Tracing (Brown, SOSP 2015): dynamically installed queries whose tuples ride in baggage
// and are joined by happened-before; each process aggregates its query results and reports them
// periodically. It records no per-request traces: what reaches the backend is query results.
// tracing-systems.md §1.7, §2, §1.14.
import type { PresetDefinition } from "./types.ts";

export const pivotTracing: PresetDefinition = {
  name: "pivot-tracing",
  system: "Pivot Tracing",
  summary: "Queries whose tuples ride in baggage, happened-before joins, results aggregated per process and reported every second; no traces recorded; random version ids, not interval tree clocks.",
  notes: [
    "no traces: tracepoints evaluate the installed queries and emit result tuples, not spans (sampler const off, not following a caller's sampled flag, so no span is recorded; the queries still see every span) [PT1]",
    "queries: two, in the paper's shape (From … Join … In First(…) On cl -> q GroupBy … Select …) [PT1][PT2]: database time per client request type (the paper's bytes read per client procedure, here per `openstack` command or page), and Keystone token validation time per calling service (the first `GET /v3/…` client span on the path: a service's auth_token validation, or Horizon's project list); each packs one tuple into W3C baggage (`pt.<name>`) at its join tracepoint, so the baggage bytes are the queries' own",
    "reporting: each agent reports its aggregates every report_interval_ms 1000, and nothing when it has no results (emit_if_no_results false) (pivottracing/agent reference.conf)",
    "metadata ids: the seed credits an interval tree clock, but the open-source prototype's Bag carries a random 64-bit versionId; the preset follows the code [PT2] (§1.14)",
    "propagation w3c: tuples travel in W3C baggage next to the context [PT1][PT2]",
  ],
  sources: ["PT1 Mace, Roelke, Fonseca, Pivot Tracing, SOSP 2015 / CACM", "PT2 brownsys/tracing-framework pivottracing Baggage.proto, docs/pivottracing/queries.md", "brownsys/tracing-framework pivottracing/agent/src/main/resources/reference.conf"],
  paper: { onDemand: false, sampling: true, asyncCollection: true, dagModel: true, intervalTreeClock: true },
  trigger: "none",
  samplerAtTenPercent: null,
  config: {
    enabled: true,
    preset: "pivot-tracing",
    model: "dag", // the happened-before relation the joins evaluate [PT1]
    metadata: "ids", // random versionId [PT2]
    propagation: "w3c", // baggage [PT1][PT2]
    sampler: { type: "const", decision: false, followParent: false }, // no spans recorded, whatever a caller's flags say: queries only [PT1]
    collection: {
      mode: "async", // reports are periodic [PT1]
      queueSize: 1, // no spans are recorded, so nothing is queued
      batchSize: 1, // no spans are recorded
      flushInterval: 1e9, // report_interval_ms 1000 (reference.conf): the query reports' period
      overflow: "drop-newest", // unused: nothing is queued
      transport: "reliable", // reports to the backend (a choice)
      retry: { maxRetries: 0, initialBackoff: 0, maxBackoff: 0 }, // unused: nothing is queued
      concurrentExports: 1, // unused: nothing is queued
      durable: false, // unused: nothing is queued
      route: "network", // reports to the backend host
      assembly: { rule: "query-time", window: 0 }, // unused: no traces are stored
      costPerTracePoint: 1_000, // a choice
      costPerKiB: 2_000, // a choice
    },
    queries: [
      { name: "db-by-request", from: { operation: "db." }, join: { service: "client", root: true }, groupBy: "operation" },
      { name: "validate-by-caller", from: { service: "keystone", operation: "validate_token" }, join: { operation: "GET /v3/" }, groupBy: "service" },
    ],
  },
};
