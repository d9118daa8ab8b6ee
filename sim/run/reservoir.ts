// Which traces a run keeps for diagnosis and the report: a uniform sample of requests per
// period (Algorithm R, drawing from its own named stream), so memory is bounded and the
// choice is the same on every run.
import type { Stream } from "../kernel/index.ts";
import type { Trace } from "../../tracer/index.ts";

export interface KeptTrace {
  readonly traceId: string;
  readonly workflow: string;
  readonly period: string;
  readonly start: number;
  readonly latencyNs: number;
  trace?: Trace;
}

export class TraceReservoir {
  private readonly slots: KeptTrace[][];
  private readonly seen: number[];
  private readonly wanted = new Map<string, KeptTrace>();

  constructor(
    private readonly capacity: number,
    private readonly periods: readonly string[],
    private readonly stream: Stream,
  ) {
    this.slots = periods.map(() => []);
    this.seen = periods.map(() => 0);
  }

  /** Offers a finished request's trace id; it may replace an earlier one. */
  offer(period: number, entry: Omit<KeptTrace, "period" | "trace">): void {
    if (this.capacity === 0 || period < 0) return;
    const slots = this.slots[period]!;
    const n = ++this.seen[period]!;
    const kept: KeptTrace = { ...entry, period: this.periods[period]! };
    if (slots.length < this.capacity) {
      slots.push(kept);
      this.wanted.set(kept.traceId, kept);
      return;
    }
    const j = Math.floor(this.stream.next() * n);
    if (j < this.capacity) {
      this.wanted.delete(slots[j]!.traceId);
      slots[j] = kept;
      this.wanted.set(kept.traceId, kept);
    }
  }

  /** A stored trace from the collector: kept if its request was chosen. */
  receive(trace: Trace): void {
    const kept = this.wanted.get(trace.traceId);
    if (kept !== undefined) kept.trace = trace;
  }

  /** Chosen requests whose traces arrived, per period in period order, by start time. */
  traces(): KeptTrace[] {
    return this.slots.flatMap((s) => s.filter((k) => k.trace !== undefined).sort((a, b) => a.start - b.start || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0)));
  }
}
