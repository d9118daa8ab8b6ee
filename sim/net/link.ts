// One direction of a connection between two hosts: its latency distribution, loss rate and
// bandwidth, plus the faults layered on top: partitions (`partition()`) and degradations
// (`degrade({ loss, delay, duplicate })`), each returning an undo so overlapping faults compose
// and end in any order.
import { aleaNext, compileDuration, Layers, once, StreamStates } from "../kernel/index.ts";
import type { AleaState, DistributionSpec, Sampler, Uniform, Undo } from "../kernel/index.ts";
import type { Host } from "./host.ts";

export interface LinkSpec {
  /** One-way propagation + stack latency per message. */
  readonly latency: DistributionSpec;
  /** Probability a message (or TCP segment burst) is lost. */
  readonly loss?: number;
  /** Bytes per second; message size adds bytes / bandwidth to the latency. */
  readonly bandwidthBps?: number;
}

/**
 * What a degraded link does to what it carries: every packet is lost with probability `loss`
 * (TCP streams retransmit it, datagrams are gone), delayed by a draw of `delay`, and a
 * datagram is delivered twice with probability `duplicate` (TCP discards duplicate segments).
 */
export interface LinkDegradation {
  readonly loss?: number;
  readonly delay?: Sampler;
  readonly duplicate?: number;
}

interface Degradation {
  readonly loss: number;
  readonly delay: Sampler | null;
  readonly duplicate: number;
  readonly stream: Uniform;
}

/**
 * One compiled sampler per latency spec, shared by every link that has it (most links share
 * the topology's default spec). A sampler is a pure function of its stream, so sharing it changes
 * no draw; a closure per link would leave V8 warming up thousands of copies of the same code in a
 * large cloud, each called too rarely to be optimized (a fifth of a large run's CPU went there).
 */
const samplers = new WeakMap<object, Sampler>();

function latencySampler(spec: LinkSpec["latency"], linkName: string): Sampler {
  if (typeof spec !== "object" || spec === null) return compileDuration(spec, { path: `links["${linkName}"].latency` });
  let s = samplers.get(spec);
  if (s === undefined) samplers.set(spec, (s = compileDuration(spec, { path: `links["${linkName}"].latency` })));
  return s;
}

/** What a link without degradations iterates over. */
const NO_DEGRADATIONS: readonly Degradation[] = [];

// A large cloud holds a link each way between every pair of hosts that talk (12 k in the large
// profile's first minute), so a link keeps to one object: its name is built when asked for, its
// degradation layers when the first fault arrives, its repair callback is the network's shared
// one, and it is its own random stream (`net/<from>-><to>`, whose state lies in the network's
// StreamStates: a message touches the link and 32 bytes of that array, not a stream object and
// its boxed doubles as well).
export class Link implements Uniform {
  readonly from: Host;
  readonly to: Host;
  private readonly draw: Sampler;
  readonly loss: number;
  readonly nsPerByte: number;
  /** How many active partitions cut this direction (overlapping faults compose). */
  private cuts = 0;
  private degradations: Layers<Degradation> | null = null;
  /** Runs after a partition of this link is undone (blocked publishers retry). */
  private readonly onRepair: () => void;
  /** Messages and bytes carried, lost (counters for reports). */
  sent = 0;
  lost = 0;
  bytes = 0;
  /** Where the stream's state lies: `states.values[at .. at + 3]`. */
  private readonly states: StreamStates;
  private readonly at: number;

  /** `seed`: the state of the link's stream (Rng.seedState), kept in `states`. */
  constructor(from: Host, to: Host, spec: LinkSpec, seed: AleaState, onRepair: () => void = () => {}, states = new StreamStates(1)) {
    this.from = from;
    this.to = to;
    this.states = states;
    this.at = states.add(seed);
    this.draw = latencySampler(spec.latency, `${from.name}->${to.name}`);
    this.loss = spec.loss ?? 0;
    this.nsPerByte = spec.bandwidthBps === undefined || spec.bandwidthBps <= 0 ? 0 : 1e9 / spec.bandwidthBps;
    this.onRepair = onRepair;
  }

  get name(): string {
    return `${this.from.name}->${this.to.name}`;
  }

  /** The link's own random stream: the link itself. */
  get stream(): Uniform {
    return this;
  }

  /** The next draw of the link's stream, as Stream.next draws it (c, s0, s1, s2 at `at`). */
  next(): number {
    return aleaNext(this.states.values, this.at);
  }

  get cut(): boolean {
    return this.cuts > 0;
  }

  /** Cuts this direction until the undo runs: nothing gets through, the sender hears silence. */
  partition(): Undo {
    this.cuts++;
    return once(() => {
      this.cuts--;
      this.onRepair();
    });
  }

  /** Degrades this direction until the undo runs; draws come from `stream` (default: the link's own). */
  degrade(d: LinkDegradation, stream: Uniform = this): Undo {
    return (this.degradations ??= new Layers<Degradation>()).add({ loss: d.loss ?? 0, delay: d.delay ?? null, duplicate: d.duplicate ?? 0, stream });
  }

  /** Whether any degradation is active (for tests and reports). */
  get degraded(): boolean {
    return this.degradations !== null && this.degradations.size > 0;
  }

  /** One-way delay for a message of `bytes`, in whole ns. */
  delay(bytes: number): number {
    let d = this.draw(this) + Math.round(bytes * this.nsPerByte);
    const layers = this.degradations === null ? NO_DEGRADATIONS : this.degradations.list;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      if (l.delay !== null) d += Math.max(0, Math.round(l.delay(l.stream)));
    }
    return d;
  }

  /** Whether this message is dropped (the base loss, then each active degradation's, independently). */
  drops(): boolean {
    if (this.loss > 0 && this.next() < this.loss) return true;
    const layers = this.degradations === null ? NO_DEGRADATIONS : this.degradations.list;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      if (l.loss > 0 && l.stream.next() < l.loss) return true;
    }
    return false;
  }

  /** Whether a degradation copies this datagram. */
  duplicates(): boolean {
    const layers = this.degradations === null ? NO_DEGRADATIONS : this.degradations.list;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      if (l.duplicate > 0 && l.stream.next() < l.duplicate) return true;
    }
    return false;
  }
}
