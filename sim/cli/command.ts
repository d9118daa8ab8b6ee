// The command table's types. A table entry is its name, its one-line summary and a loader: the
// program's help lists every command without loading any, and a command's own code (which may
// pull in the whole simulator) loads only when that command runs or shows its help.
import type { FlagSpec } from "./args.ts";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  readonly interactive: boolean;
}

/** What a command module exports: its usage, flags and the code that runs it. */
export interface Command {
  /** e.g. "tracebed run <scenario> [--seed N] [--out DIR] [--json]" */
  readonly usage: string;
  readonly description?: string;
  readonly flags: readonly FlagSpec[];
  run(argv: readonly string[], io: Io): number | Promise<number>;
}

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

export function helpText(entry: CommandEntry, c: Command): string {
  const width = Math.max(0, ...c.flags.map((f) => f.name.length + (f.placeholder ? f.placeholder.length + 1 : 0)));
  const flagLines = [...c.flags, { name: "help", description: "show this help" }].map((f) => {
    const left = `--${f.name}${"placeholder" in f && f.placeholder ? ` ${f.placeholder}` : ""}`;
    return `  ${left.padEnd(width + 3)}  ${f.description}`;
  });
  return [`usage: ${c.usage}`, "", entry.summary + (c.description ? `\n\n${c.description}` : ""), "", "options:", ...flagLines, ""].join("\n");
}
