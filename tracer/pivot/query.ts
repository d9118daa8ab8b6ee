// Pivot Tracing queries (Mace, Roelke, Fonseca, SOSP 2015), in the paper's shape:
//
//   From q In <from tracepoint>
//   Join cl In First(<join tracepoint>) On cl -> q
//   GroupBy cl.<field>
//   Select cl.<field>, COUNT, SUM(q.duration)
//
// The join tracepoint packs the field into the request's baggage (the first time the request
// passes one); the baggage rides with the request across processes, so a `from` tracepoint
// that ends later sees exactly the tuples packed in its causal past: the happened-before join.
import { isToken } from "../context/baggage.ts";

/** Which spans a query's clause applies to. Every given field must match. */
export interface Tracepoint {
  /** The service recording the span. */
  readonly service?: string;
  /** A prefix of the span's name (its operation). */
  readonly operation?: string;
  /** Only a span that starts its trace (no parent). */
  readonly root?: boolean;
}

/** A field of the join tracepoint that is packed and grouped by. */
export type TupleField = "service" | "operation" | "host";

export const TUPLE_FIELDS: readonly TupleField[] = ["service", "operation", "host"];

export interface PivotQuery {
  /** Names the query's results and its baggage member (`pt.<name>`): a W3C baggage key. */
  readonly name: string;
  /** Where tuples are measured: each such span adds its duration to its group. */
  readonly from: Tracepoint;
  /** Where the grouping field is packed: the first such span on the request's path. */
  readonly join: Tracepoint;
  readonly groupBy: TupleField;
}

export interface QueryRow {
  /** The packed field's value. */
  readonly group: string;
  /** `from` spans that saw the tuple. */
  readonly count: number;
  /** Their summed duration, host-clock ns. */
  readonly totalNs: number;
}

export interface QueryResult {
  readonly name: string;
  /** The query in the paper's notation. */
  readonly text: string;
  /** Groups by total time, largest first (then by name). */
  readonly rows: readonly QueryRow[];
  /** `from` spans with no tuple in their baggage: no join tracepoint happened before them. */
  readonly unjoined: number;
}

/** The baggage member a query's tuples travel in. */
export const baggageKey = (query: PivotQuery): string => `pt.${query.name}`;

/** What a query name must be (its baggage key `pt.<name>` must be a W3C token). */
export const QUERY_NAME_EXPECTED = "a W3C baggage key (letters, digits and !#$%&'*+-.^_`|~)";

export const isQueryName = (name: string): boolean => name !== "" && isToken(`pt.${name}`);

export class PivotQueryError extends Error {
  constructor(readonly path: string, readonly expected: string) {
    super(`pivot query: ${path} must be ${expected}`);
    this.name = "PivotQueryError";
  }
}

function describe(t: Tracepoint): string {
  const name = `${t.service === undefined ? "" : `${t.service}:`}${t.operation ?? ""}*`;
  const s = /\s/.test(name) ? JSON.stringify(name) : name;
  return t.root === true ? `Root(${s})` : s;
}

/** The query as the paper writes it. */
export function queryText(q: PivotQuery): string {
  return `From q In ${describe(q.from)} Join cl In First(${describe(q.join)}) On cl -> q GroupBy cl.${q.groupBy} Select cl.${q.groupBy}, COUNT, SUM(q.duration)`;
}

function checkTracepoint(t: unknown, path: string): void {
  if (typeof t !== "object" || t === null) throw new PivotQueryError(path, "an object with service, operation or root");
  const tp = t as Record<string, unknown>;
  for (const key of Object.keys(tp)) {
    if (key !== "service" && key !== "operation" && key !== "root") throw new PivotQueryError(`${path}.${key}`, "absent (known fields: service, operation, root)");
  }
  if (tp.service !== undefined && (typeof tp.service !== "string" || tp.service === "")) throw new PivotQueryError(`${path}.service`, "a non-empty string");
  if (tp.operation !== undefined && typeof tp.operation !== "string") throw new PivotQueryError(`${path}.operation`, "a string");
  if (tp.root !== undefined && typeof tp.root !== "boolean") throw new PivotQueryError(`${path}.root`, "a boolean");
}

/** Throws PivotQueryError naming the first bad field; query names must be distinct. */
export function checkQueries(queries: readonly PivotQuery[]): void {
  if (!Array.isArray(queries)) throw new PivotQueryError("queries", "an array");
  const names = new Set<string>();
  queries.forEach((q, i) => {
    const path = `queries[${i}]`;
    if (typeof q !== "object" || q === null) throw new PivotQueryError(path, "an object");
    if (typeof q.name !== "string" || !isQueryName(q.name)) throw new PivotQueryError(`${path}.name`, QUERY_NAME_EXPECTED);
    if (names.has(q.name)) throw new PivotQueryError(`${path}.name`, `unique (${JSON.stringify(q.name)} is used twice)`);
    names.add(q.name);
    checkTracepoint(q.from, `${path}.from`);
    checkTracepoint(q.join, `${path}.join`);
    if (!TUPLE_FIELDS.includes(q.groupBy)) throw new PivotQueryError(`${path}.groupBy`, `one of ${TUPLE_FIELDS.join(", ")}`);
  });
}
