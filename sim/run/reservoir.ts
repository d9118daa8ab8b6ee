// Which traces a run keeps for diagnosis and the report: a uniform sample of requests per
// period, outcome and workflow (Algorithm R, drawing from its own named stream), so memory is
// bounded, failed and timed-out requests are kept as evidence beside the successful ones, a rare
// workflow keeps its traces beside a common one (as Jaeger's per-operation sampling keeps a
// floor for every endpoint), and the choice is the same on every run. Each kept trace carries
// the weight of its stratum (requests seen per request kept), so rates over the kept sample
// estimate the rates over all requests. The
// reservoir also tells the collector which traces it will never want, so their records need
// not be held until their decision. A trace can be assembled before its request is over (a
// request that waited longer than the backend's assembly window for a call across a cut link):
// it is held until the request ends and is chosen or passed over, and the records that come
// after it join it, so the slowest requests are not left out of the sample.
import type { Stream } from "../kernel/index.ts";
import type { Trace, TraceRecord } from "../../tracer/index.ts";
import { recordTraceId } from "../../tracer/collect/index.ts";

/** How a request ended: it succeeded, failed, or failed because something timed out. */
export const OUTCOMES = ["ok", "error", "timeout"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The outcome a request's error message stands for. */
export function outcomeOf(ok: boolean, error: string | undefined): Outcome {
  if (ok) return "ok";
  return error !== undefined && /time(d)?[ -]?out/i.test(error) ? "timeout" : "error";
}

export interface KeptTrace {
  readonly traceId: string;
  readonly workflow: string;
  readonly period: string;
  readonly outcome: Outcome;
  readonly start: number;
  readonly latencyNs: number;
  /** Requests of its period, outcome and workflow per request kept (≥ 1), set when the run ends. */
  weight: number;
  trace?: Trace;
}

export type Offer = Omit<KeptTrace, "period" | "trace" | "weight">;

/** Passed trace ids remembered: at least this many, at most twice as many. */
const PASSED_GENERATION = 1 << 16;

export class TraceReservoir {
  /** Slots and requests seen per stratum, by period × OUTCOMES.length + outcome, then by workflow. */
  private readonly strata: Map<string, { slots: KeptTrace[]; seen: number }>[];
  private readonly wanted = new Map<string, KeptTrace>();
  /** Traces that arrived while their request was still running, until it ends (the oldest go first past PASSED_GENERATION). */
  private readonly early = new Map<string, Trace>();
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
    this.strata = Array.from({ length: periods.length * OUTCOMES.length }, () => new Map());
  }

  /** Offers a finished request's trace id; it may replace an earlier one of its period, outcome and workflow. */
  offer(period: number, entry: Offer): void {
    if (this.capacity === 0 || period < 0) {
      this.pass(entry.traceId);
      return;
    }
    const byWorkflow = this.strata[period * OUTCOMES.length + OUTCOMES.indexOf(entry.outcome)]!;
    let stratum = byWorkflow.get(entry.workflow);
    if (stratum === undefined) byWorkflow.set(entry.workflow, (stratum = { slots: [], seen: 0 }));
    const slots = stratum.slots;
    const n = ++stratum.seen;
    // Spelled out: `{ ...entry, period }` takes a slow path in this V8 (a spread plus a property).
    const kept: KeptTrace = {
      traceId: entry.traceId,
      workflow: entry.workflow,
      outcome: entry.outcome,
      start: entry.start,
      latencyNs: entry.latencyNs,
      period: this.periods[period]!,
      weight: 1,
    };
    if (slots.length < this.capacity) {
      slots.push(kept);
      this.choose(kept);
      return;
    }
    const j = Math.floor(this.stream.next() * n);
    if (j < this.capacity) {
      this.wanted.delete(slots[j]!.traceId);
      this.pass(slots[j]!.traceId);
      slots[j] = kept;
      this.choose(kept);
    } else this.pass(kept.traceId);
  }

  private choose(kept: KeptTrace): void {
    this.wanted.set(kept.traceId, kept);
    const trace = this.early.get(kept.traceId);
    if (trace === undefined) return;
    this.early.delete(kept.traceId);
    kept.trace = trace;
  }

  /** A finished request whose trace will not be kept. */
  pass(traceId: string): void {
    this.early.delete(traceId);
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

  /** A stored trace from the collector: kept if its request was chosen, held if it is still running. */
  receive(trace: Trace): void {
    const kept = this.wanted.get(trace.traceId);
    if (kept !== undefined) kept.trace = trace;
    else if (this.wants(trace.traceId)) {
      // Bounded: a request passed over so long ago that it was forgotten looks unfinished.
      if (this.early.size >= PASSED_GENERATION) this.early.delete(this.early.keys().next().value!);
      this.early.set(trace.traceId, trace);
    }
  }

  /** A record that reached the backend after its trace was assembled: it joins the trace if that is kept or held. */
  late(record: TraceRecord): void {
    const traceId = recordTraceId(record);
    const kept = this.wanted.get(traceId);
    const trace = kept?.trace ?? this.early.get(traceId);
    if (trace === undefined) return;
    const joined: Trace =
      record.type === "event"
        ? trace.events.some((e) => e.eventId === record.event.eventId) ? trace : { ...trace, events: [...trace.events, record.event] }
        : trace.spans.some((x) => x.spanId === record.span.spanId) ? trace : { ...trace, spans: [...trace.spans, record.span] };
    if (kept?.trace !== undefined) kept.trace = joined;
    else this.early.set(traceId, joined);
  }

  /**
   * Chosen requests whose traces arrived, per period in period order, by start time (all
   * outcomes, or one), each weighted by its stratum's requests seen per trace that arrived.
   */
  traces(outcome?: Outcome): KeptTrace[] {
    const out: KeptTrace[] = [];
    for (let p = 0; p < this.periods.length; p++) {
      const period: KeptTrace[] = [];
      OUTCOMES.forEach((o, i) => {
        if (outcome !== undefined && o !== outcome) return;
        for (const stratum of this.strata[p * OUTCOMES.length + i]!.values()) {
          const arrived = stratum.slots.filter((k) => k.trace !== undefined);
          for (const k of arrived) {
            k.weight = stratum.seen / arrived.length;
            period.push(k);
          }
        }
      });
      period.sort((a, b) => a.start - b.start || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0));
      out.push(...period);
    }
    return out;
  }
}
