// The neutral span-list format (the schema of shared/testdata/critical-path): {spans: [{spanID,
// parentSpanID, operationName, serviceName, startTime, duration, references, kind?}]}, with an
// optional traceID and timeUnit ("microseconds" unless it says "nanoseconds").

import { z } from "zod";
import type { SpanRecord } from "../model/types.ts";
import { SPAN_KINDS } from "../model/types.ts";
import type { CpSpan } from "../analysis/span-critical-path/types.ts";
import { validate } from "./validate.ts";
import { EXACT_TIME_MESSAGE, MAX_EXACT_TIME, endWithinExactTimes } from "./times.ts";
import type { ImportedTrace } from "./imported.ts";
import { checkTraceStructure } from "./structure.ts";

const time = z.number().finite().nonnegative().max(MAX_EXACT_TIME, EXACT_TIME_MESSAGE);

const span = z.object({
  spanID: z.string().min(1),
  parentSpanID: z.string().nullish(),
  operationName: z.string(),
  serviceName: z.string(),
  startTime: time,
  // Negative durations are refused by the structure check, which names the span.
  duration: z.number().finite(),
  references: z.array(z.object({ refType: z.enum(["CHILD_OF", "FOLLOWS_FROM"]), spanID: z.string().min(1) })).nullish(),
  kind: z.enum(SPAN_KINDS).nullish(),
  host: z.string().nullish(),
}).superRefine(endWithinExactTimes);

export const spanListSchema = z.object({
  traceID: z.string().nullish(),
  name: z.string().nullish(),
  timeUnit: z.enum(["microseconds", "nanoseconds"]).nullish(),
  spans: z.array(span),
});

export function isSpanList(doc: unknown): boolean {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return false;
  const spans = (doc as { spans?: unknown }).spans;
  if (!Array.isArray(spans) || spans.length === 0) return false;
  const first = spans[0] as Record<string, unknown> | null;
  return typeof first === "object" && first !== null && "serviceName" in first && !("processID" in first);
}

export function importSpanListDocument(doc: unknown, file: string, where = ""): ImportedTrace[] {
  const parsed = validate(spanListSchema, doc, file, where, "a span list ({spans: [{spanID, serviceName, ...}]})");
  const traceId = parsed.traceID ?? parsed.name ?? "trace";
  const unit = parsed.timeUnit === "nanoseconds" ? "ns" : "us";
  const toNs = unit === "ns" ? 1 : 1000;
  const warnings = checkTraceStructure(
    traceId,
    parsed.spans.map((s, j) => ({
      id: s.spanID,
      parent: s.parentSpanID ?? null,
      refs: (s.references ?? []).map((r) => r.spanID).filter((id) => id !== s.parentSpanID),
      where: `$.spans[${j}]`,
      ...(s.duration < 0 ? { endsBeforeStart: `startTime ${s.startTime}, duration ${s.duration}` } : {}),
    })),
    file,
    where === "" ? "" : `${where}: `,
  );
  const spans: CpSpan[] = parsed.spans.map((s) => ({
    spanID: s.spanID,
    parentSpanID: s.parentSpanID ?? null,
    operationName: s.operationName,
    serviceName: s.serviceName,
    startTime: s.startTime,
    duration: s.duration,
    references: s.references ?? (s.parentSpanID ? [{ refType: "CHILD_OF" as const, spanID: s.parentSpanID }] : []),
    kind: s.kind ?? undefined,
    ...(s.host ? { host: s.host } : {}),
  }));
  const records: SpanRecord[] = spans.map((s) => ({
    traceId,
    spanId: s.spanID,
    ...(s.parentSpanID === null ? {} : { parentSpanId: s.parentSpanID }),
    links: [],
    kind: s.kind ?? "internal",
    name: s.operationName,
    service: s.serviceName,
    host: s.host ?? "",
    start: s.startTime * toNs,
    end: (s.startTime + s.duration) * toNs,
    attributes: {},
    status: { code: "unset" },
    logs: [],
  }));
  return [{ traceId, format: "spans", unit, base: 0n, spans, trace: { traceId, events: [], spans: records }, ...(warnings.length === 0 ? {} : { warnings }) }];
}
