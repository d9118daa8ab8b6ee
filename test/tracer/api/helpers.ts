// A tracer wired to a recording sink, a step clock and a seeded random source.
import seedrandom from "seedrandom";
import { alwaysOn, createTracer } from "../../../tracer/index.ts";
import type { Sampler, SpanRecord, TraceEvent, TraceRecord, Tracer, TracerOptions } from "../../../tracer/index.ts";

export interface Rig {
  readonly tracer: Tracer;
  readonly records: TraceRecord[];
  events(): TraceEvent[];
  spans(): SpanRecord[];
  /** Advances the host clock. */
  advance(ns: number): void;
}

export function rig(options: Partial<TracerOptions> & { seed?: string; sampler?: Sampler } = {}): Rig {
  const records: TraceRecord[] = [];
  let now = 1_000;
  const rng = seedrandom.alea((options.seed ?? "test") + "/tracer");
  const tracer = createTracer({
    service: "nova-api",
    host: "ctl-1",
    clock: { now: () => now },
    random: { next: () => rng() },
    sampler: alwaysOn,
    sink: { emit: (r) => records.push(r) },
    ...options,
  });
  return {
    tracer,
    records,
    events: () => records.flatMap((r) => (r.type === "event" ? [r.event] : [])),
    spans: () => records.flatMap((r) => (r.type === "span" ? [r.span] : [])),
    advance: (ns) => {
      now += ns;
    },
  };
}

/** Event names as `span.kind`, with parents named the same way: a readable picture of a DAG. */
export function dagPicture(events: readonly TraceEvent[]): string[] {
  const label = new Map(events.map((e) => [e.eventId, `${e.name}.${e.kind}`]));
  return events.map((e) => `${label.get(e.eventId)} <- [${e.parents.map((p) => label.get(p) ?? p).join(", ")}]`);
}

/** Is `b` reachable from `a` along parent edges (a happens before b)? */
export function happensBefore(events: readonly TraceEvent[], a: string, b: string): boolean {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const stack = [...(byId.get(b)?.parents ?? [])];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === a) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.parents ?? []));
  }
  return false;
}
