// Automated diagnosis: two sets of traces in, the critical-path segments that explain the
// change in response time out (JSON-ready data, and text).
export { asOf, diagnose, diagnoseProfiles, diagnoseSplit, newCatalogs, profileWindow, type Catalogs, type ProfiledWindow } from "./diagnose.ts";
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
export { summarizeDiagnosis, type CulpritSummary, type DiagnosisSummary, type ErrorCulpritSummary, type RankingSummary } from "./summary.ts";
export { errorOrigins, failingService, type ErrorCatalog, type ErrorOriginInfo } from "./errors.ts";
export { COMPONENT_KINDS, componentKey, componentLabel, componentsOf, linkName, destinationReaders, shareOf, topicOf, type Component, type ComponentKind, type DestinationReaders, type LostShares } from "./components.ts";
export { judgeUnits, rankComponents, type ComponentEvidence, type RankingEntry, type RankingSettings, type UnitChange } from "./ranking.ts";
export { EvidenceBuilder, type TraceEvidence, type UnitInfo, type UnitKind, type TimeKind } from "./evidence.ts";
export { clockSamples, clockShifts, type ClockSample, type ClockShift } from "./clock.ts";
