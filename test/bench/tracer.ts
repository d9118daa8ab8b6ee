// Tracer overhead, side by side in one run: the same workload on our tracer (DAG model with
// ITC metadata, DAG with ids, span model) and on jaeger-client and the OpenTelemetry SDK.
// Workload per trace: a root span with three nested children, three attributes each, all
// finished, always sampled, into a sink/reporter/exporter that only counts; plus one
// inject+extract of the deepest child's context (one hop).
import { createRequire } from "node:module";
import seedrandom from "seedrandom";
import { defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, trace as otelTrace } from "@opentelemetry/api";
import type { Span as OtelSpan } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { alwaysOn, createTracer } from "../../tracer/index.ts";
import type { Format, MetadataMode, TraceModel, Tracer } from "../../tracer/index.ts";
import { formatNumber, fullGc, median, printTable } from "./harness.ts";
import { bareTracer } from "./tracer-floor.ts";
import type { Suite } from "./harness.ts";

const SPANS_PER_TRACE = 4;

/** One tracer under test: `trace()` runs the workload once and returns the hop's headers. */
interface Subject {
  readonly name: string;
  trace(): Record<string, string>;
  /** Records the sink saw (spans or events), to check nothing was silently skipped. */
  recorded(): number;
}

/**
 * The workload (issue 3): a root span with three nested children, three attributes each, all
 * finished, plus one inject+extract of a context. The collect bench reuses it.
 */
export function traceOnce(tracer: Tracer): Record<string, string> {
  const root = tracer.startSpan("root", { kind: "server" });
  root.setAttribute("http.method", "GET").setAttribute("http.status_code", 200).setAttribute("sampled", true);
  const c1 = tracer.startSpan("c1", { parent: root });
  c1.setAttribute("a", "x").setAttribute("b", 1).setAttribute("c", false);
  const c2 = tracer.startSpan("c2", { parent: c1 });
  c2.setAttribute("a", "x").setAttribute("b", 2).setAttribute("c", false);
  const c3 = tracer.startSpan("c3", { parent: c2, kind: "client" });
  c3.setAttribute("a", "x").setAttribute("b", 3).setAttribute("c", false);
  const headers: Record<string, string> = {};
  tracer.inject(c3, headers);
  tracer.extract(headers);
  c3.end();
  c2.join(c3).end();
  c1.join(c2).end();
  root.join(c1).end();
  return headers;
}

function ours(model: TraceModel, metadata: MetadataMode, format: Format, itcMemo = true): Subject {
  let count = 0;
  const rng = seedrandom.alea("bench/tracer");
  const tracer = createTracer({
    service: "bench",
    host: "h1",
    // A real clock read the way jaeger-client reads it (Date.now), scaled to ns.
    clock: { now: () => Date.now() * 1e6 },
    random: { next: () => rng() },
    sampler: alwaysOn,
    sink: { emit: () => void count++ },
    model,
    metadata,
    formats: [format],
    itcMemo,
  });
  return {
    name: `tracebed ${model}/${metadata}${itcMemo ? "" : " (no memo)"}`,
    recorded: () => count,
    trace: () => traceOnce(tracer),
  };
}

function jaeger(): Subject {
  const require = createRequire(import.meta.url);
  // jaeger-client ships no types; it is used here through its documented OpenTracing API only.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const lib = require("jaeger-client") as any;
  let count = 0;
  const reporter = { report: () => void count++, close: (cb?: () => void) => cb?.(), setProcess: () => {} };
  const tracer = new lib.Tracer("bench", reporter, new lib.ConstSampler(true), {});
  return {
    name: "jaeger-client",
    recorded: () => count,
    trace() {
      const root = tracer.startSpan("root");
      root.setTag("http.method", "GET").setTag("http.status_code", 200).setTag("sampled", true);
      const c1 = tracer.startSpan("c1", { childOf: root });
      c1.setTag("a", "x").setTag("b", 1).setTag("c", false);
      const c2 = tracer.startSpan("c2", { childOf: c1 });
      c2.setTag("a", "x").setTag("b", 2).setTag("c", false);
      const c3 = tracer.startSpan("c3", { childOf: c2 });
      c3.setTag("a", "x").setTag("b", 3).setTag("c", false);
      const headers: Record<string, string> = {};
      tracer.inject(c3.context(), "http_headers", headers);
      tracer.extract("http_headers", headers);
      c3.finish();
      c2.finish();
      c1.finish();
      root.finish();
      return headers;
    },
  };
}

function otel(queue: number): Subject {
  let count = 0;
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done) {
      count += spans.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  // The benchmark loop never yields, so the processor cannot drain between exports; a queue
  // that holds the whole run keeps it from dropping spans (which would flatter it).
  const processor = new BatchSpanProcessor(exporter, { maxQueueSize: queue, maxExportBatchSize: 512 });
  const provider = new BasicTracerProvider({ sampler: new AlwaysOnSampler(), spanProcessors: [processor] });
  const tracer = provider.getTracer("bench");
  const propagator = new W3CTraceContextPropagator();
  const child = (name: string, parent: OtelSpan) => tracer.startSpan(name, {}, otelTrace.setSpan(ROOT_CONTEXT, parent));
  return {
    name: "OpenTelemetry SDK",
    // Spans exported so far; the rest wait in the processor's queue until the loop yields.
    recorded: () => count,
    trace() {
      const root = tracer.startSpan("root", {}, ROOT_CONTEXT);
      root.setAttribute("http.method", "GET").setAttribute("http.status_code", 200).setAttribute("sampled", true);
      const c1 = child("c1", root);
      c1.setAttribute("a", "x").setAttribute("b", 1).setAttribute("c", false);
      const c2 = child("c2", c1);
      c2.setAttribute("a", "x").setAttribute("b", 2).setAttribute("c", false);
      const c3 = child("c3", c2);
      c3.setAttribute("a", "x").setAttribute("b", 3).setAttribute("c", false);
      const headers: Record<string, string> = {};
      propagator.inject(otelTrace.setSpan(ROOT_CONTEXT, c3), headers, defaultTextMapSetter);
      otelTrace.getSpanContext(propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter));
      c3.end();
      c2.end();
      c1.end();
      root.end();
      return headers;
    },
  };
}

/** HTTP/1.1 bytes of the hop's headers: `name: value\r\n` each. */
function headerBytes(headers: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(headers)) n += Buffer.byteLength(`${k}: ${v}\r\n`);
  return n;
}

/** Median heap growth per span over small batches started right after a full GC. */
function bytesPerSpan(make: () => Subject, gc: (() => void) | undefined): number {
  if (gc === undefined) return Number.NaN;
  const traces = 50;
  const samples: number[] = [];
  for (let i = 0; i < 25; i++) {
    const subject = make();
    subject.trace();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let j = 0; j < traces; j++) subject.trace();
    const after = process.memoryUsage().heapUsed;
    samples.push((after - before) / (traces * SPANS_PER_TRACE));
  }
  return median(samples);
}

interface Sample {
  readonly cpu: number; // ns of process CPU time per span
  readonly wall: number; // ns of wall-clock time per span
}

/** Times `traces` traces on a fresh subject: CPU and wall-clock ns per span. */
function sample(make: () => Subject, traces: number): Sample {
  const subject = make();
  for (let i = 0; i < 100; i++) subject.trace();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < traces; i++) subject.trace();
  const wall = Number(process.hrtime.bigint() - t0);
  const c = process.cpuUsage(c0);
  if (subject.recorded() === 0) throw new Error(`${subject.name}: the sink saw nothing`);
  const spans = traces * SPANS_PER_TRACE;
  return { cpu: ((c.user + c.system) * 1000) / spans, wall: wall / spans };
}

export const suite: Suite = {
  name: "tracer",
  run({ quick }) {
    // Many short interleaved rounds: on a shared, loaded machine, paired per-round ratios
    // drift far less than absolute times.
    const traces = quick ? 500 : 1_000;
    const rounds = quick ? 15 : 41;
    const queue = (traces + 200) * SPANS_PER_TRACE + 1024;
    const makers: Record<string, () => Subject> = {
      dag_itc: () => ours("dag", "itc", "w3c"),
      dag_ids: () => ours("dag", "ids", "w3c"),
      span: () => ours("span", "ids", "w3c"),
      jaeger: () => jaeger(),
      otel: () => otel(queue),
      // Measured last, in its own phase: a second StampOps implementation makes the span
      // code's call sites polymorphic, which would slow the default configuration above.
      dag_itc_nomemo: () => ours("dag", "itc", "w3c", false),
      // The least the DAG + ITC design can cost here (see tracer-floor.ts), in a phase of its
      // own so its call sites do not touch the tracers above.
      bare_dag_itc: () => bareTracer(),
    };
    const phases = [["dag_itc", "dag_ids", "span", "jaeger", "otel"], ["dag_itc_nomemo", "jaeger", "otel"], ["bare_dag_itc", "jaeger", "otel"]];
    const samples: Record<string, Sample[]> = {};
    const paired: Record<string, { vsJaeger: number[]; vsOtel: number[] }> = {};
    for (const [p, keys] of phases.entries()) {
      // Compile first: the first thousands of traces on each tracer mostly measure the JIT.
      for (const k of keys) sample(makers[k]!, quick ? 2_000 : 5_000);
      const phase: Record<string, Sample[]> = Object.fromEntries(keys.map((k) => [k, []]));
      const n = p === 0 ? rounds : Math.ceil(rounds / 2);
      for (let r = 0; r < n; r++) {
        // Rotate the order, so the garbage one tracer leaves (the OTel processor holds a whole
        // run's spans) lands on each of the others in turn and the median discounts it.
        for (let i = 0; i < keys.length; i++) {
          const k = keys[(i + r) % keys.length]!;
          phase[k]!.push(sample(makers[k]!, traces));
        }
      }
      for (const k of keys) {
        if (samples[k] !== undefined) continue; // jaeger and otel: phase 1 figures are the reported ones
        samples[k] = phase[k]!;
        paired[k] = {
          vsJaeger: phase[k]!.map((x, i) => x.cpu / phase["jaeger"]![i]!.cpu),
          vsOtel: phase[k]!.map((x, i) => x.cpu / phase["otel"]![i]!.cpu),
        };
      }
    }
    // Only now: changing V8 flags at run time (to reach gc()) slows what runs after it.
    const gc = fullGc();
    const figures: Record<string, number> = {};
    const rows: string[][] = [];
    for (const k of Object.keys(makers)) {
      const cpu = median(samples[k]!.map((x) => x.cpu));
      const wall = median(samples[k]!.map((x) => x.wall));
      const vsJaeger = median(paired[k]!.vsJaeger);
      const vsOtel = median(paired[k]!.vsOtel);
      const subject = makers[k]!();
      const hop = subject.trace();
      const bytes = bytesPerSpan(makers[k]!, gc);
      figures[`${k}_ns_per_span`] = cpu;
      figures[`${k}_wall_ns_per_span`] = wall;
      figures[`${k}_vs_jaeger`] = vsJaeger;
      figures[`${k}_vs_otel`] = vsOtel;
      figures[`${k}_bytes_per_span`] = Math.round(bytes);
      figures[`${k}_header_bytes_per_hop`] = headerBytes(hop);
      rows.push([
        subject.name,
        formatNumber(cpu),
        formatNumber(wall),
        vsJaeger.toFixed(2),
        vsOtel.toFixed(2),
        Number.isNaN(bytes) ? "n/a" : formatNumber(bytes),
        String(headerBytes(hop)),
        Object.keys(hop).join(" + "),
      ]);
    }
    printTable(
      `tracer overhead: ${traces} traces × ${SPANS_PER_TRACE} spans (3 attributes each) + 1 inject/extract per trace; ` +
        `median of ${rounds} interleaved rounds; ns/span = process CPU time (wall clock alongside); × = median of per-round ratios`,
      ["tracer", "ns/span", "wall ns", "× jaeger", "× otel", "bytes/span", "hdr bytes/hop", "headers"],
      rows,
    );
    return {
      tracer: {
        dag_itc_ns_per_span: figures["dag_itc_ns_per_span"]!,
        span_ns_per_span: figures["span_ns_per_span"]!,
        jaeger_ns_per_span: figures["jaeger_ns_per_span"]!,
        otel_ns_per_span: figures["otel_ns_per_span"]!,
        ...figures,
      },
    };
  },
};
