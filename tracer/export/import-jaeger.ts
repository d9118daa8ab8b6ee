// Jaeger UI JSON (the file its "JSON file" upload takes, and the query API's shape) → traces.
// Accepted like the UI accepts it: {data: [trace…]}, {data: trace}, an array of traces or one
// trace. Times are µs. Unknown processIDs become `unknown-service`, as in the UI.

import { z } from "zod";
import type { Attributes, AttributeValue, SpanKind, SpanLog, SpanRecord, StatusCode } from "../model/types.ts";
import { SPAN_KINDS } from "../model/types.ts";
import type { CpSpan } from "../analysis/span-critical-path/types.ts";
import { validate } from "./validate.ts";
import { EXACT_TIME_MESSAGE, MAX_EXACT_TIME, endWithinExactTimes } from "./times.ts";
import type { ImportedTrace } from "./imported.ts";
import { checkTraceStructure } from "./structure.ts";
import type { SpanShape } from "./structure.ts";

const tag = z.object({
  key: z.string(),
  type: z.string().optional(),
  value: z.union([z.string(), z.number(), z.boolean()]),
});

const reference = z.object({
  refType: z.enum(["CHILD_OF", "FOLLOWS_FROM"]),
  traceID: z.string().optional(),
  spanID: z.string().min(1),
});

const time = z.number().finite().nonnegative().max(MAX_EXACT_TIME, EXACT_TIME_MESSAGE);

const span = z.object({
  traceID: z.string().optional(),
  spanID: z.string().min(1),
  operationName: z.string(),
  references: z.array(reference).nullish(),
  startTime: time,
  // Negative durations are refused by the structure check, which names the span.
  duration: z.number().finite(),
  tags: z.array(tag).nullish(),
  logs: z.array(z.object({ timestamp: time, fields: z.array(tag).nullish() })).nullish(),
  processID: z.string().nullish(),
}).superRefine(endWithinExactTimes);

const process = z.object({ serviceName: z.string(), tags: z.array(tag).nullish() });

const trace = z.object({
  traceID: z.string().min(1),
  spans: z.array(span),
  processes: z.record(z.string(), process).nullish(),
});

export const jaegerFileSchema = z.union([
  z.object({ data: z.union([z.array(trace), trace]) }),
  z.array(trace),
  trace,
]);

type JaegerTag = z.infer<typeof tag>;
export type JaegerTrace = z.infer<typeof trace>;

/** One element of a Jaeger file's `data` array (what a streaming reader validates trace by trace). */
export const jaegerTraceSchema = trace;

const RESERVED = new Set(["span.kind", "error", "otel.status_code", "otel.status_description"]);

function tagValue(t: JaegerTag): AttributeValue {
  return t.value;
}

function kindOf(tags: readonly JaegerTag[]): SpanKind | undefined {
  const v = tags.find((t) => t.key === "span.kind")?.value;
  return typeof v === "string" && (SPAN_KINDS as readonly string[]).includes(v.toLowerCase())
    ? (v.toLowerCase() as SpanKind)
    : undefined;
}

function statusOf(tags: readonly JaegerTag[]): SpanRecord["status"] {
  const code = tags.find((t) => t.key === "otel.status_code")?.value;
  const message = tags.find((t) => t.key === "otel.status_description")?.value;
  const error = tags.find((t) => t.key === "error")?.value;
  let status: StatusCode = "unset";
  if (code === "ERROR" || error === true || error === "true") status = "error";
  else if (code === "OK") status = "ok";
  return typeof message === "string" ? { code: status, message } : { code: status };
}

function attributesOf(tags: readonly JaegerTag[], skip: ReadonlySet<string>): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const t of tags) if (!skip.has(t.key)) out[t.key] = tagValue(t);
  return out;
}

function hostOf(tags: readonly JaegerTag[] | null | undefined): string {
  const v = tags?.find((t) => t.key === "hostname" || t.key === "host.name")?.value;
  return v === undefined ? "" : String(v);
}

/** One trace, checked (see structure.ts); `at` is the trace's JSON path, `prefix` goes before it. */
export function jaegerTraceToImported(t: JaegerTrace, file: string, at: string, prefix = ""): ImportedTrace {
  const shapes: SpanShape[] = t.spans.map((s, j) => {
    const refs = s.references ?? [];
    return {
      id: s.spanID,
      parent: refs[0]?.spanID ?? null,
      refs: refs.slice(1).filter((r) => r.traceID === undefined || r.traceID === t.traceID).map((r) => r.spanID),
      where: `${at}.spans[${j}]`,
      ...(s.duration < 0 ? { endsBeforeStart: `startTime ${s.startTime}, duration ${s.duration}` } : {}),
    };
  });
  const warnings = checkTraceStructure(t.traceID, shapes, file, prefix);
  const imported = toImported(t);
  return warnings.length === 0 ? imported : { ...imported, warnings };
}

function toImported(t: JaegerTrace): ImportedTrace {
  const processes = t.processes ?? {};
  const cp: CpSpan[] = [];
  const records: SpanRecord[] = [];
  for (const s of t.spans) {
    const proc = s.processID === null || s.processID === undefined ? undefined : processes[s.processID];
    const serviceName = proc?.serviceName ?? "unknown-service";
    const host = hostOf(proc?.tags);
    const tags = s.tags ?? [];
    const refs = s.references ?? [];
    const kind = kindOf(tags);
    const first = refs[0];
    cp.push({
      spanID: s.spanID,
      parentSpanID: first === undefined ? null : first.spanID,
      operationName: s.operationName,
      serviceName,
      startTime: s.startTime,
      duration: s.duration,
      references: refs.map((r) => ({ refType: r.refType, spanID: r.spanID })),
      kind,
      ...(host === "" ? {} : { host }),
    });
    const logs: SpanLog[] = (s.logs ?? []).map((l) => ({
      timestamp: l.timestamp * 1000,
      attributes: attributesOf(l.fields ?? [], new Set()),
    }));
    records.push({
      traceId: t.traceID,
      spanId: s.spanID,
      ...(first === undefined ? {} : { parentSpanId: first.spanID }),
      links: refs.slice(1).map((r) => ({ traceId: r.traceID ?? t.traceID, spanId: r.spanID })),
      kind: kind ?? "internal",
      name: s.operationName,
      service: serviceName,
      host,
      start: s.startTime * 1000,
      end: (s.startTime + s.duration) * 1000,
      attributes: attributesOf(tags, RESERVED),
      status: statusOf(tags),
      logs,
    });
  }
  return {
    traceId: t.traceID,
    format: "jaeger",
    unit: "us",
    base: 0n,
    spans: cp,
    trace: { traceId: t.traceID, events: [], spans: records },
  };
}

/** A parsed JSON document in Jaeger UI's shape → one ImportedTrace per trace. */
export function importJaegerDocument(doc: unknown, file: string, where = ""): ImportedTrace[] {
  const parsed = validate(jaegerFileSchema, doc, file, where, "a Jaeger UI trace file ({data: [{traceID, spans, processes}]})");
  const prefix = where === "" ? "" : `${where}: `;
  if (Array.isArray(parsed)) return parsed.map((t, i) => jaegerTraceToImported(t, file, `$[${i}]`, prefix));
  if (!("data" in parsed)) return [jaegerTraceToImported(parsed, file, "$", prefix)];
  const data = parsed.data;
  if (!Array.isArray(data)) return [jaegerTraceToImported(data, file, "$.data", prefix)];
  return data.map((t, i) => jaegerTraceToImported(t, file, `$.data[${i}]`, prefix));
}
