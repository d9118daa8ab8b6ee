// Worker threads do not inherit tsx's loader, so from source a worker loads the TypeScript task
// module through tsx's API and hands tinypool its task function.
import { tsImport } from "tsx/esm/api";

const { runTask } = await tsImport("./worker.ts", import.meta.url);

export default runTask;
