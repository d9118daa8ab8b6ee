// Pivot Tracing: queries whose tuples ride in baggage, joined by happened-before.
export { PivotQueries } from "./engine.ts";
export type { QueryReport } from "./engine.ts";
export { baggageKey, checkQueries, isQueryName, PivotQueryError, QUERY_NAME_EXPECTED, queryText, TUPLE_FIELDS } from "./query.ts";
export type { PivotQuery, QueryResult, QueryRow, Tracepoint, TupleField } from "./query.ts";
