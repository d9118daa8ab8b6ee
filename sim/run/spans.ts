// Server-span durations per operation and period, from the traces a run kept: how long each
// service took to answer each kind of request before, during and after the faults. (The
// request latencies say what users saw; this says where the time went.)
import { spansFromEvents } from "../../tracer/index.ts";
import type { SpanRecord } from "../../tracer/index.ts";
import { Histogram } from "./histogram.ts";
import type { KeptTrace } from "./reservoir.ts";
import { ms } from "./summary.ts";

export interface SpanStats {
  count: number;
  p50: number;
  p95: number;
  mean: number;
}

export function spansOf(k: KeptTrace): readonly SpanRecord[] {
  const t = k.trace!;
  return t.spans.length > 0 ? t.spans : spansFromEvents(t.events);
}

/** "[service] operation" → period → durations of its server spans (ms). */
export function serverSpanSection(kept: readonly KeptTrace[], periods: readonly string[]): Record<string, Record<string, SpanStats>> {
  const hists = new Map<string, Map<string, Histogram>>();
  for (const k of kept) {
    for (const s of spansOf(k)) {
      if (s.kind !== "server") continue;
      const key = `[${s.service}] ${s.name}`;
      let byPeriod = hists.get(key);
      if (byPeriod === undefined) hists.set(key, (byPeriod = new Map()));
      let h = byPeriod.get(k.period);
      if (h === undefined) byPeriod.set(k.period, (h = new Histogram()));
      h.record(s.end - s.start);
    }
  }
  const out: Record<string, Record<string, SpanStats>> = {};
  for (const key of [...hists.keys()].sort()) {
    const byPeriod = hists.get(key)!;
    const row: Record<string, SpanStats> = {};
    for (const p of periods) {
      const h = byPeriod.get(p);
      if (h !== undefined) row[p] = { count: h.count, p50: ms(h.percentile(50)), p95: ms(h.percentile(95)), mean: ms(h.sum / h.count) };
    }
    out[key] = row;
  }
  return out;
}
