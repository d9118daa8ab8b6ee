// The critical path of a request on its DAG, labelled by service, operation and kind.
export { dagCriticalPath, type DagCriticalPathOptions } from "./walk.ts";
export { segmentKey } from "./types.ts";
export type { DagCriticalPath, DagSection, Segment, SectionKind } from "./types.ts";
