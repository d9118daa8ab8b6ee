// The self-contained HTML report: plain report data in, one HTML string out.
export { renderReport } from "./render.ts";
export { esc } from "./escape.ts";
export { layoutDag } from "./dag-layout.ts";
export type { DagLayout } from "./dag-layout.ts";
export { dagTags } from "./dag.ts";
export type { DagTag } from "./dag.ts";
export { treeOrder } from "./timeline.ts";
export type * from "./types.ts";
