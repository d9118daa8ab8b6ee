// One measured run: a scenario with a given tracer configuration (or none), observed through
// the runner's hooks. Everything measured is a number derived from the run's own outputs:
// request latencies, the tracer's and agents' counters, the bytes tracers put into headers,
// and the stored traces handed to the analyses a job asks for.
import type { Carrier, Trace, TraceRecord, Tracer } from "../../tracer/index.ts";
import { eventBytes, spanBytes } from "../../tracer/collect/index.ts";
import type { TriggerCoordinatorStats } from "../../tracer/collect/retroactive.ts";
import type { Scenario } from "../scenario/load.ts";
import type { TracerConfig } from "../scenario/tracer-config.ts";
import { defaultModel, ScenarioRun } from "../run/index.ts";
import type { FaultRecord } from "../run/index.ts";
import type { TracingFactory } from "../run/tracing.ts";

export interface RequestRecord {
  readonly workflow: string;
  readonly start: number;
  readonly latencyNs: number;
  readonly ok: boolean;
  readonly traceId?: string;
}

export interface RunObservation {
  readonly scenario: Scenario;
  readonly requests: readonly RequestRecord[];
  /** Stored traces by trace id (only when the caller keeps them), as assembled. */
  readonly traces: ReadonlyMap<string, Trace>;
  /** Records stored after their trace was assembled (a window rule), by trace id (kept traces only). */
  readonly late: ReadonlyMap<string, readonly TraceRecord[]>;
  /** Ids of every stored trace. */
  readonly storedIds: ReadonlySet<string>;
  /** The trigger class each client root span was started with (when the caller sends triggers). */
  readonly triggerClass: ReadonlyMap<string, string>;
  /** Hindsight's coordination, when collection is retroactive. */
  readonly retroactive: Readonly<TriggerCoordinatorStats> | null;
  readonly faults: readonly FaultRecord[];
  readonly metrics: RunMetrics;
}

export interface RunMetrics {
  requests: number;
  failed: number;
  latencyP50Ns: number;
  latencyP99Ns: number;
  latencyMeanNs: number;
  /** Per workflow (successful requests): count and nearest-rank p50 / p99, ns. */
  byWorkflow: Record<string, { count: number; p50Ns: number; p99Ns: number; meanNs: number }>;
  tracePoints: number;
  notSampled: number;
  emitted: number;
  stored: number;
  dropped: Record<string, number>;
  /** Dropped records by "stage/reason". */
  droppedByStage: Record<string, number>;
  /** Tracing ns the hosts charged to requests (CPU plus, when synchronous, the blocking sends). */
  chargedNs: number;
  /** CPU by the overhead model: per record emitted and per KiB serialized (what was charged, less blocking). */
  cpuNs: number;
  /** Header bytes tracers wrote into messages, and how many messages carried them. */
  metadataBytes: number;
  injects: number;
  /** Bytes the collection path put on the network towards the backend (batches and retries, notifications, relays' forwards, pulls, query reports). */
  collectionBytes: number;
  /** Every stored trace, the cloud's background work's included. */
  storedTraces: number;
  storedBytes: number;
  /** Requests whose trace was stored (background work has traces but is not a request). */
  tracedRequests: number;
}

/** Header bytes as an HTTP/1.1 request carries them: "name: value\r\n". */
function headerBytes(headers: Readonly<Record<string, string>>, before: ReadonlyMap<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(headers)) if (before.get(k) !== v) n += k.length + 2 + v.length + 2;
  return n;
}

/**
 * Added latency against a baseline run: each workflow's change in a statistic, averaged with
 * the workflow's request counts as weights. Pooling workflows first would put p50 between the
 * modes of different workflows, where the slightest shift in the mix moves it by milliseconds.
 */
export function addedLatencyNs(run: RunMetrics, base: RunMetrics, stat: "p50Ns" | "p99Ns" | "meanNs"): number {
  let weighted = 0;
  let count = 0;
  for (const [w, b] of Object.entries(base.byWorkflow)) {
    const r = run.byWorkflow[w];
    if (r === undefined || r.count === 0 || b.count === 0) continue;
    weighted += (r[stat] - b[stat]) * r.count;
    count += r.count;
  }
  return count === 0 ? 0 : weighted / count;
}

export function quantileOf(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  // Nearest rank: an observed value, no interpolation, so results print exactly.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface MeasureOptions {
  readonly seed?: string | number;
  /** Keep stored traces for analyses (costs memory). */
  readonly keepTraces?: boolean;
  /** Sees every stored trace as it arrives (for analyses that need no memory of it). */
  readonly onTrace?: (trace: Trace) => void;
  /**
   * What the client puts on the n-th request it starts (0, 1, 2, ...): a trigger's headers and
   * the class it is counted under, or nothing. OSProfiler's `--os-profile KEY` signs every
   * request; a probe may mix valid, forged and missing triggers.
   */
  readonly trigger?: (n: number) => TriggerSend | undefined;
}

export interface TriggerSend {
  readonly headers: Carrier;
  /** The class the request is counted under. */
  readonly kind: string;
  /**
   * The headers carry a context the root span continues (a debug or sampled flag); otherwise
   * they are only for the sampler to verify (OSProfiler's signed trigger, which the client's own
   * profiler starts the trace from).
   */
  readonly asParent: boolean;
}

/**
 * The client's root spans start as if the request came with the trigger's headers: the sampler
 * sees them, and a context they carry (a debug or sampled flag) becomes the parent.
 */
export function triggering(tracer: Tracer, trigger: NonNullable<MeasureOptions["trigger"]>, classes: Map<string, string>): Tracer["startSpan"] {
  let n = 0;
  return (name, options) => {
    if (options?.parent !== undefined) return tracer.startSpan(name, options);
    const t = trigger(n++);
    if (t === undefined) return tracer.startSpan(name, options);
    const headers = { ...options?.headers, ...t.headers };
    const parent = t.asParent ? tracer.extract(t.headers) : undefined;
    const span = tracer.startSpan(name, parent === undefined ? { ...options, headers } : { ...options, headers, parent });
    classes.set(span.traceId, t.kind);
    return span;
  };
}

export function measureRun(base: Scenario, tracer: TracerConfig | null, options: MeasureOptions = {}): RunObservation {
  const scenario: Scenario = tracer === null ? { ...base, tracer: { ...base.tracer, enabled: false } } : { ...base, tracer };
  const requests: RequestRecord[] = [];
  const traces = new Map<string, Trace>();
  const late = new Map<string, TraceRecord[]>();
  const storedIds = new Set<string>();
  const triggerClass = new Map<string, string>();
  let charged = 0;
  let metadataBytes = 0;
  let injects = 0;
  let storedBytes = 0;
  let storedTraces = 0;
  const wrapTracing = (factory: TracingFactory): TracingFactory => (service, host) => {
    const handle = factory(service, host);
    if (handle === null) return null;
    const inner = handle.tracer;
    const inject: Tracer["inject"] = (from, carrier, format) => {
      const before = new Map(Object.entries(carrier));
      inner.inject(from, carrier, format);
      metadataBytes += headerBytes(carrier, before);
      injects++;
    };
    const startSpan = options.trigger !== undefined && service === "client" ? triggering(inner, options.trigger, triggerClass) : undefined;
    // A view whose inject measures header bytes; everything else is the tracer itself.
    const bound = new Map<PropertyKey, unknown>();
    const tracerView = new Proxy(inner, {
      get(target, key) {
        if (key === "inject") return inject;
        if (key === "startSpan" && startSpan !== undefined) return startSpan;
        const v = Reflect.get(target, key, target) as unknown;
        if (typeof v !== "function") return v;
        let b = bound.get(key);
        if (b === undefined) bound.set(key, (b = (v as (...a: unknown[]) => unknown).bind(target)));
        return b;
      },
    });
    return {
      tracer: tracerView,
      drainCostNs: () => {
        const c = handle.drainCostNs();
        charged += c;
        return c;
      },
    };
  };
  const run = new ScenarioRun(scenario, defaultModel(), {
    seed: options.seed,
    wrapTracing,
    onRequest: ({ workflow, start, outcome }) => {
      requests.push({ workflow, start, latencyNs: outcome.latencyNs, ok: outcome.ok, ...(outcome.traceId === undefined ? {} : { traceId: outcome.traceId }) });
    },
    onLateRecord: (record) => {
      const id = record.type === "event" ? record.event.traceId : record.span.traceId;
      storedBytes += record.type === "event" ? eventBytes(record.event) : spanBytes(record.span);
      if (!options.keepTraces || !traces.has(id)) return;
      let list = late.get(id);
      if (list === undefined) late.set(id, (list = []));
      list.push(record);
    },
    onTrace: (trace) => {
      storedTraces++;
      storedIds.add(trace.traceId);
      for (const e of trace.events) storedBytes += eventBytes(e);
      for (const s of trace.spans) storedBytes += spanBytes(s);
      if (options.keepTraces) traces.set(trace.traceId, trace);
      options.onTrace?.(trace);
    },
  });
  run.runToEnd();
  const ok = requests.filter((r) => r.ok).map((r) => r.latencyNs).sort((a, b) => a - b);
  const a = run.tracing.accounting();
  // What the hosts charged is the overhead model's CPU per record plus, for synchronous sends,
  // the time trace points spent blocked; the reporters count the blocking.
  let blockingNs = 0;
  for (const name of [...run.tracing.agents.keys()].sort()) blockingNs += run.tracing.agents.get(name)!.stats.blockingNs;
  const cpuNs = charged - blockingNs;
  const byWorkflow: RunMetrics["byWorkflow"] = {};
  for (const w of [...new Set(requests.map((r) => r.workflow))].sort()) {
    const l = requests.filter((r) => r.ok && r.workflow === w).map((r) => r.latencyNs).sort((a, b) => a - b);
    byWorkflow[w] = { count: l.length, p50Ns: quantileOf(l, 0.5), p99Ns: quantileOf(l, 0.99), meanNs: l.length === 0 ? 0 : Math.round(l.reduce((x, y) => x + y, 0) / l.length) };
  }
  const metrics: RunMetrics = {
    requests: requests.length,
    failed: requests.length - ok.length,
    latencyP50Ns: quantileOf(ok, 0.5),
    latencyP99Ns: quantileOf(ok, 0.99),
    latencyMeanNs: ok.length === 0 ? 0 : Math.round(ok.reduce((s, x) => s + x, 0) / ok.length),
    byWorkflow,
    tracePoints: a.tracePoints,
    notSampled: a.notSampled,
    emitted: a.emitted,
    stored: a.stored,
    dropped: Object.fromEntries(Object.entries(a.dropped).filter(([, n]) => n > 0).sort(([x], [y]) => (x < y ? -1 : 1))),
    droppedByStage: run.tracing.dropsByStage(),
    chargedNs: charged,
    cpuNs,
    metadataBytes,
    injects,
    collectionBytes: run.tracing.collectionBytes(),
    storedTraces,
    storedBytes,
    tracedRequests: requests.filter((r) => r.traceId !== undefined && storedIds.has(r.traceId)).length,
  };
  const retroactive = run.tracing.coordinator === null ? null : { ...run.tracing.coordinator.stats };
  return { scenario, requests, traces, late, storedIds, triggerClass, retroactive, faults: run.faults, metrics };
}
