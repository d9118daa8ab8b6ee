// OTLP/JSON attribute values and enums, both directions. Integers go out as decimal strings (the
// proto3 JSON mapping of int64); both strings and numbers are read back.

import { z } from "zod";
import type { Attributes, AttributeValue, SpanKind, StatusCode } from "../model/types.ts";
import { STATUS_CODES as STATUS_BY_CODE } from "../model/types.ts";

export const KIND_CODES: Readonly<Record<SpanKind, number>> = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
};
const KIND_BY_CODE: readonly SpanKind[] = ["internal", "internal", "server", "client", "producer", "consumer"];
const KIND_BY_NAME: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

export const STATUS_CODES: Readonly<Record<StatusCode, number>> = { unset: 0, ok: 1, error: 2 };
const STATUS_BY_NAME: Readonly<Record<string, number>> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

export const kindSchema = z.union([z.number().int().min(0).max(5), z.enum(Object.keys(KIND_BY_NAME) as [string, ...string[]])]);
export const statusCodeSchema = z.union([
  z.number().int().min(0).max(2),
  z.enum(Object.keys(STATUS_BY_NAME) as [string, ...string[]]),
]);

export function kindFromOtlp(k: number | string | undefined): SpanKind {
  const code = typeof k === "string" ? KIND_BY_NAME[k]! : (k ?? 0);
  return KIND_BY_CODE[code]!;
}

export function statusFromOtlp(c: number | string | undefined): StatusCode {
  const code = typeof c === "string" ? STATUS_BY_NAME[c]! : (c ?? 0);
  return STATUS_BY_CODE[code]!;
}

/** Unsigned 64-bit integer as the proto3 JSON mapping writes it (a string, or a number). */
export const uint64Schema = z.union([
  z.string().regex(/^\d{1,20}$/, "expected a non-negative integer (decimal string)"),
  z.number().int().nonnegative(),
]);

export function toBigInt(v: string | number): bigint {
  return typeof v === "string" ? BigInt(v) : BigInt(v);
}

export type AnyValue = {
  stringValue?: string | null | undefined;
  boolValue?: boolean | null | undefined;
  intValue?: string | number | null | undefined;
  doubleValue?: number | string | null | undefined;
  arrayValue?: { values?: AnyValue[] | null | undefined } | null | undefined;
  kvlistValue?: { values?: { key: string; value?: AnyValue | null | undefined }[] | null | undefined } | null | undefined;
  bytesValue?: string | null | undefined;
};

export const anyValueSchema: z.ZodType<AnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().nullish(),
    boolValue: z.boolean().nullish(),
    intValue: z.union([z.string().regex(/^-?\d{1,20}$/, "expected an integer"), z.number().int()]).nullish(),
    doubleValue: z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]).nullish(),
    arrayValue: z.object({ values: z.array(anyValueSchema).nullish() }).nullish(),
    kvlistValue: z.object({ values: z.array(z.object({ key: z.string(), value: anyValueSchema.nullish() })).nullish() }).nullish(),
    bytesValue: z.string().nullish(),
  }),
);

export const keyValueSchema = z.object({ key: z.string(), value: anyValueSchema.nullish() });

function plain(v: AnyValue | null | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (v.stringValue !== null && v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== null && v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== null && v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== null && v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(plain);
  if (v.kvlistValue) return Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key, plain(kv.value)]));
  if (v.bytesValue !== null && v.bytesValue !== undefined) return v.bytesValue;
  return null;
}

/** tracebed attributes are scalars: arrays, maps and empty values are kept as JSON text. */
export function attributesFromOtlp(kvs: readonly { key: string; value?: AnyValue | null | undefined }[] | null | undefined): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const kv of kvs ?? []) {
    const v = plain(kv.value);
    out[kv.key] = typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : JSON.stringify(v);
  }
  return out;
}

export interface OtlpKeyValue {
  key: string;
  value: { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number };
}

export function attributesToOtlp(attributes: Attributes): OtlpKeyValue[] {
  return Object.keys(attributes).map((key) => {
    const v = attributes[key]!;
    if (typeof v === "string") return { key, value: { stringValue: v } };
    if (typeof v === "boolean") return { key, value: { boolValue: v } };
    // Only safe integers are int64 here: String(1e21) is "1e+21", which no reader takes as an int.
    if (Number.isSafeInteger(v)) return { key, value: { intValue: String(v) } };
    return { key, value: { doubleValue: v } };
  });
}
