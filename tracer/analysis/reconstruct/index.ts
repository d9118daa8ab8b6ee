// Trace reconstruction: DAGs from explicit parent ids or from ITC stamps, their comparison,
// the projection to spans, and structural signatures.
export { dagFromParents, transitiveReduction } from "./explicit.ts";
export { dagFromItc, type ItcReconstructionOptions } from "./from-itc.ts";
export { compareDags, edgeList, type DagComparison } from "./compare.ts";
export { spansFromDag } from "./spans.ts";
export { dagShape, dagFeatures, spanTreeShape, spanTreeSignature, spanTreeFeatures, featureDistance, spanLabel } from "./shape.ts";
export { ReconstructionError } from "./types.ts";
export type { Dag, ItcGap, MissingParent, ReconstructionErrorReason } from "./types.ts";
export { reconstructionAgreement, type AgreementReport } from "./agreement.ts";
