// Dispatch: `tracebed <command> [args]`, --help and --version everywhere, and the exit-code
// policy: 0 ok, 1 internal failure, 2 a problem the user can fix (bad flags, bad scenario).
// Only the command asked for is loaded.
import { TraceFileError } from "../../tracer/export/errors.ts";
import { ScenarioError } from "../scenario/errors.ts";
import { didYouMean } from "../scenario/suggest.ts";
import { UsageError } from "./args.ts";
import type { CommandEntry, Io } from "./command.ts";
import { helpText } from "./command.ts";
import { packageVersion } from "./version.ts";

export function topHelp(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "usage: tracebed <command> [options]",
    "",
    "tracebed runs an OpenStack-like cloud in virtual time, traced and faulted reproducibly.",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `tracebed <command> --help` for a command's options, `tracebed --version` for the version.",
    "",
  ].join("\n");
}

/** Any error a user can fix by changing their input, with the message to print. */
export function userError(e: unknown): string | undefined {
  if (e instanceof UsageError || e instanceof ScenarioError || e instanceof TraceFileError) return e.message;
  // Other modules' errors about user input opt in with a `userFacing: true` field.
  const flagged = e as { userFacing?: unknown; message?: unknown } | null;
  if (flagged !== null && typeof flagged === "object" && flagged.userFacing === true) return String(flagged.message);
  return undefined;
}

export async function main(argv: readonly string[], io: Io, commands: readonly CommandEntry[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(topHelp(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    io.stdout(`tracebed ${packageVersion()}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (entry === undefined) {
    io.stderr(`tracebed: unknown command "${name}"${didYouMean(name, commands.map((c) => c.name))}; commands: ${commands.map((c) => c.name).join(", ")}\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(helpText(entry, command));
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    const message = userError(e);
    if (message !== undefined) {
      io.stderr(message.endsWith("\n") ? message : message + "\n");
      return 2;
    }
    io.stderr(`tracebed ${name}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
