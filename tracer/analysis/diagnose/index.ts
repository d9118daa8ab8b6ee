// Automated diagnosis: two sets of traces in, the critical-path segments that explain the
// change in response time out (JSON-ready data, and text).
export { diagnose, diagnoseProfiles, diagnoseSplit, newCatalogs, profileWindow, type Catalogs, type ProfiledWindow } from "./diagnose.ts";
export { profileTrace, type ProfileOptions, type SegmentInfo, type TraceProfile } from "./profile.ts";
export { naiveRanking, type NaiveRow } from "./naive.ts";
export { formatNs, renderDiagnosis } from "./render.ts";
export type {
  Culprit,
  DiagnoseOptions,
  Diagnosis,
  DurationStats,
  ErrorCulprit,
  GroupChange,
  OperationCulprit,
  ShapeChange,
  WindowSummary,
  WorkflowChange,
} from "./types.ts";
export { summarizeDiagnosis, type CulpritSummary, type DiagnosisSummary, type ErrorCulpritSummary } from "./summary.ts";
export { errorOrigins, failingService, type ErrorCatalog, type ErrorOriginInfo } from "./errors.ts";
