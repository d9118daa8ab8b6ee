// Which traces a run keeps for diagnosis and the report: a uniform sample of requests per
// period (Algorithm R, drawing from its own named stream), so memory is bounded and the
// choice is the same on every run. It also tells the collector which traces it will never
// want, so their records need not be held until their decision.
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

/** Passed trace ids remembered: at least this many, at most twice as many. */
const PASSED_GENERATION = 1 << 16;

export class TraceReservoir {
  private readonly slots: KeptTrace[][];
  private readonly seen: number[];
  private readonly wanted = new Map<string, KeptTrace>();
  /**
   * Traces of finished requests that are not (or no longer) chosen, in two generations: the
   * collector asks soon after a request finishes, so old entries can go (see `wants`).
   */
  private passed = new Set<string>();
  private passedOld = new Set<string>();

  constructor(
    private readonly capacity: number,
    private readonly periods: readonly string[],
    private readonly stream: Stream,
    /** Told of every trace passed over, so whoever holds its records can let them go. */
    private readonly onPass?: (traceId: string) => void,
  ) {
    this.slots = periods.map(() => []);
    this.seen = periods.map(() => 0);
  }

  /** Offers a finished request's trace id; it may replace an earlier one. */
  offer(period: number, entry: Omit<KeptTrace, "period" | "trace">): void {
    if (this.capacity === 0 || period < 0) {
      this.pass(entry.traceId);
      return;
    }
    const slots = this.slots[period]!;
    const n = ++this.seen[period]!;
    // Spelled out: `{ ...entry, period }` takes a slow path in this V8 (a spread plus a property).
    const kept: KeptTrace = { traceId: entry.traceId, workflow: entry.workflow, start: entry.start, latencyNs: entry.latencyNs, period: this.periods[period]! };
    if (slots.length < this.capacity) {
      slots.push(kept);
      this.wanted.set(kept.traceId, kept);
      return;
    }
    const j = Math.floor(this.stream.next() * n);
    if (j < this.capacity) {
      this.wanted.delete(slots[j]!.traceId);
      this.pass(slots[j]!.traceId);
      slots[j] = kept;
      this.wanted.set(kept.traceId, kept);
    } else this.pass(kept.traceId);
  }

  /** A finished request whose trace will not be kept (it failed, or was not chosen). */
  pass(traceId: string): void {
    if (this.passed.size >= PASSED_GENERATION) {
      this.passedOld = this.passed;
      this.passed = new Set();
    }
    this.passed.add(traceId);
    this.onPass?.(traceId);
  }

  /**
   * Whether a trace may still be kept: it is chosen, or its request has not finished (or
   * finished so long ago that the answer was forgotten). Only a no is binding; a reservoir
   * of no slots says no to every trace.
   */
  wants(traceId: string): boolean {
    if (this.capacity === 0) return false;
    return !this.passed.has(traceId) && !this.passedOld.has(traceId);
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
