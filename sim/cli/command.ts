// The command table's entry type. A command is plain data plus a `run` that returns an exit
// code; `critical-path`, `diagnose`, `check`, `sweep` and `merge` plug in the same way.
import type { FlagSpec } from "./args.ts";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  readonly interactive: boolean;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** e.g. "tracebed run <scenario> [--seed N] [--out DIR] [--json]" */
  readonly usage: string;
  readonly description?: string;
  readonly flags: readonly FlagSpec[];
  run(argv: readonly string[], io: Io): number | Promise<number>;
}

export function helpText(c: Command): string {
  const width = Math.max(0, ...c.flags.map((f) => f.name.length + (f.placeholder ? f.placeholder.length + 1 : 0)));
  const flagLines = [...c.flags, { name: "help", description: "show this help" }].map((f) => {
    const left = `--${f.name}${"placeholder" in f && f.placeholder ? ` ${f.placeholder}` : ""}`;
    return `  ${left.padEnd(width + 3)}  ${f.description}`;
  });
  return [`usage: ${c.usage}`, "", c.summary + (c.description ? `\n\n${c.description}` : ""), "", "options:", ...flagLines, ""].join("\n");
}
