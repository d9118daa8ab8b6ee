// The tracer configuration: one zod schema (types by z.infer) that presets and scenario files
// compose, the reference defaults of optional pipeline stages, and overrides laid over a base.
export { PLAIN_UNITS } from "./units.ts";
export type { Units } from "./units.ts";
export { refineSampler, samplerSchemas } from "./sampler.ts";
export { collectionSchemas } from "./collection.ts";
export { PROPAGATION_FORMATS, TRACER_SCHEMAS, tracerSchemas } from "./schema.ts";
export type {
  AssemblyConfig,
  BackendQueueConfig,
  CollectionConfig,
  PropagationFormat,
  RelayConfig,
  RetroactiveConfig,
  RetryConfig,
  RootSamplerSpec,
  SamplerSpec,
  TailConfig,
  TracerConfig,
  TracerOverrides,
} from "./schema.ts";
export { HINDSIGHT_BUFFERS, JAEGER_AGENT, JAEGER_COLLECTOR, OTEL_TAIL } from "./defaults.ts";
export { applyOverrides } from "./resolve.ts";
