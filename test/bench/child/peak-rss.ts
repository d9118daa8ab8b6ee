// A child process of the import bench, in its own folder so the bench runner (which imports
// every module beside it) does not run it. Runs one `tracebed` command (argv after this file)
// with stdout discarded, then prints its exit code, wall seconds and peak resident memory as one
// JSON line on stderr, so each command's peak is its own. `--parse-only FILE` instead parses FILE
// whole with JSON.parse (the memory any whole-document reader needs at least).
import { readFileSync } from "node:fs";
import { main } from "../../../sim/cli/main.ts";
import { COMMANDS } from "../../../sim/cli/table.ts";

const args = process.argv.slice(2);
const t0 = process.hrtime.bigint();
let code: number;
if (args[0] === "--parse-only") {
  const doc = JSON.parse(readFileSync(args[1]!, "utf8")) as { data?: unknown[] };
  code = Array.isArray(doc.data) && doc.data.length > 0 ? 0 : 1;
} else {
  let errors = "";
  code = await main(args, { stdout: () => {}, stderr: (t) => void (errors += t), interactive: false }, COMMANDS);
  if (code !== 0) process.stderr.write(errors);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stderr.write(`${JSON.stringify({ code, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
