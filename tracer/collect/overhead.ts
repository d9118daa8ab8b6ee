// What tracing costs the traced code: CPU per trace point and per byte serialized, plus, in
// synchronous mode, the blocking send. The agent accumulates it; the host drains it into
// request latency (`drainCostNs`).

export interface OverheadModel {
  /** CPU to build and hand off one record (Dapper measured ~200 ns per span). */
  readonly nsPerTracePoint: number;
  /** CPU per byte serialized. */
  readonly nsPerByte: number;
}

export const DEFAULT_OVERHEAD: OverheadModel = Object.freeze({ nsPerTracePoint: 200, nsPerByte: 1 });

/** Whole ns, so latencies stay integer. */
export function recordCostNs(model: OverheadModel, bytes: number): number {
  return Math.round(model.nsPerTracePoint + model.nsPerByte * bytes);
}
