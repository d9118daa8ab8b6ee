// An operation of a service: its own-work latency, plus the fault layers active on it.
// `inject({ latency, error, instance })` adds a layer until its undo runs (overlapping faults
// compose), so the hot path pays one length check when no fault is active.
import { compileDuration, Layers, undoAll } from "../kernel/index.ts";
import type { DistributionSpec, Sampler, Stream, Undo } from "../kernel/index.ts";

/** What an operation's cost is drawn for: an instance with its own stream. */
export interface Worker {
  readonly name: string;
  readonly stream: Stream;
}

/** Added latency while a fault is active; `instance` null means every instance of the service. */
export interface LatencyLayer {
  readonly instance: string | null;
  extra(worker: Worker): number;
}

export interface ErrorLayer {
  readonly instance: string | null;
  readonly probability: number;
  readonly stream: Stream;
  readonly message: string;
}

/** What a fault does to an operation: added latency per call and/or a failure probability. */
export interface OperationFault {
  /** Only this instance's calls (null or absent: every instance of the service). */
  readonly instance?: string | null;
  /** ns added to each call's own work. */
  readonly latency?: (worker: Worker) => number;
  /** Each call fails with this probability (drawn from `stream`), with `message`. */
  readonly error?: { readonly probability: number; readonly stream: Stream; readonly message: string };
}

export class Operation {
  readonly service: string;
  readonly name: string;
  private draw: Sampler;
  private readonly latencyLayers = new Layers<LatencyLayer>();
  private readonly errorLayers = new Layers<ErrorLayer>();
  /** A cost added per call from service state (Keystone's revocation scan), or null. */
  stateCost: (() => number) | null = null;
  /** Calls, for reports. */
  calls = 0;

  constructor(service: string, name: string, spec: DistributionSpec) {
    this.service = service;
    this.name = name;
    this.draw = compileDuration(spec, { path: `topology.latency["${service}.${name}"]` });
  }

  get key(): string {
    return `${this.service}.${this.name}`;
  }

  /** Adds a fault layer (latency and/or errors) until the undo runs. */
  inject(f: OperationFault): Undo {
    const instance = f.instance ?? null;
    const undos: Undo[] = [];
    if (f.latency !== undefined) undos.push(this.latencyLayers.add({ instance, extra: f.latency }));
    if (f.error !== undefined) undos.push(this.errorLayers.add({ instance, ...f.error }));
    return undoAll(undos);
  }

  /** Active latency layers (for tests and reports). */
  get latency(): readonly LatencyLayer[] {
    return this.latencyLayers.list;
  }

  /** Active error layers. */
  get errors(): readonly ErrorLayer[] {
    return this.errorLayers.list;
  }

  /** Own-work ns for one call on `w`, faults included. */
  cost(w: Worker): number {
    this.calls++;
    let ns = this.draw(w.stream);
    if (this.stateCost !== null) ns += this.stateCost();
    const layers = this.latency;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      if (l.instance === null || l.instance === w.name) ns += l.extra(w);
    }
    return ns;
  }

  /** The injected error message if this call fails, else null. */
  failure(w: Worker): string | null {
    const layers = this.errors;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      if ((l.instance === null || l.instance === w.name) && l.stream.next() < l.probability) return l.message;
    }
    return null;
  }
}
