// The tracer block of a scenario file: tracer/config's overrides schema, read with the
// scenario's units ("250ms", "5/s"). Every field is optional; the resolved configuration is a
// preset (or the default DAG + ITC design) with these fields laid over it (tracer-config.ts).
import { tracerSchemas } from "../../tracer/config/index.ts";
import type { SamplerSpec, TailConfig, TracerOverrides } from "../../tracer/config/index.ts";
import { durationSchema, positiveDurationSchema, rateSchema } from "./duration.ts";

const schemas = tracerSchemas({ duration: durationSchema, positiveDuration: positiveDurationSchema, rate: rateSchema });

export const samplerSchema = schemas.sampler;
export const collectionSchema = schemas.overrides.shape.collection;
export const tracerSchema = schemas.overrides;

export type { SamplerSpec, TracerOverrides };
export type TailSpec = TailConfig;
