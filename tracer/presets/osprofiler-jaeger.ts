// The talk's own plan: keep OSProfiler's on-demand trigger and its trace points, and feed them to
// a Jaeger backend. OSProfiler's jaeger:// driver (2017-2025) turns every point into a
// jaeger-client-python span, child of a context with the sampled flag set, so the Jaeger side
// records every triggered point; from there the path is Jaeger's: client queue → UDP agent →
// collector queue. tracing-systems.md §1.4 [P10], §1.1.
import { JAEGER_AGENT, JAEGER_COLLECTOR } from "../config/index.ts";
import { jaeger } from "./jaeger.ts";
import type { PresetDefinition } from "./types.ts";

export const osprofilerJaeger: PresetDefinition = {
  name: "osprofiler-jaeger",
  system: "OSProfiler → Jaeger (the talk's plan)",
  summary: "OSProfiler's HMAC trigger and trace points, reported through the jaeger:// driver: jaeger-client-python's queue, the agent and the collector; spans judged at query time.",
  notes: [
    "sampler on-demand: OSProfiler's trigger decides [P1][P2][P4]; the jaeger:// driver starts every span child_of a context with SAMPLED_FLAG, so Jaeger's own sampler never drops a triggered point (osprofiler/drivers/jaeger.py)",
    "propagation osprofiler: the services still pass X-Trace-Info/X-Trace-HMAC and trace_info; Jaeger ids are derived from OSProfiler's (shorten_id) [P2][P7]",
    "collection: jaeger_client.Config with only local_agent set, so the reporter, agent and collector are Jaeger's defaults (see the jaeger preset)",
    "assembly query-time: the Jaeger collector stores spans as they arrive [J7]",
  ],
  sources: ["P10 osprofiler 513a7c8 (jaeger driver, 2017), e03de73 (retired, 2025)", "openstack/osprofiler osprofiler/drivers/jaeger.py", "the jaeger preset's sources"],
  trigger: "hmac",
  samplerAtTenPercent: null,
  config: {
    enabled: true,
    preset: "osprofiler-jaeger",
    model: "span",
    metadata: "ids",
    propagation: "osprofiler",
    sampler: { type: "on-demand", hmacKeys: ["SECRET_KEY"] }, // hmac_keys default [P4]
    collection: { ...jaeger.config.collection, relay: JAEGER_AGENT, backend: JAEGER_COLLECTOR },
  },
};
