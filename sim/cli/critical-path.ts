// `tracebed critical-path <trace file>`: the span critical path of each trace in a Jaeger UI
// JSON or OTLP/JSON file, with Jaeger UI's or CRISP's semantics.
import { z } from "zod";
import { expectPositionals, parseArgv, validateFlags } from "./args.ts";
import type { Command } from "./command.ts";
import { criticalPathChunks } from "./critical-path-output.ts";
import { readTraces, warningPrinter } from "./trace-file.ts";

const flags = [
  { name: "semantics", placeholder: "jaeger|crisp", description: 'critical-path semantics: "jaeger" (Jaeger UI, default) or "crisp" (Uber CRISP)' },
  { name: "json", boolean: true, description: 'print {"traces": [{"traceID", "sections": [{spanID, start, end}], "exclusive": {"[svc] op": time}}]}' },
] as const;

const options = z.strictObject({
  semantics: z.enum(["jaeger", "crisp"]).optional(),
  json: z.literal(true).optional(),
});

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
    // Trace by trace: the file is read, and the output written, as it goes (bounded memory).
    const warnings = warningPrinter(io.stderr);
    const traces = (function* () {
      for (const t of readTraces("critical-path", file)) {
        warnings.note(t);
        yield t;
      }
    })();
    for (const chunk of criticalPathChunks(traces, { semantics: opts.semantics, json: opts.json === true })) io.stdout(chunk);
    warnings.done();
    return 0;
  },
};
