// Streaming aggregates of request outcomes: counts, errors and latency histograms per
// workflow and period, and a coarse timeline for charts. Memory depends on the number of
// workflows, periods and histogram buckets in use, never on the number of requests.
import { Histogram } from "./histogram.ts";
import type { Period } from "./periods.ts";
import { periodIndex } from "./periods.ts";

/** What the model's request process returns (the integration contract). */
export interface RequestOutcome {
  readonly workflow: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly latencyNs: number;
  readonly traceId?: string;
}

export interface WorkflowCounts {
  issued: number;
  completed: number;
  ok: number;
  failed: number;
}

/** Distinct error messages kept per workflow; the rest are counted under "(other)". */
const MAX_ERROR_KINDS = 16;

export class Aggregates {
  readonly periods: readonly Period[];
  readonly timelineStep: number;
  readonly counts = new Map<string, WorkflowCounts>();
  readonly errors = new Map<string, Map<string, number>>();
  private readonly latency = new Map<string, Histogram[]>();
  private readonly timeline = new Map<string, Histogram[]>();
  private readonly timelineLength: number;

  constructor(periods: readonly Period[], duration: number, timelineStep: number) {
    this.periods = periods;
    this.timelineStep = timelineStep;
    this.timelineLength = Math.max(1, Math.ceil(duration / timelineStep));
  }

  private workflow(name: string): WorkflowCounts {
    let c = this.counts.get(name);
    if (c === undefined) {
      c = { issued: 0, completed: 0, ok: 0, failed: 0 };
      this.counts.set(name, c);
      this.latency.set(name, this.periods.map(() => new Histogram()));
      this.timeline.set(name, Array.from({ length: this.timelineLength }, () => new Histogram()));
    }
    return c;
  }

  issued(workflow: string): void {
    this.workflow(workflow).issued++;
  }

  /** A request that started at `start` (absolute ns) ended with `outcome`. */
  completed(start: number, outcome: RequestOutcome): void {
    const c = this.workflow(outcome.workflow);
    c.completed++;
    if (outcome.ok) c.ok++;
    else {
      c.failed++;
      let errs = this.errors.get(outcome.workflow);
      if (errs === undefined) this.errors.set(outcome.workflow, (errs = new Map()));
      let key = outcome.error ?? "error";
      if (!errs.has(key) && errs.size >= MAX_ERROR_KINDS) key = "(other)";
      errs.set(key, (errs.get(key) ?? 0) + 1);
    }
    // Latency statistics describe successful requests; failures are counted apart.
    if (!outcome.ok) return;
    const p = periodIndex(this.periods, start);
    if (p >= 0) this.latency.get(outcome.workflow)![p]!.record(outcome.latencyNs);
    const w = Math.min(this.timelineLength - 1, Math.floor(start / this.timelineStep));
    this.timeline.get(outcome.workflow)![w]!.record(outcome.latencyNs);
  }

  histogram(workflow: string, period: number): Histogram | undefined {
    return this.latency.get(workflow)?.[period];
  }

  timelineOf(workflow: string): readonly Histogram[] {
    return this.timeline.get(workflow) ?? [];
  }

  /** Workflows in name order. */
  workflows(): string[] {
    return [...this.counts.keys()].sort();
  }
}
