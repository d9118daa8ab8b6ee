// OTLP/JSON (ExportTraceServiceRequest: resourceSpans → scopeSpans → spans) → traces, one per
// trace id in order of first appearance. Ids are hex (any case; written back lowercase), times
// ns as decimal strings; enums as integers or their proto names.

import { z } from "zod";
import type { SpanRecord } from "../model/types.ts";
import type { CpSpan } from "../analysis/span-critical-path/types.ts";
import { validate } from "./validate.ts";
import type { ImportedTrace } from "./imported.ts";
import {
  attributesFromOtlp,
  keyValueSchema,
  kindFromOtlp,
  kindSchema,
  statusCodeSchema,
  statusFromOtlp,
  toBigInt,
  uint64Schema,
} from "./otlp-values.ts";
import { parentRefType } from "../model/references.ts";
import { checkTraceStructure } from "./structure.ts";

const traceId = z.string().regex(/^[0-9a-fA-F]{32}$/, "expected a trace id of 32 hex digits");
const spanId = z.string().regex(/^[0-9a-fA-F]{16}$/, "expected a span id of 16 hex digits");

const span = z.object({
  traceId,
  spanId,
  parentSpanId: z.union([spanId, z.literal("")]).nullish(),
  name: z.string(),
  kind: kindSchema.nullish(),
  startTimeUnixNano: uint64Schema,
  endTimeUnixNano: uint64Schema,
  attributes: z.array(keyValueSchema).nullish(),
  events: z.array(z.object({ timeUnixNano: uint64Schema, name: z.string().nullish(), attributes: z.array(keyValueSchema).nullish() })).nullish(),
  links: z.array(z.object({ traceId, spanId, attributes: z.array(keyValueSchema).nullish() })).nullish(),
  status: z.object({ code: statusCodeSchema.nullish(), message: z.string().nullish() }).nullish(),
});

export const otlpFileSchema = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z.object({ attributes: z.array(keyValueSchema).nullish() }).nullish(),
      scopeSpans: z.array(z.object({ spans: z.array(span).nullish() })).nullish(),
    }),
  ),
});

type OtlpSpan = z.infer<typeof span>;

interface Flat {
  readonly span: OtlpSpan;
  readonly service: string;
  readonly host: string;
  readonly start: bigint;
  readonly end: bigint;
  /** The span's JSON path. */
  readonly where: string;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function checked(id: string, flats: readonly Flat[], file: string, prefix: string): ImportedTrace {
  const warnings = checkTraceStructure(
    id,
    flats.map((f) => ({
      id: f.span.spanId.toLowerCase(),
      parent: f.span.parentSpanId ? f.span.parentSpanId.toLowerCase() : null,
      refs: (f.span.links ?? []).filter((l) => l.traceId.toLowerCase() === id).map((l) => l.spanId.toLowerCase()),
      where: f.where,
      ...(f.end < f.start ? { endsBeforeStart: `startTimeUnixNano ${f.start}, endTimeUnixNano ${f.end}` } : {}),
    })),
    file,
    prefix,
  );
  const imported = toImported(id, flats);
  return warnings.length === 0 ? imported : { ...imported, warnings };
}

function toImported(id: string, flats: readonly Flat[]): ImportedTrace {
  const latest = flats.reduce((m, f) => (f.end > m ? f.end : m), 0n);
  const earliest = flats.reduce((m, f) => (f.start < m ? f.start : m), flats[0]!.start);
  const base = latest > SAFE ? earliest : 0n;
  const cp: CpSpan[] = [];
  const records: SpanRecord[] = [];
  for (const { span: s, service, host, start, end } of flats) {
    const parent = s.parentSpanId ? s.parentSpanId.toLowerCase() : undefined;
    const kind = kindFromOtlp(s.kind ?? undefined);
    const links = (s.links ?? []).map((l) => {
      const attributes = attributesFromOtlp(l.attributes);
      return {
        traceId: l.traceId.toLowerCase(),
        spanId: l.spanId.toLowerCase(),
        ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
      };
    });
    const references = [
      ...(parent === undefined ? [] : [{ refType: parentRefType(kind), spanID: parent }]),
      ...links.filter((l) => l.traceId === id).map((l) => ({ refType: "FOLLOWS_FROM" as const, spanID: l.spanId })),
    ];
    cp.push({
      spanID: s.spanId.toLowerCase(),
      parentSpanID: parent ?? null,
      operationName: s.name,
      serviceName: service,
      startTime: Number(start - base),
      duration: Number(end > start ? end - start : 0n),
      references,
      kind,
      ...(host === "" ? {} : { host }),
    });
    const message = s.status?.message;
    records.push({
      traceId: id,
      spanId: s.spanId.toLowerCase(),
      ...(parent === undefined ? {} : { parentSpanId: parent }),
      links,
      kind,
      name: s.name,
      service,
      host,
      start: Number(start),
      end: Number(end),
      attributes: attributesFromOtlp(s.attributes),
      status: {
        code: statusFromOtlp(s.status?.code ?? undefined),
        ...(message === undefined || message === null || message === "" ? {} : { message }),
      },
      logs: (s.events ?? []).map((e) => ({
        timestamp: Number(toBigInt(e.timeUnixNano)),
        attributes: { ...(e.name ? { event: e.name } : {}), ...attributesFromOtlp(e.attributes) },
      })),
    });
  }
  return { traceId: id, format: "otlp", unit: "ns", base, spans: cp, trace: { traceId: id, events: [], spans: records } };
}

export function importOtlpDocument(doc: unknown, file: string, where = ""): ImportedTrace[] {
  const parsed = validate(otlpFileSchema, doc, file, where, "an OTLP/JSON trace request ({resourceSpans: [...]})");
  const byTrace = new Map<string, Flat[]>();
  parsed.resourceSpans.forEach((rs, r) => addResourceSpans(byTrace, rs, `$.resourceSpans[${r}]`));
  const prefix = where === "" ? "" : `${where}: `;
  return [...byTrace].map(([id, flats]) => checked(id, flats, file, prefix));
}

export type OtlpResourceSpans = z.infer<typeof resourceSpansSchema>;

/** One element of `resourceSpans` (what a streaming reader validates element by element). */
export const resourceSpansSchema = otlpFileSchema.shape.resourceSpans.element;

/** Adds one `resourceSpans` element's spans to their traces; `at` is its JSON path. */
function addResourceSpans(byTrace: Map<string, Flat[]>, rs: OtlpResourceSpans, at: string): void {
  const resource = attributesFromOtlp(rs.resource?.attributes);
  const service = typeof resource["service.name"] === "string" ? resource["service.name"] : "unknown_service";
  const host = typeof resource["host.name"] === "string" ? resource["host.name"] : "";
  (rs.scopeSpans ?? []).forEach((ss, i) => {
    (ss.spans ?? []).forEach((s, k) => {
      const id = s.traceId.toLowerCase();
      let list = byTrace.get(id);
      if (list === undefined) byTrace.set(id, (list = []));
      list.push({ span: s, service, host, start: toBigInt(s.startTimeUnixNano), end: toBigInt(s.endTimeUnixNano), where: `${at}.scopeSpans[${i}].spans[${k}]` });
    });
  });
}

/**
 * Collects an OTLP file's spans element by element (a trace's spans may be spread over every
 * element, one per service), then yields its traces checked, in order of first appearance.
 */
export class OtlpTraceCollector {
  private readonly byTrace = new Map<string, Flat[]>();
  constructor(
    private readonly file: string,
    private readonly prefix = "",
  ) {}

  add(rs: OtlpResourceSpans, at: string): void {
    addResourceSpans(this.byTrace, rs, at);
  }

  *traces(): Generator<ImportedTrace> {
    for (const [id, flats] of this.byTrace) {
      this.byTrace.delete(id);
      yield checked(id, flats, this.file, this.prefix);
    }
  }
}
