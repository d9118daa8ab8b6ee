// Collection: per-host agents (async or sync, in memory or durable), host-local relays (Jaeger's
// agent), a collector with an optional ingest queue that assembles and tail-samples traces,
// Hindsight-style retroactive buffers with breadcrumbs, and exact loss accounting.
export type {
  AccountingSummary,
  Batch,
  ClientStats,
  DropReason,
  Scheduler,
  SendOutcome,
  Stage,
  Transport,
} from "./types.ts";
export { CollectConfigError, DROP_REASONS } from "./types.ts";
export { createAgent } from "./agent.ts";
export type { Agent, AgentConfig, AgentMode, AgentOptions, AgentStats, Delivery, OverflowPolicy, Reporter } from "./agent.ts";
export { createCollector } from "./collector.ts";
export type { AgentView, Collector, CollectorConfig, CollectorOptions, CollectorStats, LatePolicy, PendingOverflow, WaitFrom } from "./collector.ts";
export { Ledger, conserves, recordHost, recordTraceId } from "./ledger.ts";
export type { DropRow, HostAccounting, LedgerOptions, TracePointSource } from "./ledger.ts";
export { createTriggerCoordinator } from "./retroactive.ts";
export type { Messenger, RingBuffer, RingBufferConfig, RingBufferOptions, RingBufferStats, TriggerCoordinator, TriggerCoordinatorOptions } from "./retroactive.ts";
export { createRelay } from "./relay.ts";
export type { Relay, RelayOptions, RelayStats } from "./relay.ts";
export { IngestQueue } from "./ingest.ts";
export type { IngestConfig, IngestStats } from "./ingest.ts";
export { inspectTrace } from "./completeness.ts";
export type { TraceInspection } from "./completeness.ts";
export { DEFAULT_OVERHEAD, recordCostNs } from "./overhead.ts";
export type { OverheadModel } from "./overhead.ts";
export { batchHeaderBytes, eventBytes, recordBytes, spanBytes, utf8Length } from "./size.ts";
export { AGENT_PRESETS } from "./presets.ts";
export { createPipeline } from "./pipeline.ts";
export type { Pipeline, PipelineOptions } from "./pipeline.ts";
export { datagramTransport } from "./transport.ts";
export type { DatagramOptions } from "./transport.ts";
export { BREADCRUMB_KEY, breadcrumbProcessor, composeProcessors } from "./breadcrumbs.ts";
