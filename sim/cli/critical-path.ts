// `tracebed critical-path <trace file>`: the span critical path of each trace in a Jaeger UI
// JSON or OTLP/JSON file, with Jaeger UI's or CRISP's semantics.
import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { expectPositionals, parseArgv, UsageError, validateFlags } from "./args.ts";
import type { Command } from "./command.ts";
import { criticalPathOutput } from "./critical-path-output.ts";

/** Trace files larger than this are refused before reading. */
export const MAX_TRACE_FILE_BYTES = 512 * 2 ** 20;

const flags = [
  { name: "semantics", placeholder: "jaeger|crisp", description: 'critical-path semantics: "jaeger" (Jaeger UI, default) or "crisp" (Uber CRISP)' },
  { name: "json", boolean: true, description: 'print {"traces": [{"traceID", "sections": [{spanID, start, end}], "exclusive": {"[svc] op": time}}]}' },
] as const;

const options = z.strictObject({
  semantics: z.enum(["jaeger", "crisp"]).optional(),
  json: z.literal(true).optional(),
});

export function readTraceFile(command: string, file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === "ENOENT" ? "no such file" : `cannot read the file (${code ?? String(e)})`}`);
  }
  if (size > MAX_TRACE_FILE_BYTES) throw new UsageError(`${file}: the file is ${size} bytes; ${command} reads at most ${MAX_TRACE_FILE_BYTES}`);
  return readFileSync(file, "utf8");
}

export const criticalPathCommand: Command = {
  usage: "tracebed critical-path <trace file> [--semantics jaeger|crisp] [--json]",
  description:
    "Sections are listed in walk order as {spanID, start, end}, with the exclusive critical-path time per\n" +
    "[service] operation; times are in the file's own units (µs for Jaeger files, ns for OTLP).",
  flags,
  run(argv, io) {
    const parsed = parseArgv("critical-path", argv, flags);
    expectPositionals("critical-path", parsed.positionals, ["trace file"], this.usage);
    const opts = validateFlags("critical-path", options, parsed.flags);
    const file = parsed.positionals[0]!;
    io.stdout(criticalPathOutput(readTraceFile("critical-path", file), file, { semantics: opts.semantics, json: opts.json === true }));
    return 0;
  },
};
