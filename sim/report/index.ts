// The run's report: summary + kept traces → report data → report.html.
import { renderReport } from "../../tracer/export/html/index.ts";
import type { Summary } from "../run/result.ts";
import type { KeptTrace } from "../run/reservoir.ts";
import { buildReportData } from "./build.ts";

export { buildReportData } from "./build.ts";
export { chooseExemplars } from "./exemplars.ts";
export { chooseDag, reportTrace } from "./traces.ts";

/** report.html's exact bytes for a finished run. */
export function reportHtml(summary: Summary, kept: readonly KeptTrace[]): string {
  return renderReport(buildReportData(summary, kept));
}
