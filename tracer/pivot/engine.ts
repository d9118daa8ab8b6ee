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
  readonly host: string;
  readonly groups: Map<string, Totals>[];
  readonly unjoined: number[];
  /** Tuples ("<query>\u0000<group>") changed since the last report. */
  readonly changed: Set<string>;
}

/** A process's periodic report: where it comes from and its size. */
export interface QueryReport {
  readonly host: string;
  readonly tuples: number;
  readonly bytes: number;
}

/** Per reported tuple beyond its query name and group: a count and a sum, 8 bytes each (a choice). */
const TUPLE_VALUE_BYTES = 16;
/** Per report: framing and the process's identity (a choice). */
const REPORT_HEADER_BYTES = 64;

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
    const local: LocalAggregates = { host, groups: queries.map(() => new Map()), unjoined: queries.map(() => 0), changed: new Set() };
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
          else {
            add(local.groups[i]!, group, 1, endTime - span.startTime);
            local.changed.add(`${queries[i]!.name}\u0000${group}`);
          }
        }
      },
    };
  }

  /**
   * The reports due now: every process whose results changed since its last report sends the
   * changed tuples (Pivot Tracing's agents report every interval, and nothing when there is
   * nothing new: emit_if_no_results false).
   */
  takeReports(): QueryReport[] {
    const out: QueryReport[] = [];
    for (const local of this.locals) {
      if (local.changed.size === 0) continue;
      let bytes = REPORT_HEADER_BYTES;
      for (const key of local.changed) bytes += key.length + TUPLE_VALUE_BYTES;
      out.push({ host: local.host, tuples: local.changed.size, bytes });
      local.changed.clear();
    }
    return out;
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
