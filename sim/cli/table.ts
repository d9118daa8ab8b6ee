// The command table: names and summaries here, each command's code loaded only when it is used
// (`tracebed --help` then starts without reading the simulator).
import type { CommandEntry } from "./command.ts";

export const COMMANDS: readonly CommandEntry[] = [
  { name: "run", summary: "Run a scenario and write its summary.json.", load: async () => (await import("./run.ts")).runCommand },
  { name: "validate", summary: "Check a scenario file (types, names, times) without running it.", load: async () => (await import("./validate.ts")).validateCommand },
  { name: "schema", summary: "Print the JSON Schema of scenario files (for editor completion and checks).", load: async () => (await import("./schema.ts")).schemaCommand },
  {
    name: "critical-path",
    summary: "Print the critical path of each trace in a Jaeger UI JSON or OTLP/JSON file.",
    load: async () => (await import("./critical-path.ts")).criticalPathCommand,
  },
  { name: "diagnose", summary: "Compare two sets of traces and rank the culprits of a response-time change.", load: async () => (await import("./diagnose.ts")).diagnoseCommand },
  { name: "check", summary: "Re-run the experiments and compare with the committed results (exit 1 on any difference).", load: async () => (await import("./check.ts")).checkCommand },
  { name: "sweep", summary: "Run a scenario over a grid of seeds and --set values in worker threads, and aggregate.", load: async () => (await import("./sweep.ts")).sweepCommand },
  { name: "merge", summary: "Combine sweep shards' output folders into the outputs of the whole grid.", load: async () => (await import("./merge.ts")).mergeCommand },
];
