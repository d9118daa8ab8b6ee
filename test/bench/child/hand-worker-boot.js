// Worker threads do not inherit tsx's loader: the hand-written pool's worker loads through tsx's API.
import { tsImport } from "tsx/esm/api";

await tsImport("./hand-worker.ts", import.meta.url);
