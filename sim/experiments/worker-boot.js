// Worker threads do not inherit tsx's loader, so a worker starts here (plain JS) and loads the
// TypeScript entry through tsx's API.
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);
