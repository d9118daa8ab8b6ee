// `tracebed merge <dirs...> [--out DIR]`: joins sweep shards' folders into the outputs one
// machine would have written for the whole grid (byte for byte).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mergeShards } from "../experiments/merge.ts";
import { parseArgv, UsageError } from "./args.ts";
import type { Command } from "./command.ts";

const flags = [{ name: "out", placeholder: "DIR", description: "folder for the merged outputs (default: sweep-merged)" }] as const;

export const mergeCommand: Command = {
  usage: "tracebed merge <dir> [<dir> ...] [--out DIR]",
  description: "Every folder must come from the same grid (scenario file, seeds, --set values); together they must hold every point exactly once.",
  flags,
  run(argv, io) {
    const parsed = parseArgv("merge", argv, flags);
    if (parsed.positionals.length === 0) throw new UsageError(`merge: missing <dir>; usage: ${this.usage}`);
    const files = mergeShards(parsed.positionals);
    const out = typeof parsed.flags.out === "string" ? parsed.flags.out : "sweep-merged";
    mkdirSync(out, { recursive: true });
    for (const [name, text] of files) writeFileSync(join(out, name), text);
    io.stdout(`merge: ${parsed.positionals.length} folders → ${out}\n`);
    return 0;
  },
};
