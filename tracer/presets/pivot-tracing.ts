// Pivot Tracing (Brown, SOSP 2015): dynamically installed queries whose tuples ride in baggage
// and are joined by happened-before, aggregated and reported asynchronously. §1.7, §2, §1.14.
import { BASE_COLLECTION } from "./defaults.ts";
import type { PresetDefinition } from "./types.ts";

export const pivotTracing: PresetDefinition = {
  name: "pivot-tracing",
  system: "Pivot Tracing",
  summary: "Baggage carrying query tuples, happened-before joins, asynchronous reporting; random version ids, not interval tree clocks.",
  notes: [
    "model dag: the happened-before relation between tracepoints is what its joins (->) evaluate [PT1]",
    "metadata ids: the seed credits an interval tree clock, but the open-source prototype's Bag carries a random 64-bit versionId; the preset follows the code [PT2] (§1.14)",
    "sampler const on: an installed query is evaluated for every request (no sampling in the prototype) [PT1]",
    "propagation w3c: tuples travel in W3C baggage next to the context [PT1][PT2]",
    "collection async: tuples are aggregated locally and reported periodically [PT1]†; here each process aggregates its own and the run sums them at the end",
    "queries: two, in the paper's shape (From … Join … In First(…) On cl -> q GroupBy … Select …) [PT1][PT2]: database time per client request type (the paper's bytes read per client procedure, here per `openstack` command or page), and Keystone token validation time per calling service (the first `GET /v3/…` client span on the path: a service's auth_token validation, or Horizon's project list); each packs one tuple into W3C baggage (`pt.<name>`) at its join tracepoint, so the baggage bytes are the queries' own",
  ],
  sources: ["PT1 Mace, Roelke, Fonseca, Pivot Tracing, SOSP 2015 / CACM", "PT2 brownsys/tracing-framework pivottracing Baggage.proto, docs/pivottracing/queries.md"],
  paper: { onDemand: false, sampling: true, asyncCollection: true, dagModel: true, intervalTreeClock: true },
  trigger: "none",
  samplerAtTenPercent: null,
  config: {
    enabled: true,
    preset: "pivot-tracing",
    model: "dag",
    metadata: "ids",
    propagation: "w3c",
    sampler: { type: "const", decision: true },
    collection: { ...BASE_COLLECTION },
    queries: [
      { name: "db-by-request", from: { operation: "db." }, join: { service: "client", root: true }, groupBy: "operation" },
      { name: "validate-by-caller", from: { service: "keystone", operation: "validate_token" }, join: { operation: "GET /v3/" }, groupBy: "service" },
    ],
  },
};
