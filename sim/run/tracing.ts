// Tracing for a run: a tracer per service instance (the factory buildCloud calls), a
// collection agent per host shipping batches over the simulated network to a collector, and
// the ledger that accounts for every trace point.
import type { Simulation } from "../kernel/index.ts";
import type { Host, Network } from "../net/index.ts";
import { createItcMemo, createTracer } from "../../tracer/index.ts";
import type { Format, Sampler, Trace, Tracer } from "../../tracer/index.ts";
import { createAgent, createCollector, createTriggerCoordinator, Ledger } from "../../tracer/collect/index.ts";
import type { AccountingSummary, Agent, Collector, Reporter, RingBuffer, Scheduler, Transport } from "../../tracer/collect/index.ts";
import { PivotQueries } from "../../tracer/pivot/index.ts";
import type { QueryResult } from "../../tracer/pivot/index.ts";
import { createTailSampler } from "../../tracer/sampling/tail.ts";
import type { NamedTailPolicy } from "../../tracer/sampling/tail.ts";
import type { TracerConfig } from "../scenario/tracer-config.ts";
import { buildSampler } from "./samplers.ts";

/** What buildCloud's `options.tracing` returns for one service on one host. */
export interface ServiceTracing {
  readonly tracer: Tracer;
  drainCostNs(): number;
}

export type TracingFactory = (service: string, host: Host) => ServiceTracing | null;

export interface TracingSetup {
  readonly factory: TracingFactory;
  /** End of run: flush agents so queued records reach the collector. */
  flush(): void;
  /** Decide every pending trace and settle what is in flight. */
  finish(): void;
  accounting(): AccountingSummary;
  /** The Pivot Tracing queries' results so far (empty without queries). */
  queryResults(): QueryResult[];
  readonly collector: Collector | null;
  readonly agents: ReadonlyMap<string, Agent>;
  /** The collector's host: while it is down or frozen, batches are rejected (collector-down). */
  watchCollectorHost(host: Host): void;
}

/** Propagation formats for a configuration: the id format, plus the standalone ITC header when needed. */
export function formatsFor(config: TracerConfig): Format[] {
  const id: Format = config.propagation === "itc" ? "w3c" : config.propagation;
  // W3C carries the ITC stamp in tracestate; other id formats need the stamp's own header.
  return config.metadata === "itc" && id !== "w3c" ? [id, "itc"] : [id];
}

function tailPolicies(config: TracerConfig): NamedTailPolicy[] | undefined {
  const t = config.tail;
  if (t === undefined) return undefined;
  const policies: NamedTailPolicy[] = [];
  if (t.latencyThreshold !== undefined) policies.push({ name: "latency", kind: "latency", thresholdNs: t.latencyThreshold });
  if (t.errors) policies.push({ name: "error", kind: "error" });
  if (t.operations.length > 0) policies.push({ name: "operation", kind: "operation", names: t.operations });
  if (t.rareShapes) policies.push({ name: "rare-structure", kind: "rare-structure" });
  return policies;
}

/** Where agents ship to; known only once the cloud (and its network) exists. */
export interface CollectionRoute {
  readonly network: Network;
  readonly collectorHost: Host;
}

export function buildTracing(
  sim: Simulation,
  config: TracerConfig,
  route: () => CollectionRoute,
  onTrace: (trace: Trace) => void,
  wants?: (traceId: string) => boolean,
  /**
   * Names the tracers' random streams (trace and span ids), so two scenarios run with the same
   * seed draw different ids — their traces do not merge in one backend — while one scenario and
   * seed always draws the same ones. The runner passes the scenario's name.
   */
  idScope = "",
): TracingSetup {
  const scheduler: Scheduler = { now: () => sim.now, schedule: (d, fn) => sim.schedule(d, fn) };
  const ledger = new Ledger({ trackTraces: false });
  const agents = new Map<string, Agent>();
  const off = !config.enabled || config.collection.mode === "off";
  const policies = tailPolicies(config);
  const collector = off
    ? null
    : createCollector({
        scheduler,
        ledger,
        decisionWaitNs: config.collection.completionWindow,
        waitFrom: config.collection.completionFrom,
        maxPendingTraces: config.tail?.maxPendingTraces,
        tail: policies === undefined ? undefined : createTailSampler({ policies }),
        retainTraces: false,
        onTrace,
        wants,
      });
  const c = config.collection;

  const agentFor = (host: Host): Agent => {
    let agent = agents.get(host.name);
    if (agent !== undefined) return agent;
    const transport: Transport = {
      send(batch, bytes, done) {
        const { network, collectorHost } = route();
        network.send(host, collectorHost, bytes, () => done(collector!.receive(batch)), () => done("lost"));
      },
    };
    agent = createAgent({
      host: host.name,
      scheduler,
      transport,
      ledger,
      mode: c.mode === "sync" ? "sync" : "async",
      maxQueueSize: c.queueSize,
      maxBatchSize: c.batchSize,
      flushIntervalNs: c.flushInterval,
      overflow: c.overflow,
      delivery: c.transport,
      overhead: { nsPerTracePoint: c.costPerTracePoint, nsPerByte: c.costPerKiB / 1024 },
    });
    const a = agent;
    // Down until the host restarts: code running on a dead machine reaches no agent.
    host.onChange((event) => {
      if (event === "crash") a.crash({ untilRestart: true });
      else if (event === "restart") a.restart();
    });
    agents.set(host.name, agent);
    return agent;
  };

  // Retroactive mode (Hindsight): records wait in a per-host ring buffer until a trigger (a
  // slow or failed root) pulls the trace through the agent.
  const coordinator = c.mode === "retroactive" ? createTriggerCoordinator({ ledger }) : null;
  const buffers = new Map<string, RingBuffer>();
  const reporterFor = (host: Host): Reporter => {
    if (coordinator === null) return agentFor(host).reporter();
    let buffer = buffers.get(host.name);
    if (buffer === undefined) {
      buffer = coordinator.buffer({
        host: host.name,
        agent: agentFor(host),
        capacity: c.bufferEvents,
        latencyTriggerNs: config.tail?.latencyThreshold,
        errorTrigger: true,
        overhead: { nsPerTracePoint: c.costPerTracePoint, nsPerByte: c.costPerKiB / 1024 },
      });
      const b = buffer;
      host.onChange((event) => {
        if (event === "crash") b.crash();
      });
      buffers.set(host.name, buffer);
    }
    return buffer;
  };

  const formats = formatsFor(config);
  // One memo for every tracer of the run: a stamp one service sends, the next one receives.
  const itcMemo = createItcMemo();
  const pivot = !off && config.queries !== undefined && config.queries.length > 0 ? new PivotQueries(config.queries) : null;
  const factory: TracingFactory = (service, host) => {
    if (off) return null;
    const sampler: Sampler = buildSampler(config.sampler, host.clock);
    const reporter = reporterFor(host);
    const tracer = createTracer({
      service,
      host: host.name,
      clock: host.clock,
      random: sim.rng.stream(idScope === "" ? `tracer/${host.name}/${service}` : `tracer/${idScope}/${host.name}/${service}`),
      sampler,
      sink: reporter,
      model: config.model,
      metadata: config.metadata,
      formats,
      itcMemo,
      hmacKeys: config.sampler.type === "on-demand" ? config.sampler.hmacKeys : undefined,
      processor: pivot?.processorFor(service, host.name),
    });
    ledger.attachTracer(host.name, tracer);
    return { tracer, drainCostNs: () => reporter.drainCostNs() };
  };

  return {
    factory,
    collector,
    agents,
    flush() {
      for (const name of [...agents.keys()].sort()) agents.get(name)!.flush();
    },
    finish() {
      coordinator?.finish();
      collector?.finish();
    },
    accounting: () => ledger.summary(),
    queryResults: () => pivot?.results() ?? [],
    watchCollectorHost(host) {
      host.onChange((event) => {
        if (event === "crash") collector?.crash();
        collector?.setAvailable(event === "restart" || event === "thaw");
      });
    },
  };
}
