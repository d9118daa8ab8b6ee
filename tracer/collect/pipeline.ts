// One object that wires a run's collection: an agent per host (over the transport the host
// gets), one collector, the shared ledger, optional Hindsight buffers, and per-service
// reporters whose `drainCostNs` is the tracing overhead the host charges to its requests.
//
// End of a run:  pipeline.flush();  sim.run();  pipeline.finish();  pipeline.accounting()
// (flush ships every queue and ends the retroactive buffers; running the simulation lets the
// transport deliver; finish decides pending traces and settles what is still in flight).
import type { TraceRecord } from "../model/types.ts";
import { createTailSampler } from "../sampling/tail.ts";
import type { NamedTailPolicy } from "../sampling/tail.ts";
import { createAgent } from "./agent.ts";
import type { Agent, AgentConfig, Reporter } from "./agent.ts";
import { createCollector } from "./collector.ts";
import type { Collector, CollectorConfig } from "./collector.ts";
import { Ledger } from "./ledger.ts";
import type { TracePointSource } from "./ledger.ts";
import { createTriggerCoordinator } from "./retroactive.ts";
import type { RingBuffer, RingBufferConfig, TriggerCoordinator } from "./retroactive.ts";
import { CollectConfigError } from "./types.ts";
import type { AccountingSummary, Scheduler, Transport } from "./types.ts";

export interface PipelineOptions {
  readonly scheduler: Scheduler;
  /** The transport from a host's agent to the collector (e.g. a simulated link). */
  readonly transportFor: (host: string) => Transport;
  readonly agent?: AgentConfig;
  readonly collector?: CollectorConfig;
  /** Tail-sampling policies as plain data (alternative to `collector.tail`). */
  readonly tailPolicies?: readonly NamedTailPolicy[];
  /** Hindsight mode: every record goes to a per-host buffer first; triggers pull traces. */
  readonly retroactive?: RingBufferConfig;
  /** Count drops per trace (for `collector.isComplete`). Default true. */
  readonly trackTraces?: boolean;
}

export interface Pipeline {
  readonly ledger: Ledger;
  readonly collector: Collector;
  readonly coordinator: TriggerCoordinator | undefined;
  /** The host's agent (created on first use). */
  agentFor(host: string): Agent;
  bufferFor(host: string): RingBuffer | undefined;
  /** A sink with its own overhead meter, for one service's tracer on `host`. */
  reporterFor(host: string): Reporter;
  /** Registers a tracer so its trace-point counters join the accounting. */
  attachTracer(host: string, tracer: TracePointSource): void;
  /** Retroactive mode: pull a trace from every host's buffer. */
  trigger(traceId: string): void;
  /** Hosts crash: the agent's queue (and the buffer) are lost. */
  crash(host: string, options?: { readonly downForNs?: number }): void;
  flush(): void;
  finish(): void;
  accounting(): AccountingSummary;
}

class BufferReporter implements Reporter {
  private cost = 0;
  constructor(private readonly buffer: RingBuffer) {}
  emit(record: TraceRecord): void {
    this.buffer.emit(record);
    this.cost += this.buffer.drainCostNs();
  }
  drainCostNs(): number {
    const c = this.cost;
    this.cost = 0;
    return c;
  }
}

export function createPipeline(options: PipelineOptions): Pipeline {
  if (typeof options !== "object" || options === null) throw new CollectConfigError("pipeline", "an object");
  if (typeof options.transportFor !== "function") throw new CollectConfigError("transportFor", "a function (host) => Transport");
  const scheduler = options.scheduler;
  const ledger = new Ledger({ trackTraces: options.trackTraces });
  const tail = options.tailPolicies === undefined ? options.collector?.tail : createTailSampler({ policies: options.tailPolicies });
  const collector = createCollector({ ...options.collector, tail, scheduler, ledger });
  const coordinator = options.retroactive === undefined ? undefined : createTriggerCoordinator({ ledger });
  const agents = new Map<string, Agent>();
  const buffers = new Map<string, RingBuffer>();

  const agentFor = (host: string): Agent => {
    let a = agents.get(host);
    if (a === undefined) {
      a = createAgent({ ...options.agent, host, scheduler, ledger, transport: options.transportFor(host) });
      agents.set(host, a);
    }
    return a;
  };
  const bufferFor = (host: string): RingBuffer | undefined => {
    if (coordinator === undefined) return undefined;
    let b = buffers.get(host);
    if (b === undefined) {
      b = coordinator.buffer({ ...options.retroactive!, host, agent: agentFor(host) });
      buffers.set(host, b);
    }
    return b;
  };
  const sorted = <T>(m: Map<string, T>): T[] => [...m.keys()].sort().map((k) => m.get(k)!);

  return {
    ledger,
    collector,
    coordinator,
    agentFor,
    bufferFor,
    reporterFor(host: string): Reporter {
      const buffer = bufferFor(host);
      return buffer === undefined ? agentFor(host).reporter() : new BufferReporter(buffer);
    },
    attachTracer(host: string, tracer: TracePointSource): void {
      ledger.attachTracer(host, tracer);
    },
    trigger(traceId: string): void {
      if (coordinator === undefined) throw new CollectConfigError("retroactive", "configured before triggers can be pulled");
      coordinator.trigger(traceId);
    },
    crash(host: string, crashOptions?: { readonly downForNs?: number }): void {
      buffers.get(host)?.crash();
      agentFor(host).crash(crashOptions);
    },
    flush(): void {
      coordinator?.finish();
      for (const a of sorted(agents)) a.flush();
    },
    finish(): void {
      coordinator?.finish();
      for (const a of sorted(agents)) a.flush();
      collector.finish();
    },
    accounting(): AccountingSummary {
      return ledger.summary();
    },
  };
}
