// The `tracebed` command (bin/tracebed.js runs this file through tsx).
import { main } from "./cli/main.ts";
import { COMMANDS } from "./cli/table.ts";

// `tracebed schema | head` closes the pipe early; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const code = await main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  interactive: process.stderr.isTTY === true,
}, COMMANDS);
process.exitCode = code;
