#!/usr/bin/env node
// Launcher: runs sim/cli.ts through tsx, from any working directory.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../sim/cli.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");
const result = spawnSync(process.execPath, ["--import", tsx, cli, ...process.argv.slice(2)], { stdio: "inherit" });
if (result.error) {
  process.stderr.write(`tracebed: cannot start node: ${result.error.message}\n`);
  process.exit(1);
}
process.exit(result.status ?? 1);
