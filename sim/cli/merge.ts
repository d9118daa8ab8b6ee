// `tracebed merge <dirs...> [--out DIR]`: joins sweep shards' folders into the outputs one
// machine would have written for the whole grid (byte for byte).
import { mergeShards } from "../experiments/merge.ts";
import { parseArgv, UsageError } from "./args.ts";
import type { Command } from "./command.ts";
import { checkOutputDir, writeOutputFiles } from "./output.ts";

const flags = [{ name: "out", placeholder: "DIR", description: "folder for the merged outputs (default: sweep-merged)" }] as const;

export const mergeCommand: Command = {
  usage: "tracebed merge <dir> [<dir> ...] [--out DIR]",
  description: "Every folder must come from the same grid (scenario file, seeds, --set values); together they must hold every point exactly once.",
  flags,
  run(argv, io) {
    const parsed = parseArgv("merge", argv, flags);
    if (parsed.positionals.length === 0) throw new UsageError(`merge: missing <dir>; usage: ${this.usage}`);
    const out = typeof parsed.flags.out === "string" ? parsed.flags.out : "sweep-merged";
    checkOutputDir(`merge: --out ${out}`, out);
    const files = mergeShards(parsed.positionals);
    writeOutputFiles(`merge: --out ${out}`, out, files);
    io.stdout(`merge: ${parsed.positionals.length} folders → ${out}\n`);
    return 0;
  },
};
