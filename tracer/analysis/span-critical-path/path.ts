// The span critical path with a selectable semantics.

import { crispCriticalPath } from "./crisp.ts";
import { jaegerCriticalPath } from "./jaeger.ts";
import type { CpOptions, CpSpan, Semantics, SpanCriticalPath } from "./types.ts";

export const SEMANTICS: readonly Semantics[] = ["jaeger", "crisp"];

export function spanCriticalPath(
  spans: readonly CpSpan[],
  semantics: Semantics,
  options: CpOptions = {},
): SpanCriticalPath {
  return semantics === "jaeger" ? jaegerCriticalPath(spans, options) : crispCriticalPath(spans, options);
}
