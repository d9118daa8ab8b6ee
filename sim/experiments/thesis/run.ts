// One run of the thesis experiment: a scenario with one preset tracing every request, the
// kernel recording the run's true causality, and each request's stored trace read by every
// method that applies to it. Plain numbers out (sums in a fixed order), so the job runs the same
// in any thread.
import { Causality } from "../../kernel/index.ts";
import type { CausalPoint } from "../../kernel/index.ts";
import type { Trace, TraceRecord } from "../../../tracer/index.ts";
import type { RequestEnd } from "../../openstack/truth.ts";
import { defaultModel, ScenarioRun } from "../../run/index.ts";
import { scenarioFile, scenarioOf } from "../jobs.ts";
import { attributionError, compareAttribution, keyOf, missedWork, timeBy, topKey } from "./attribution.ts";
import type { Level } from "./attribution.ts";
import { estimatedSections, METHODS } from "./estimate.ts";
import type { Method } from "./estimate.ts";
import { boundaryKey, orderingErrors } from "./ordering.ts";
import type { OrderCounts, TrueBoundary } from "./ordering.ts";
import { presetTracing } from "./tracing.ts";
import { NETWORK, trueCriticalPath } from "./truth-path.ts";

export type ThesisScenario = "thesis" | "thesis-skew";

/** Critical-path error sums of one method over the requests it could read. */
export interface MethodTotals {
  /** Requests scored. */
  requests: number;
  /** Σ per-request error, operation level and service level. */
  errorSum: number;
  serviceErrorSum: number;
  /** Σ per-request share of true operation time (the network left out) not given to its own operation. */
  missedSum: number;
  /** Requests whose operation-level error is under 1%. */
  exact: number;
  /** Requests whose operation with the most time (the network left out) is the true one's. */
  topRight: number;
  /** Σ misattributed ns and Σ true ns (operation level), for the time-weighted error. */
  misattributedNs: number;
  trueNs: number;
}

export interface ThesisRunResult {
  readonly preset: string;
  readonly scenario: ThesisScenario;
  /** Requests started after the warm-up that ended (the truth has their path). */
  readonly requests: number;
  /** …whose trace was stored (whole or not). */
  readonly stored: number;
  /** Per method that applied to the stored data; absent methods did not apply. */
  readonly methods: Partial<Record<Method, MethodTotals>>;
  /** Per workflow and method: [requests, Σ operation-level error]. */
  readonly byWorkflow: Record<string, Partial<Record<Method, [number, number]>>>;
  readonly order: { timestamps: OrderCounts; edges: OrderCounts | null; itc: OrderCounts | null };
  /** Over the stored requests' true paths: all time, and the network's (ns). */
  readonly truthNs: number;
  readonly truthNetworkNs: number;
  /** Σ per-request share of the true path that is the network. */
  readonly networkShareSum: number;
}

const EXACT = 0.01;

function add(to: OrderCounts, c: OrderCounts): void {
  to.pairs += c.pairs;
  to.reversed += c.reversed;
  to.unordered += c.unordered;
}

export function runThesis(preset: string, name: ThesisScenario): ThesisRunResult {
  const scenario = scenarioOf(scenarioFile(name));
  const tracing = presetTracing(preset);
  const causality = new Causality();
  const ends: { traceId: string; workflow: string; start: number; end: CausalPoint }[] = [];
  causality.onScopeEnd = (_scope, end, info) => {
    const r = info as RequestEnd;
    if (r.traceId !== undefined && r.start >= scenario.warmup) ends.push({ traceId: r.traceId, workflow: r.workflow, start: r.start, end });
  };
  // Where every sampled span's start and end happened: a mark in the running context, so what
  // the context did before the trace point precedes it and what it does after follows it.
  const boundaries = new Map<string, TrueBoundary>();
  const traces = new Map<string, { events: Trace["events"][number][]; spans: Trace["spans"][number][] }>();
  const keep = (r: TraceRecord): void => {
    const id = r.type === "event" ? r.event.traceId : r.span.traceId;
    let t = traces.get(id);
    if (t === undefined) traces.set(id, (t = { events: [], spans: [] }));
    if (r.type === "event") t.events.push(r.event);
    else t.spans.push(r.span);
  };
  const run = new ScenarioRun({ ...scenario, tracer: tracing.config }, defaultModel(), {
    causality,
    wrapTracing: tracing.wrapTracing,
    onTrace: (trace) => {
      for (const e of trace.events) keep({ type: "event", event: e });
      for (const s of trace.spans) keep({ type: "span", span: s });
    },
    onLateRecord: keep,
    spanProcessor: (_service, host) => ({
      onStart(span) {
        if (span.sampled) boundaries.set(boundaryKey(span.spanId, "s"), { point: causality.mark(), backdated: span.startTime !== host.clock.now() });
      },
      onEnd(span) {
        if (span.sampled) boundaries.set(boundaryKey(span.spanId, "e"), { point: causality.mark(), backdated: false });
      },
    }),
  });
  run.runToEnd();

  const methods: Partial<Record<Method, MethodTotals>> = {};
  const byWorkflow: ThesisRunResult["byWorkflow"] = {};
  const order = { timestamps: { pairs: 0, reversed: 0, unordered: 0 }, edges: null as OrderCounts | null, itc: null as OrderCounts | null };
  let stored = 0;
  let truthNs = 0;
  let truthNetworkNs = 0;
  let networkShareSum = 0;
  const network = keyOf(NETWORK, "operation");
  ends.sort((a, b) => a.start - b.start || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0));
  for (const r of ends) {
    const records = traces.get(r.traceId);
    if (records === undefined) continue;
    stored++;
    const trace: Trace = { traceId: r.traceId, events: records.events, spans: records.spans };
    const path = trueCriticalPath(r.end);
    const truth = (level: Level) => timeBy(path, level);
    const trueOps = truth("operation");
    const trueServices = truth("service");
    let requestNs = 0;
    for (const [k, t] of trueOps) {
      requestNs += t;
      if (k === network) truthNetworkNs += t;
    }
    truthNs += requestNs;
    if (requestNs > 0) networkShareSum += (trueOps.get(network) ?? 0) / requestNs;
    const trueTop = topKey(trueOps, network);
    for (const m of METHODS) {
      const sections = estimatedSections(trace, m);
      if (sections === null) continue;
      const estimated = timeBy(sections, "operation");
      const a = compareAttribution(trueOps, estimated);
      const error = attributionError(a);
      const serviceError = attributionError(compareAttribution(trueServices, timeBy(sections, "service")));
      const t = (methods[m] ??= { requests: 0, errorSum: 0, serviceErrorSum: 0, missedSum: 0, exact: 0, topRight: 0, misattributedNs: 0, trueNs: 0 });
      t.missedSum += missedWork(trueOps, estimated, network);
      if (trueTop !== undefined && topKey(estimated, network) === trueTop) t.topRight++;
      t.requests++;
      t.errorSum += error;
      t.serviceErrorSum += serviceError;
      if (error < EXACT) t.exact++;
      t.misattributedNs += a.misattributedNs;
      t.trueNs += a.trueNs;
      const w = ((byWorkflow[r.workflow] ??= {})[m] ??= [0, 0]);
      w[0]++;
      w[1] += error;
    }
    const o = orderingErrors(trace, boundaries);
    add(order.timestamps, o.timestamps);
    if (o.edges !== null) add((order.edges ??= { pairs: 0, reversed: 0, unordered: 0 }), o.edges);
    if (o.itc !== null) add((order.itc ??= { pairs: 0, reversed: 0, unordered: 0 }), o.itc);
  }
  return { preset, scenario: name, requests: ends.length, stored, methods, byWorkflow, order, truthNs, truthNetworkNs, networkShareSum };
}
