/**
 * Trace-point counters. Every trace point reached counts in `tracePoints`; those skipped
 * because their trace is not sampled also count in `notSampled`; `emitted` counts records
 * handed to the sink (events in the DAG model, spans in the span model).
 */
export interface TracerStats {
  tracePoints: number;
  notSampled: number;
  emitted: number;
  spansStarted: number;
  /** Joins whose ITC stamps could not be merged (e.g. the same share joined twice). */
  itcJoinErrors: number;
}

export const newTracerStats = (): TracerStats => ({
  tracePoints: 0,
  notSampled: 0,
  emitted: 0,
  spansStarted: 0,
  itcJoinErrors: 0,
});
