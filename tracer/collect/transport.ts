// Adapts a datagram service (e.g. the simulated network's `send(from, to, bytes, onDelivered,
// onLost)`) to the agent's Transport: every arrival is handed to the receiver — duplicates
// included, the collector recognises them — and the agent hears exactly one outcome.
import type { Batch, SendOutcome, Transport } from "./types.ts";

export interface DatagramOptions {
  /** Sends `bytes`; calls onArrive at each arrival (possibly twice), or onLost. */
  send(bytes: number, onArrive: () => void, onLost: () => void): void;
  /** The receiving end, usually `collector.receive`. */
  receive(batch: Batch): "delivered" | "rejected";
  /** Synchronous-mode cost of a blocking send of `bytes` (ns), if the network can tell. */
  blockingCostNs?(bytes: number): number;
}

export function datagramTransport(options: DatagramOptions): Transport {
  const transport: Transport = {
    send(batch: Batch, bytes: number, done: (outcome: SendOutcome) => void): void {
      let settled = false;
      const finish = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        done(outcome);
      };
      options.send(bytes, () => finish(options.receive(batch)), () => finish("lost"));
    },
  };
  if (options.blockingCostNs !== undefined) transport.blockingCostNs = (bytes) => options.blockingCostNs!(bytes);
  return transport;
}
