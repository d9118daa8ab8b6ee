// Error origins: where failures start, and which of them became more common between two
// windows. A latency comparison cannot see a dependency that fails fast (a cache that is down
// answers at once, and the time moves to whoever does the cache's work instead); the spans
// that ended in error can.
//
// A span that ended in error while none of its child spans did is where the error originated:
// its ancestors only passed it on. A client span names its peer (`peer.service`, as
// OpenTelemetry's semantic conventions spell it) when it has one, since the server it called
// records no spans of its own (a cache, a database) or none that arrived.
import type { SpanRecord } from "../../model/types.ts";
import { twoProportionTest } from "../stats/index.ts";
import { adjust, byString } from "./compare.ts";
import type { Settings } from "./compare.ts";
import type { TraceProfile } from "./profile.ts";
import type { ErrorCulprit } from "./types.ts";

/** What an error-origin key stands for: the failing service (the peer, for a client span) and operation. */
export interface ErrorOriginInfo {
  readonly key: string;
  readonly service: string;
  readonly operation: string;
}

/** Error-origin descriptions by key, filled while profiling (shared across a whole diagnosis). */
export type ErrorCatalog = Map<string, ErrorOriginInfo & { readonly reportedBy: Set<string> }>;

const PEER_SERVICE = "peer.service";

/** The service a span's error is charged to: its peer for a client span that names one, else its own. */
export function failingService(span: SpanRecord): string {
  const peer = span.kind === "client" ? span.attributes[PEER_SERVICE] : undefined;
  return typeof peer === "string" && peer.length > 0 ? peer : span.service;
}

/** The keys of a trace's error origins, each once, sorted; their descriptions go into `catalog`. */
export function errorOrigins(spans: readonly SpanRecord[], catalog: ErrorCatalog): string[] {
  const failedChild = new Set<string>();
  for (const s of spans) if (s.status.code === "error" && s.parentSpanId !== undefined) failedChild.add(s.parentSpanId);
  const keys = new Set<string>();
  for (const s of spans) {
    if (s.status.code !== "error" || failedChild.has(s.spanId)) continue;
    const service = failingService(s);
    const key = `${service}\u0000${s.name}`;
    keys.add(key);
    let info = catalog.get(key);
    if (info === undefined) catalog.set(key, (info = { key, service, operation: s.name, reportedBy: new Set() }));
    info.reportedBy.add(s.service);
  }
  return [...keys].sort(byString);
}

/** The diagnosis settings, with the error comparison's own (see DiagnoseOptions). */
export interface ErrorSettings extends Settings {
  /** An origin is a culprit only if the share of traces with it grew by at least this much (absolute). */
  readonly minErrorRateChange: number;
}

/**
 * Error origins whose share of traces grew significantly from `before` to `after` (a
 * two-proportion test per origin, adjusted across origins), largest growth first.
 */
export function errorCulprits(
  settings: ErrorSettings,
  before: readonly TraceProfile[],
  after: readonly TraceProfile[],
  catalog: ErrorCatalog,
  exemplars: number,
): ErrorCulprit[] {
  if (before.length === 0 || after.length === 0) return [];
  const counts = new Map<string, { before: number; after: string[] }>();
  const slot = (key: string) => {
    let c = counts.get(key);
    if (c === undefined) counts.set(key, (c = { before: 0, after: [] }));
    return c;
  };
  for (const p of before) for (const key of p.errorOrigins) slot(key).before++;
  for (const p of after) for (const key of p.errorOrigins) slot(key).after.push(p.traceId);
  const rows = [...counts].sort((x, y) => byString(x[0], y[0]));
  const tests = rows.map(([, c]) => twoProportionTest(c.after.length, after.length, c.before, before.length));
  const adjusted = adjust(settings, tests.map((t) => t.p));
  const found: Omit<ErrorCulprit, "rank">[] = [];
  rows.forEach(([key, c], i) => {
    const rateBefore = c.before / before.length;
    const rateAfter = c.after.length / after.length;
    if (adjusted[i]! > settings.alpha || rateAfter - rateBefore < settings.minErrorRateChange) return;
    const info = catalog.get(key)!;
    found.push({
      service: info.service,
      operation: info.operation,
      reportedBy: [...info.reportedBy].sort(byString),
      tracesBefore: c.before,
      tracesAfter: c.after.length,
      rateBefore,
      rateAfter,
      p: tests[i]!.p,
      adjustedP: adjusted[i]!,
      exemplars: [...c.after].sort(byString).slice(0, exemplars),
    });
  });
  found.sort((a, b) => b.rateAfter - b.rateBefore - (a.rateAfter - a.rateBefore) || byString(a.service, b.service) || byString(a.operation, b.operation));
  return found.map((c, i) => ({ rank: i + 1, ...c }));
}
