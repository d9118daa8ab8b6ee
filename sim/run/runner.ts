// One run of a scenario: the simulation, the cloud, its tracers and collection, the faults and
// the workload, advanced in slices (so a caller can draw progress or compare two runs in
// lockstep), and the streamed aggregates that become summary.json.
import { Simulation } from "../kernel/index.ts";
import type { Causality, Process } from "../kernel/index.ts";
import type { Host } from "../net/index.ts";
import type { Scenario } from "../scenario/load.ts";
import type { TracerConfig } from "../scenario/tracer-config.ts";
import { startWorkload } from "../workload/index.ts";
import type { WorkloadStats } from "../workload/index.ts";
import { Aggregates } from "./aggregate.ts";
import type { RequestOutcome } from "./aggregate.ts";
import type { CloudPort, FaultRecord, ModelPort } from "./model-port.ts";
import { planPeriods, periodIndex } from "./periods.ts";
import type { Period } from "./periods.ts";
import { TraceReservoir } from "./reservoir.ts";
import { outcomeOf } from "./reservoir.ts";
import type { KeptTrace, Outcome } from "./reservoir.ts";
import { buildTracing, formatsFor } from "./tracing.ts";
import type { TracingFactory, TracingSetup } from "./tracing.ts";
import type { SpanProcessor, Trace, TraceRecord } from "../../tracer/index.ts";

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string | number;
  /** Overrides tracer.enabled (the untraced baseline of the benchmark). */
  readonly tracing?: boolean;
  /** Keep every kernel event-log entry (for --check-determinism); the caller drains them. */
  readonly recordEventLog?: boolean;
  /** Observers for experiments: every stored trace, every finished request, and the tracer factory. */
  readonly onTrace?: (trace: Trace) => void;
  /** A record stored after its trace was assembled (a window assembly rule's late record). */
  readonly onLateRecord?: (record: TraceRecord) => void;
  readonly onRequest?: (request: { readonly workflow: string; readonly start: number; readonly outcome: RequestOutcome }) => void;
  readonly wrapTracing?: (factory: TracingFactory) => TracingFactory;
  /** Records the run's true causality (sim/kernel/causality.ts); attached before anything is built. */
  readonly causality?: Causality;
  /** An extra span processor for each service instance's tracer (it sees every trace point as it happens). */
  readonly spanProcessor?: (service: string, host: Host) => SpanProcessor | undefined;
}

const REUSE = Object.freeze({ tokenReuse: true });

/** Requests still running this long after the workload stops are reported unfinished. */
export const DRAIN_LIMIT_NS = 120e9;
/** After the drain, time for the agents' last batches to cross the network. */
const SETTLE_NS = 5e9;

type Phase = "load" | "drain" | "settle" | "done";

export class ScenarioRun {
  readonly scenario: Scenario;
  readonly sim: Simulation;
  readonly seed: string | number;
  readonly periods: readonly Period[];
  readonly aggregates: Aggregates;
  readonly faults: readonly FaultRecord[];
  readonly tracing: TracingSetup;
  /** The tracer configuration in effect (the scenario's, with RunOptions.tracing applied). */
  readonly tracerConfig: TracerConfig;
  readonly workload: WorkloadStats;
  private readonly cloud: CloudPort;
  private readonly reservoir: TraceReservoir;
  private inFlight = 0;
  private phase: Phase = "load";
  private settleAt = 0;
  private readonly onRequest: RunOptions["onRequest"];

  constructor(scenario: Scenario, model: ModelPort, options: RunOptions = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.onRequest = options.onRequest;
    const sim = new Simulation({ seed: this.seed });
    this.sim = sim;
    if (options.recordEventLog) sim.eventLog.record = true;
    if (options.causality !== undefined) sim.observeCausality(options.causality);
    const tracerConfig = options.tracing === undefined ? scenario.tracer : { ...scenario.tracer, enabled: options.tracing };
    this.tracerConfig = tracerConfig;

    let cloud: CloudPort | undefined;
    this.tracing = buildTracing(
      sim,
      tracerConfig,
      () => {
        if (cloud === undefined) throw new Error("a collection agent shipped a batch before the cloud was built");
        return { network: cloud.network, collectorHost: cloud.collectorHost, broker: cloud.broker };
      },
      (trace) => {
        this.reservoir.receive(trace);
        options.onTrace?.(trace);
      },
      // An observer wants every trace; the reservoir alone can say which it will never keep.
      options.onTrace === undefined ? (traceId) => this.reservoir.wants(traceId) : undefined,
      scenario.name,
      {
        onLateRecord: (record) => {
          this.reservoir.late(record);
          options.onLateRecord?.(record);
        },
        processor: options.spanProcessor,
      },
    );
    const factory = options.wrapTracing === undefined ? this.tracing.factory : options.wrapTracing(this.tracing.factory);
    cloud = model.buildCloud(sim, scenario.topology.config, factory, formatsFor(tracerConfig));
    this.cloud = cloud;
    this.tracing.watchCollectorHost(cloud.collectorHost);
    this.faults = model.applyFaults(sim, cloud, scenario.faults, scenario.duration);

    const windows = this.faults.map((f) => ({ start: f.start, end: f.end }));
    this.periods = planPeriods(scenario.duration, scenario.warmup, windows, scenario.report.periods, scenario.report.window);
    const step = Math.max(1e9, Math.ceil(scenario.duration / 60 / 1e9) * 1e9);
    this.aggregates = new Aggregates(this.periods, scenario.duration, step);
    this.reservoir = new TraceReservoir(
      scenario.report.keepTraces,
      this.periods.map((p) => p.name),
      sim.rng.stream("run/trace-reservoir"),
      options.onTrace === undefined ? (traceId) => this.tracing.collector?.release(traceId) : undefined,
    );
    // Background work (periodic tasks, heartbeats) counts as workflows of its own, and its traces
    // may be kept for diagnosis like any request's.
    cloud.onBackground?.((run) => {
      this.aggregates.issued(run.workflow);
      this.aggregates.completed(run.start, run);
      if (run.traceId !== undefined) {
        const outcome = outcomeOf(run.ok, run.error);
        this.reservoir.offer(periodIndex(this.periods, run.start), { traceId: run.traceId, workflow: run.workflow, outcome, start: run.start, latencyNs: run.latencyNs });
      }
    });
    const reuse = new Set(scenario.workload.filter((g) => g.tokenReuse).map((g) => g.name));
    this.workload = startWorkload(sim, scenario.workload, scenario.duration, (workflow, generator) => this.issue(workflow, reuse.has(generator)));
  }

  private issue(workflow: string, tokenReuse: boolean): Process<void> {
    const sim = this.sim;
    const start = sim.now;
    this.aggregates.issued(workflow);
    this.inFlight++;
    const request = this.cloud.startRequest(workflow, tokenReuse ? REUSE : undefined);
    const self = this;
    const onRequest = this.onRequest;
    return sim.process(
      (function* track(): Generator<unknown, void, unknown> {
        let outcome: RequestOutcome;
        try {
          outcome = (yield request) as RequestOutcome;
        } catch (e) {
          outcome = { workflow, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), latencyNs: sim.now - start };
        }
        self.inFlight--;
        self.aggregates.completed(start, outcome);
        onRequest?.({ workflow, start, outcome });
        if (outcome.traceId !== undefined) {
          const kind = outcomeOf(outcome.ok, outcome.error);
          self.reservoir.offer(periodIndex(self.periods, start), { traceId: outcome.traceId, workflow, outcome: kind, start, latencyNs: outcome.latencyNs });
        }
      })(),
      `request:${workflow}`,
    );
  }

  /** Virtual time the run is at, as a fraction of the scenario's duration (for progress bars). */
  get progress(): number {
    return this.phase === "done" ? 1 : Math.min(1, this.sim.now / this.scenario.duration);
  }

  get done(): boolean {
    return this.phase === "done";
  }

  /** Runs at most `events` kernel events; returns true once the run is over. */
  advance(events: number): boolean {
    const sim = this.sim;
    const d = this.scenario.duration;
    while (this.phase !== "done") {
      if (this.phase === "load") {
        const r = sim.run({ until: d, steps: events });
        if (r.stoppedBy === "steps") return false;
        this.phase = "drain";
      }
      if (this.phase === "drain") {
        // Let requests in flight finish, in 1 s slices, so the run ends soon after the last one.
        while (this.inFlight > 0 && sim.now < d + DRAIN_LIMIT_NS) {
          const r = sim.run({ until: Math.min(d + DRAIN_LIMIT_NS, sim.now + 1e9), steps: events });
          if (r.stoppedBy === "steps") return false;
        }
        this.tracing.flush();
        this.settleAt = sim.now + SETTLE_NS;
        this.phase = "settle";
      }
      if (this.phase === "settle") {
        const r = sim.run({ until: this.settleAt, steps: events });
        if (r.stoppedBy === "steps") return false;
        this.tracing.finish();
        this.phase = "done";
      }
    }
    return true;
  }

  /** Runs to the end. */
  runToEnd(): void {
    while (!this.advance(1_000_000));
  }

  get unfinished(): number {
    return this.inFlight;
  }

  /** The kept traces of every outcome, or of one. */
  /** Every service instance by name, with its service and host. */
  instances(): readonly { readonly name: string; readonly service: string; readonly host: string }[] {
    return this.cloud.instances();
  }

  keptTraces(outcome?: Outcome): KeptTrace[] {
    return this.reservoir.traces(outcome);
  }
}
