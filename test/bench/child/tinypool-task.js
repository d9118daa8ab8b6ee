// The task module tinypool's workers load for the pool bench: worker threads do not inherit
// tsx's loader, so it loads the sweep's point runner through tsx's API (as sim/experiments'
// worker-boot.js does for the hand-written pool) and exports the task function tinypool calls.
import { tsImport } from "tsx/esm/api";

const { sweepPoint } = await tsImport("../../../sim/experiments/sweep.ts", import.meta.url);

export default (task) => sweepPoint(task);
