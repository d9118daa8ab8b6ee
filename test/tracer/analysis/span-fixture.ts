// Hand-built spans for the diagnosis's tests: a span of one trace, its id drawn from a counter.
import type { SpanKind, SpanRecord } from "../../../tracer/model/types.ts";

export interface SpanSpec {
  readonly parent?: SpanRecord;
  readonly kind: SpanKind;
  readonly service: string;
  readonly host: string;
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly attributes?: Record<string, string | number>;
  readonly logs?: SpanRecord["logs"];
  readonly error?: boolean;
}

let next = 1;

export function span(p: SpanSpec): SpanRecord {
  return {
    traceId: "t".padStart(32, "0"),
    spanId: String(next++).padStart(16, "0"),
    ...(p.parent === undefined ? {} : { parentSpanId: p.parent.spanId }),
    links: [],
    kind: p.kind,
    name: p.name,
    service: p.service,
    host: p.host,
    start: p.start,
    end: p.end,
    attributes: p.attributes ?? {},
    status: p.error ? { code: "error", message: "boom" } : { code: "unset" },
    logs: p.logs ?? [],
  };
}
