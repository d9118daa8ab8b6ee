// One direction of a connection between two hosts: its latency distribution, loss rate and
// bandwidth, plus the fault state layered on top (cuts, added delay, added loss, duplication).
import { compileDuration } from "../kernel/index.ts";
import type { DistributionSpec, Sampler, Stream } from "../kernel/index.ts";
import type { Host } from "./host.ts";

export interface LinkSpec {
  /** One-way propagation + stack latency per message. */
  readonly latency: DistributionSpec;
  /** Probability a message (or TCP segment burst) is lost. */
  readonly loss?: number;
  /** Bytes per second; message size adds bytes / bandwidth to the latency. */
  readonly bandwidthBps?: number;
}

export class Link {
  readonly from: Host;
  readonly to: Host;
  readonly name: string;
  readonly stream: Stream;
  private readonly draw: Sampler;
  readonly loss: number;
  readonly nsPerByte: number;
  /** How many active partitions cut this direction (overlapping faults compose). */
  cuts = 0;
  /** Fault layers: extra one-way delay, extra loss probability, duplication probability. */
  extraDelay: Sampler | null = null;
  extraLoss = 0;
  duplicate = 0;
  /** Messages and bytes carried, lost (counters for reports). */
  sent = 0;
  lost = 0;
  bytes = 0;

  constructor(from: Host, to: Host, spec: LinkSpec, stream: Stream) {
    this.from = from;
    this.to = to;
    this.name = `${from.name}->${to.name}`;
    this.stream = stream;
    this.draw = compileDuration(spec.latency, { path: `links["${this.name}"].latency` });
    this.loss = spec.loss ?? 0;
    this.nsPerByte = spec.bandwidthBps === undefined || spec.bandwidthBps <= 0 ? 0 : 1e9 / spec.bandwidthBps;
  }

  get cut(): boolean {
    return this.cuts > 0;
  }

  /** One-way delay for a message of `bytes`, in whole ns. */
  delay(bytes: number): number {
    let d = this.draw(this.stream) + Math.round(bytes * this.nsPerByte);
    if (this.extraDelay !== null) d += Math.max(0, Math.round(this.extraDelay(this.stream)));
    return d;
  }

  /** Whether this message is dropped (base loss plus any injected loss). */
  drops(): boolean {
    const p = this.loss + this.extraLoss;
    return p > 0 && this.stream.next() < p;
  }

  /** Whether an injected duplication fault copies this message. */
  duplicates(): boolean {
    return this.duplicate > 0 && this.stream.next() < this.duplicate;
  }
}
