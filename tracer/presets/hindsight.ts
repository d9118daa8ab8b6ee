// Hindsight (NSDI 2023): every request's trace data is generated, but only into a local buffer
// pool; a trigger (a symptom the application detects) makes the agent ask the coordinator to
// collect the trace, and the coordinator follows the trace's breadcrumbs (which agents it
// visited) to every agent that holds some of it. Data evicted before its pull is lost.
// tracing-systems.md §1.10; the open-source agent's defaults.
import { HINDSIGHT_BUFFERS } from "../config/index.ts";
import type { PresetDefinition } from "./types.ts";

export const hindsight: PresetDefinition = {
  name: "hindsight",
  system: "Hindsight",
  summary: "Retroactive sampling: every request traced into per-host buffer pools (10,000 × 32 KiB, oldest evicted); triggers on errors and slow roots pull the trace from the agents its breadcrumbs name, over the network.",
  notes: [
    "sampler const on: retroactive_sampling_percentage 1.0 and head_sampling_probability 0.0 (conf/default.conf): all data generated, none sent until triggered [H1]",
    "buffers: cap 10000 buffers of buf_length 32768 bytes per node (conf/default.conf); when the pool is full the oldest buffer is evicted and its data lost [H1]",
    "breadcrumbs: the request carries its agent's address in its baggage; the receiving agent records it (a backward breadcrumb) and, with the reply, the caller records the callee's (forward) (client/src/breadcrumb.c, hindsight.c)",
    "triggers: fired by the application on a symptom [H1]; here on a root ending in error (the paper's example) and on a root slower than 2 s (a choice)",
    "pull: the triggering agent reports the trigger to the coordinator, which sends it to every breadcrumb agent, each of which reports its own breadcrumbs and ships its buffers (agent/pkg/coordinator/coordinator.go); every message crosses the simulated network",
    "model span and propagation w3c: Hindsight integrates with existing tracers (here OpenTelemetry-style spans) [H1]",
    "assembly query-time: the collector writes what agents report (agent/pkg/collector)",
  ],
  sources: [
    "H1 Zhang et al., The Benefit of Hindsight, NSDI 2023",
    "hindsight conf/default.conf, docs/agent.md, client/src/breadcrumb.c, agent/pkg/coordinator/coordinator.go (vishwanath1306/hindsight-copy)",
  ],
  trigger: "none",
  samplerAtTenPercent: null,
  config: {
    enabled: true,
    preset: "hindsight",
    model: "span",
    metadata: "ids",
    propagation: "w3c",
    sampler: { type: "const", decision: true }, // retroactive_sampling_percentage 1.0 (conf/default.conf)
    collection: {
      mode: "retroactive", // retroactive sampling [H1]
      queueSize: 8192, // a choice: the agent's reporting queue for pulled data
      batchSize: 256, // a choice
      flushInterval: 1e9, // a choice
      overflow: "drop-newest", // a choice: the reporting queue for pulled data
      transport: "reliable", // TCP to the collector (agent/pkg/agent/reporting.go)
      retry: { maxRetries: 5, initialBackoff: 2e9, maxBackoff: 2e9 }, // "retrying every 2 seconds" (docs/agent.md)
      concurrentExports: 1, // a choice
      durable: false, // the buffer pool is shared memory
      route: "network", // agents report to the collector (agent/pkg/agent/reporting.go)
      retroactive: { ...HINDSIGHT_BUFFERS, latencyTrigger: 2e9 }, // conf/default.conf; the latency trigger is a choice
      assembly: { rule: "query-time", window: 0 }, // the collector writes what agents report (agent/pkg/collector)
      costPerTracePoint: 200, // a choice: "nanosecond-level overhead to generate trace data" [H1]
      costPerKiB: 2_000, // a choice
    },
  },
};
