// Tracing for a run: a tracer per service instance (the factory buildCloud calls) and the
// configuration's collection path over the simulated cloud: an in-process reporter per host,
// then the host-local relay (Jaeger's agent) or the message bus (OSProfiler's notifications) or
// straight to the backend host, whose ingest queue and assembly rule the configuration names;
// Hindsight buffers whose triggers and breadcrumbs cross the network; Pivot Tracing's periodic
// query reports. One ledger accounts for every record.
import type { Simulation } from "../kernel/index.ts";
import type { Host, Network } from "../net/index.ts";
import type { Broker } from "../rpc/index.ts";
import type { RpcMessage } from "../rpc/index.ts";
import { createItcMemo, createTracer } from "../../tracer/index.ts";
import type { Format, Sampler, SpanProcessor, Trace, TraceRecord, Tracer } from "../../tracer/index.ts";
import { HINDSIGHT_BUFFERS } from "../../tracer/config/index.ts";
import { breadcrumbProcessor, composeProcessors, createAgent, createCollector, createRelay, createTriggerCoordinator, Ledger } from "../../tracer/collect/index.ts";
import type { AccountingSummary, Agent, Batch, Collector, Relay, Reporter, RingBuffer, Scheduler, Transport, TriggerCoordinator } from "../../tracer/collect/index.ts";
import { PivotQueries } from "../../tracer/pivot/index.ts";
import type { QueryResult } from "../../tracer/pivot/index.ts";
import { createTailSampler } from "../../tracer/sampling/tail.ts";
import { isOnDemand, REPLAY_DEFAULTS } from "../../tracer/sampling/index.ts";
import type { OnDemandSampler } from "../../tracer/sampling/index.ts";
import { securitySummary } from "./security.ts";
import type { SecuritySummary } from "./security.ts";
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
  /** End of run: flush reporters and relays so queued records reach the backend. */
  flush(): void;
  /** Decide every pending trace and settle what is in flight. */
  finish(): void;
  accounting(): AccountingSummary;
  /** Dropped records by "stage/reason" (e.g. "relay/queue-full"), keys sorted. */
  dropsByStage(): Record<string, number>;
  /** Bytes the collection path put on the network towards the backend (batches, notifications, pulls, reports). */
  collectionBytes(): number;
  /** The Pivot Tracing queries' results so far (empty without queries). */
  queryResults(): QueryResult[];
  /** Refused triggers by reason and rejected propagation headers by format and reason, over every tracer. */
  security(): SecuritySummary;
  readonly collector: Collector | null;
  readonly agents: ReadonlyMap<string, Agent>;
  readonly relays: ReadonlyMap<string, Relay>;
  readonly coordinator: TriggerCoordinator | null;
  /** The backend's host: down, it refuses batches; frozen, it holds them unanswered (a stall). */
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

/** Where collection goes; known only once the cloud (its network, its broker) exists. */
export interface CollectionRoute {
  readonly network: Network;
  readonly collectorHost: Host;
  /** The message bus, for configurations that notify over it. */
  readonly broker?: Broker;
}

export interface TracingObservers {
  /** Every record stored after its trace was assembled (a window rule's late records). */
  readonly onLateRecord?: (record: TraceRecord) => void;
  /** One more span processor per service instance's tracer (an experiment's observer of trace points). */
  readonly processor?: (service: string, host: Host) => SpanProcessor | undefined;
}

/** oslo.messaging notifications go to `<topic>.<priority>`: OSProfiler's topic is profiler, at info ([P6]). */
/** A synchronous driver's socket timeout: OSProfiler's redis driver, socket_timeout 0.1 s ([P4]). */
const SOCKET_TIMEOUT_NS = 100e6;
/** The backend's acknowledgement of a write (a choice: a small protocol reply). */
const REPLY_BYTES = 32;
const NOTIFICATION_QUEUE = "profiler.info";

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
  observers: TracingObservers = {},
): TracingSetup {
  const scheduler: Scheduler = { now: () => sim.now, schedule: (d, fn) => sim.schedule(d, fn) };
  const ledger = new Ledger({ trackTraces: false });
  const agents = new Map<string, Agent>();
  const relays = new Map<string, Relay>();
  const hosts = new Map<string, Host>();
  const c = config.collection;
  const off = !config.enabled || c.mode === "off";
  const policies = tailPolicies(config);
  const assembly = c.assembly;
  const collector = off
    ? null
    : createCollector({
        scheduler,
        ledger,
        // Tail sampling decides `decisionWait` after a trace's first record (OTel decision_wait);
        // otherwise the backend's assembly rule says when a trace is judged.
        decisionWaitNs: config.tail !== undefined ? config.tail.decisionWait : assembly.rule === "query-time" ? Infinity : assembly.window,
        waitFrom: config.tail === undefined && assembly.rule === "quiet-window" ? "last" : "first",
        maxPendingTraces: config.tail?.maxPendingTraces,
        tail: policies === undefined ? undefined : createTailSampler({ policies }),
        // A record after its trace was assembled is still stored (and reported as late).
        lateRecords: "follow-decision",
        retainTraces: false,
        onTrace,
        wants,
        onLateRecord: observers.onLateRecord,
        ingest:
          c.backend === undefined
            ? undefined
            : { queueSize: c.backend.queueSize, unit: c.backend.unit, workers: c.backend.workers, writeLatencyNs: c.backend.writeLatency, overflow: c.backend.overflow },
      });

  /** A batch from `host` to the backend host, answered as the backend answers. */
  const toCollector = (host: Host): Transport => ({
    send(batch, bytes, done) {
      const { network, collectorHost } = route();
      network.send(host, collectorHost, bytes, () => collector!.deliver(batch, done), () => done("lost"));
    },
  });

  /**
   * A synchronous driver writing to the backend directly (OSProfiler's redis:// and the like):
   * the trace point waits for the backend's answer, a round trip; a backend that does not
   * answer (stalled, down, cut off) holds it for the socket timeout and the record is lost.
   */
  const toCollectorWaiting = (host: Host): Transport => {
    let blocked = 0;
    return {
      send(batch, bytes, done) {
        const { network, collectorHost } = route();
        const there = collectorHost.frozen ? -1 : network.streamDelay(host, collectorHost, bytes);
        const back = there < 0 ? -1 : network.streamDelay(collectorHost, host, REPLY_BYTES);
        if (there < 0 || back < 0) {
          blocked = SOCKET_TIMEOUT_NS;
          done("lost");
          return;
        }
        blocked = there + back;
        sim.schedule(there, () => done(collectorHost.down ? "lost" : collector!.receive(batch)));
      },
      blockingCostNs: () => blocked,
    };
  };

  let consuming = false;
  /** Every record a notification on the bus: publish and return (oslo notifications wait for no consumer). */
  const toBroker = (host: Host): Transport => ({
    send(batch, bytes, done) {
      const { broker, collectorHost } = route();
      if (broker === undefined) throw new Error("collection over the message bus needs the cloud's broker");
      if (!consuming) {
        consuming = true;
        broker.queue(NOTIFICATION_QUEUE).subscribe({
          host: collectorHost,
          group: collectorHost,
          // rabbit_qos_prefetch_count defaults to 0: no limit on unacknowledged deliveries.
          credit: Infinity,
          deliver: (msg) => collector!.deliver(msg.args as Batch, () => {}),
        });
      }
      const msg: RpcMessage = { bytes, uniqueId: broker.uniqueId(), method: "profiler", args: batch, context: {}, from: host, replyTo: null, monitorNs: 0 };
      // Notifier(retry=0): a notification the broker cannot take now is dropped.
      done(broker.publish(host, NOTIFICATION_QUEUE, msg) ? "delivered" : "lost");
    },
    // The publish writes to the connection and returns: no wait for the broker or the backend.
    blockingCostNs: () => 0,
  });

  const relayFor = (host: Host): Relay | undefined => {
    if (c.relay === undefined) return undefined;
    let relay = relays.get(host.name);
    if (relay === undefined) {
      const r = c.relay;
      relay = createRelay({
        host: host.name,
        scheduler,
        ledger,
        transport: toCollector(host),
        queueSize: r.queueSize,
        workers: r.workers,
        overflow: r.overflow,
        delivery: r.transport,
        maxRetries: r.retry.maxRetries,
        retryInitialNs: r.retry.initialBackoff,
        retryMaxNs: r.retry.maxBackoff,
      });
      relays.set(host.name, relay);
    }
    return relay;
  };

  const agentFor = (host: Host): Agent => {
    let agent = agents.get(host.name);
    if (agent !== undefined) return agent;
    hosts.set(host.name, host);
    const relay = relayFor(host);
    let transport: Transport;
    if (c.route === "broker") transport = toBroker(host);
    else if (c.mode === "sync") transport = toCollectorWaiting(host);
    else if (relay !== undefined) {
      transport = {
        // A datagram to the relay on the same host (UDP to jaeger-agent on localhost): a kernel
        // handoff, not a network hop, so it takes no link's delay or random draws.
        send(batch, _bytes, done) {
          sim.schedule(0, () => done(host.down ? "lost" : relay.receive(batch)));
        },
      };
    } else transport = toCollector(host);
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
      maxRetries: c.retry.maxRetries,
      retryInitialNs: Math.max(1, c.retry.initialBackoff),
      retryMaxNs: Math.max(1, c.retry.maxBackoff),
      maxConcurrentSends: c.concurrentExports,
      durable: c.durable,
      overhead: { nsPerTracePoint: c.costPerTracePoint, nsPerByte: c.costPerKiB / 1024 },
    });
    const ag = agent;
    // Down until the host restarts: code running on a dead machine reaches no agent.
    host.onChange((event) => {
      if (event === "crash") {
        ag.crash({ untilRestart: true });
        relay?.crash();
      } else if (event === "restart") ag.restart();
    });
    agents.set(host.name, agent);
    return agent;
  };

  let coordinationBytes = 0;
  /** Runs `fn` on `host` now, or when a frozen host thaws; never on a host that is down. */
  const deferred = new Map<Host, (() => void)[]>();
  const whenRunning = (host: Host, fn: () => void): void => {
    if (host.down) return;
    if (!host.frozen) {
      fn();
      return;
    }
    let list = deferred.get(host);
    if (list === undefined) {
      deferred.set(host, (list = []));
      host.onChange((event) => {
        if (event !== "thaw" && event !== "crash") return;
        const due = list!.splice(0);
        if (event === "thaw") for (const f of due) f();
      });
    }
    list.push(fn);
  };
  // Retroactive mode (Hindsight): records wait in a per-host buffer pool until a trigger (a slow
  // or failed root) pulls the trace, following breadcrumbs over the network.
  const retro = c.mode === "retroactive" ? (c.retroactive ?? HINDSIGHT_BUFFERS) : undefined;
  const coordinator: TriggerCoordinator | null =
    retro === undefined
      ? null
      : createTriggerCoordinator({
          ledger,
          now: () => sim.now,
          host: "coordinator",
          messenger: {
            send(from, to, bytes, onArrive) {
              const { network, collectorHost } = route();
              // The coordinator runs beside the backend (a choice).
              const src = from === "coordinator" ? collectorHost : (hosts.get(from) ?? network.host(from));
              const dst = to === "coordinator" ? collectorHost : (hosts.get(to) ?? network.host(to));
              const d = network.streamDelay(src, dst, bytes);
              if (d < 0) return;
              coordinationBytes += bytes;
              sim.schedule(d, () => whenRunning(dst, onArrive));
            },
          },
        });
  const buffers = new Map<string, RingBuffer>();
  const bufferOf = (name: string): RingBuffer | undefined => buffers.get(name);
  const reporterFor = (host: Host): Reporter => {
    if (coordinator === null) return agentFor(host).reporter();
    let buffer = buffers.get(host.name);
    if (buffer === undefined) {
      buffer = coordinator.buffer({
        host: host.name,
        agent: agentFor(host),
        capacity: retro!.buffers,
        bufferBytes: retro!.bufferBytes,
        latencyTriggerNs: retro!.latencyTrigger,
        errorTrigger: retro!.errorTrigger,
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
  const onDemandSpec = config.sampler.type === "on-demand" ? config.sampler : undefined;
  const replay = onDemandSpec?.replayProtection;
  // Every tracer signs triggers with a nonce and an expiry when the receivers require them.
  const triggerTtlNs = replay === undefined ? undefined : (replay.ttl ?? REPLAY_DEFAULTS.ttlNs);
  const tracers: Tracer[] = [];
  const triggerSamplers: OnDemandSampler[] = [];
  // One memo for every tracer of the run: a stamp one service sends, the next one receives.
  const itcMemo = createItcMemo();
  const pivot = !off && config.queries !== undefined && config.queries.length > 0 ? new PivotQueries(config.queries) : null;
  // Pivot Tracing's agents report their changed tuples every interval (report_interval_ms).
  let reportBytes = 0;
  let reporting = false;
  const report = (): void => {
    const { network, collectorHost } = route();
    for (const r of pivot!.takeReports()) {
      const from = hosts.get(r.host);
      if (from === undefined) continue;
      reportBytes += r.bytes;
      network.send(from, collectorHost, r.bytes, () => {});
    }
    sim.schedule(c.flushInterval, report);
  };
  const factory: TracingFactory = (service, host) => {
    if (off) return null;
    hosts.set(host.name, host);
    const sampler: Sampler = buildSampler(config.sampler, host.clock);
    if (isOnDemand(sampler)) triggerSamplers.push(sampler);
    const reporter = reporterFor(host);
    if (pivot !== null && !reporting) {
      reporting = true;
      sim.schedule(c.flushInterval, report);
    }
    const processor: SpanProcessor | undefined = composeProcessors(
      composeProcessors(pivot?.processorFor(service, host.name), coordinator === null ? undefined : breadcrumbProcessor(host.name, bufferOf)),
      observers.processor?.(service, host),
    );
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
      hmacKeys: onDemandSpec?.hmacKeys,
      triggerTtlNs,
      processor,
    });
    tracers.push(tracer);
    ledger.attachTracer(host.name, tracer);
    return { tracer, drainCostNs: () => reporter.drainCostNs() };
  };

  const sortedValues = <T>(m: ReadonlyMap<string, T>): T[] => [...m.keys()].sort().map((k) => m.get(k)!);
  return {
    factory,
    collector,
    agents,
    relays,
    coordinator,
    flush() {
      for (const agent of sortedValues(agents)) agent.flush();
      for (const relay of sortedValues(relays)) relay.flush();
    },
    finish() {
      coordinator?.finish();
      for (const agent of sortedValues(agents)) agent.finish();
      collector?.finish();
    },
    accounting: () => ledger.summary(),
    dropsByStage() {
      const out: Record<string, number> = {};
      for (const r of ledger.rows()) out[`${r.stage}/${r.reason}`] = (out[`${r.stage}/${r.reason}`] ?? 0) + r.count;
      return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    },
    collectionBytes() {
      let n = reportBytes + coordinationBytes;
      for (const agent of sortedValues(agents)) if (!relays.has(agent.host)) n += agent.stats.bytesSent;
      for (const relay of sortedValues(relays)) n += relay.stats.bytesSent;
      return n;
    },
    queryResults: () => pivot?.results() ?? [],
    security: () => securitySummary(tracers, onDemandSpec === undefined ? undefined : { samplers: triggerSamplers, replayProtection: replay !== undefined }),
    watchCollectorHost(host) {
      host.onChange((event) => {
        if (event === "crash") collector?.crash();
        if (event === "freeze") collector?.setStalled(true);
        else if (event === "thaw") collector?.setStalled(false);
        else collector?.setAvailable(event === "restart");
      });
    },
  };
}
