// A cloud with an in-test tracer per instance writing into one array, plus trace helpers.
import { Simulation } from "../../../sim/kernel/index.ts";
import { buildCloud, defaultTopology } from "../../../sim/openstack/index.ts";
import type { Cloud, TopologyConfig, Workflow, RequestOptions, RequestResult } from "../../../sim/openstack/index.ts";
import { alwaysOn, createTracer, spansFromEvents } from "../../../tracer/index.ts";
import type { Format, SpanRecord, Tracer, TraceEvent, TraceRecord } from "../../../tracer/index.ts";

export interface Traced {
  readonly sim: Simulation;
  readonly cloud: Cloud;
  readonly records: TraceRecord[];
  readonly tracers: Tracer[];
}

export function tracedCloud(options: {
  seed?: string | number;
  topology?: TopologyConfig;
  model?: "dag" | "span";
  metadata?: "ids" | "itc";
  propagation?: Format;
  costNs?: number;
} = {}): Traced {
  const sim = new Simulation({ seed: options.seed ?? 1 });
  const records: TraceRecord[] = [];
  const tracers: Tracer[] = [];
  const sink = { emit: (r: TraceRecord) => void records.push(r) };
  const cloud = buildCloud(sim, options.topology ?? defaultTopology(), {
    propagation: options.propagation,
    tracing: (service, host) => {
      const tracer = createTracer({
        service,
        host: host.name,
        clock: host.clock,
        random: sim.rng.stream(`tracer/${service}@${host.name}`),
        sampler: alwaysOn,
        sink,
        model: options.model ?? "dag",
        metadata: options.metadata ?? "itc",
        formats: [options.propagation ?? "w3c"],
      });
      tracers.push(tracer);
      let pending = 0;
      const before = { points: 0 };
      return {
        tracer,
        drainCostNs: () => {
          // A fixed cost per trace point, so tests can see overhead land in latency.
          const p = tracer.stats.tracePoints;
          pending = (p - before.points) * (options.costNs ?? 0);
          before.points = p;
          return pending;
        },
      };
    },
  });
  return { sim, cloud, records, tracers };
}

/** Runs one request to completion (plus a second of settling) and returns its result. */
export function runOne(t: Traced, workflow: Workflow, options: RequestOptions = {}): RequestResult {
  const p = t.cloud.startRequest(workflow, options);
  for (let i = 0; i < 400 && !p.triggered; i++) t.sim.run({ until: t.sim.now + 1e9 });
  t.sim.run({ until: t.sim.now + 1e9 });
  if (!p.triggered || !p.ok) throw new Error(`request did not complete: ${String(p.value)}`);
  return p.value;
}

export function eventsOf(t: Traced, traceId: string): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const r of t.records) if (r.type === "event" && r.event.traceId === traceId) out.push(r.event);
  return out;
}

export function spansOf(t: Traced, traceId: string): SpanRecord[] {
  return spansFromEvents(eventsOf(t, traceId));
}

/** The span tree as an indented list of "service name" lines, children sorted, for comparison. */
export function spanTree(spans: readonly SpanRecord[]): string[] {
  const kids = new Map<string | undefined, SpanRecord[]>();
  for (const s of spans) {
    const list = kids.get(s.parentSpanId) ?? [];
    list.push(s);
    kids.set(s.parentSpanId, list);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    const list = (kids.get(parent) ?? []).map((s) => ({ s, label: `${s.service} ${s.kind} ${s.name}` }));
    list.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    for (const { s, label } of list) {
      lines.push(`${"  ".repeat(depth)}${label}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

/** Does event `a` happen before event `b` along the DAG's parent edges? */
export function happensBefore(events: readonly TraceEvent[], a: string, b: string): boolean {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const seen = new Set<string>();
  const stack = [b];
  while (stack.length > 0) {
    const id = stack.pop()!;
    const e = byId.get(id);
    if (e === undefined) continue;
    for (const p of e.parents) {
      if (p === a) return true;
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  return false;
}
