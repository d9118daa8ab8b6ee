export { erfc, normalCdf, normalSf } from "./normal.ts";
export { averageRanks, type RankResult } from "./ranks.ts";
export { mannWhitneyU, type MannWhitneyResult } from "./mann-whitney.ts";
export { kolmogorovSf, kolmogorovSmirnov, type KsResult } from "./kolmogorov-smirnov.ts";
export { benjaminiHochberg, holm, simes } from "./multiple-testing.ts";
export { mean, quantile } from "./summary.ts";
export { fisherGreater, twoProportionTest, type ProportionTest } from "./proportions.ts";
export { vanElteren, cochranMantelHaenszel, exceedanceTest, type StratifiedTest } from "./stratified.ts";
