// What no output of a run may hold, whatever the faults: NaN or infinities (summary.json writes
// them as null), null or negative latencies and times in summary.json, null or negative span
// times in the Jaeger and OTLP exports; and the books every run must balance. Returns one line
// per problem, naming where it is.
import type { ScenarioRun, Summary } from "../../../sim/run/index.ts";
import { summaryBytes } from "../../../sim/run/index.ts";
import { DROP_REASONS } from "../../../tracer/collect/index.ts";
import { importTraceText, toJaegerJson, toOtlpJson } from "../../../tracer/export/index.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function walk(value: unknown, path: string, visit: (value: unknown, path: string) => void): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, visit);
}

/** Sections of summary.json whose every number is a latency, a count or a time: none null or negative. */
const TIMED = ["latencyMs", "serverSpansMs", "timeline", "periods", "requests", "kernel", "durationNs", "warmupNs"] as const;

export function summaryProblems(summary: Summary): string[] {
  const problems: string[] = [];
  walk(summary, "$", (v, path) => {
    if (typeof v === "number" && !Number.isFinite(v)) problems.push(`summary ${path} is ${v}`);
  });
  const written = JSON.parse(summaryBytes(summary)) as Record<string, Json>;
  for (const key of TIMED) {
    walk(written[key], `$.${key}`, (v, path) => {
      if (v === null) problems.push(`summary.json ${path} is null`);
      else if (typeof v === "number" && v < 0) problems.push(`summary.json ${path} is negative (${v})`);
    });
  }
  for (const [i, f] of (written["faults"] as { startNs: Json; endNs: Json }[]).entries()) {
    for (const key of ["startNs", "endNs"] as const) {
      if (typeof f[key] !== "number" || f[key] < 0) problems.push(`summary.json $.faults[${i}].${key} is ${JSON.stringify(f[key])}`);
    }
  }
  return problems;
}

export function jaegerProblems(text: string): string[] {
  const problems: string[] = [];
  const file = JSON.parse(text) as { data: { traceID: string; spans: { spanID: string; startTime: Json; duration: Json; logs?: { timestamp: Json }[] }[] }[] };
  for (const t of file.data) {
    for (const s of t.spans) {
      for (const key of ["startTime", "duration"] as const) {
        const v = s[key];
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0) problems.push(`jaeger trace ${t.traceID} span ${s.spanID}: ${key} is ${JSON.stringify(v)}`);
      }
      for (const l of s.logs ?? []) {
        if (typeof l.timestamp !== "number" || l.timestamp < 0) problems.push(`jaeger trace ${t.traceID} span ${s.spanID}: a log timestamp is ${JSON.stringify(l.timestamp)}`);
      }
    }
  }
  return problems;
}

export function otlpProblems(text: string): string[] {
  const problems: string[] = [];
  const request = JSON.parse(text) as { resourceSpans: { scopeSpans: { spans: { spanId: string; startTimeUnixNano: Json; endTimeUnixNano: Json }[] }[] }[] };
  for (const rs of request.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) {
        const start = s.startTimeUnixNano;
        const end = s.endTimeUnixNano;
        if (typeof start !== "string" || !/^\d+$/.test(start)) problems.push(`otlp span ${s.spanId}: startTimeUnixNano is ${JSON.stringify(start)}`);
        else if (typeof end !== "string" || !/^\d+$/.test(end)) problems.push(`otlp span ${s.spanId}: endTimeUnixNano is ${JSON.stringify(end)}`);
        else if (BigInt(end) < BigInt(start)) problems.push(`otlp span ${s.spanId}: ends (${end}) before it starts (${start})`);
      }
    }
  }
  return problems;
}

export function outputProblems(summary: Summary, jaeger: string, otlp: string): string[] {
  return [...summaryProblems(summary), ...jaegerProblems(jaeger), ...otlpProblems(otlp)];
}

/**
 * Every invariant of a finished run: the accounting law over the whole run and per host, one
 * record per sampled trace point in the DAG model, clean outputs, and tracebed reading its own
 * exports back.
 */
export function runProblems(run: ScenarioRun, summary: Summary, model: string, options: { readonly epoch?: string } = {}): string[] {
  const problems: string[] = [];
  const a = summary.tracer.accounting;
  const dropped = DROP_REASONS.reduce((n, r) => n + a.dropped[r], 0);
  if (a.emitted !== a.stored + dropped) problems.push(`emitted ${a.emitted} != stored ${a.stored} + dropped ${dropped}`);
  // In the DAG model every sampled trace point is one record (a span record covers two points).
  if (model === "dag" && a.tracePoints !== a.notSampled + a.emitted) problems.push(`trace points ${a.tracePoints} != not sampled ${a.notSampled} + emitted ${a.emitted}`);
  for (const [host, h] of Object.entries(run.tracing.collector!.ledger.byHost())) {
    const d = DROP_REASONS.reduce((n, r) => n + h.dropped[r], 0);
    if (h.emitted !== h.stored + d) problems.push(`${host}: emitted ${h.emitted} != stored ${h.stored} + dropped ${d}`);
  }
  const traces = run.keptTraces().flatMap((k) => (k.trace === undefined ? [] : [k.trace]));
  const jaeger = toJaegerJson(traces, options);
  const otlp = toOtlpJson(traces, options);
  problems.push(...outputProblems(summary, jaeger, otlp));
  for (const [name, body] of [["traces.jaeger.json", jaeger], ["traces.otlp.json", otlp]] as const) {
    try {
      importTraceText(body, name);
    } catch (e) {
      problems.push(`${name} does not import: ${(e as Error).message}`);
    }
  }
  return problems;
}
