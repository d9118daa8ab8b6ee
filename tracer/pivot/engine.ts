// Evaluating Pivot Tracing queries as the tracer runs: a span processor per process packs
// tuples into baggage at join tracepoints and aggregates the `from` tracepoints' durations by
// the tuple they carry. Aggregation is local to the process, as in Pivot Tracing's agents;
// `results()` merges every process's aggregates (the periodic reports, summed).
import type { SpanProcessor } from "../tracer/core.ts";
import type { Span } from "../tracer/span.ts";
import { baggageKey, checkQueries, queryText } from "./query.ts";
import type { PivotQuery, QueryResult, QueryRow, Tracepoint } from "./query.ts";

interface Totals {
  count: number;
  totalNs: number;
}

/** Adds `count` spans totalling `totalNs` to `group`. */
function add(groups: Map<string, Totals>, group: string, count: number, totalNs: number): void {
  const t = groups.get(group);
  if (t === undefined) groups.set(group, { count, totalNs });
  else {
    t.count += count;
    t.totalNs += totalNs;
  }
}

/** One process's aggregates: per query, per group. */
interface LocalAggregates {
  readonly groups: Map<string, Totals>[];
  readonly unjoined: number[];
}

/** Which queries a span name takes part in, on one service. */
interface Roles {
  /** Query indices whose join tracepoint the span is (for a root span, and for any span). */
  readonly packRoot: readonly number[];
  readonly pack: readonly number[];
  readonly measureRoot: readonly number[];
  readonly measure: readonly number[];
}

const matches = (t: Tracepoint, service: string, name: string, root: boolean): boolean =>
  (t.service === undefined || t.service === service) && (t.operation === undefined || name.startsWith(t.operation)) && (t.root !== true || root);

export class PivotQueries {
  readonly queries: readonly PivotQuery[];
  private readonly keys: readonly string[];
  private readonly locals: LocalAggregates[] = [];

  constructor(queries: readonly PivotQuery[]) {
    checkQueries(queries);
    this.queries = queries;
    this.keys = queries.map(baggageKey);
  }

  /** The span processor for one process (a service on a host), with its own aggregates. */
  processorFor(service: string, host: string): SpanProcessor {
    const queries = this.queries;
    const keys = this.keys;
    const local: LocalAggregates = { groups: queries.map(() => new Map()), unjoined: queries.map(() => 0) };
    this.locals.push(local);
    const roles = new Map<string, Roles>();
    const rolesOf = (name: string): Roles => {
      let r = roles.get(name);
      if (r === undefined) {
        const idx = (pick: (q: PivotQuery) => Tracepoint, root: boolean) =>
          queries.flatMap((q, i) => (matches(pick(q), service, name, root) ? [i] : []));
        r = {
          packRoot: idx((q) => q.join, true),
          pack: idx((q) => q.join, false),
          measureRoot: idx((q) => q.from, true),
          measure: idx((q) => q.from, false),
        };
        roles.set(name, r);
      }
      return r;
    };
    const field = (q: PivotQuery, span: Span): string => (q.groupBy === "service" ? service : q.groupBy === "host" ? host : span.name);
    return {
      onStart(span: Span): void {
        const r = rolesOf(span.name);
        const pack = span.parentSpanId === undefined ? r.packRoot : r.pack;
        for (const i of pack) {
          // First(): the earliest join tracepoint on the request's path wins.
          if (!span.baggage.has(keys[i]!)) span.setBaggage(keys[i]!, field(queries[i]!, span));
        }
      },
      onEnd(span: Span, endTime: number): void {
        const r = rolesOf(span.name);
        const measure = span.parentSpanId === undefined ? r.measureRoot : r.measure;
        for (const i of measure) {
          const group = span.baggage.get(keys[i]!)?.value;
          if (group === undefined) local.unjoined[i]!++;
          else add(local.groups[i]!, group, 1, endTime - span.startTime);
        }
      },
    };
  }

  /** Every process's aggregates merged, per query. */
  results(): QueryResult[] {
    return this.queries.map((q, i) => {
      const merged = new Map<string, Totals>();
      let unjoined = 0;
      for (const local of this.locals) {
        unjoined += local.unjoined[i]!;
        for (const [group, t] of local.groups[i]!) add(merged, group, t.count, t.totalNs);
      }
      const rows: QueryRow[] = [...merged].map(([group, t]) => ({ group, count: t.count, totalNs: t.totalNs }));
      rows.sort((a, b) => b.totalNs - a.totalNs || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
      return { name: q.name, text: queryText(q), rows, unjoined };
    });
  }
}
