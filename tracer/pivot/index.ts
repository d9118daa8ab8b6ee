// Pivot Tracing: queries whose tuples ride in baggage, joined by happened-before.
export { PivotQueries } from "./engine.ts";
export { baggageKey, checkQueries, PivotQueryError, queryText, TUPLE_FIELDS } from "./query.ts";
export type { PivotQuery, QueryResult, QueryRow, Tracepoint, TupleField } from "./query.ts";
