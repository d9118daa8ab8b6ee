// Runs the real `tracebed` launcher as a child process.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Io } from "../../../sim/cli/command.ts";
import { main } from "../../../sim/cli/main.ts";
import { COMMANDS } from "../../../sim/cli/table.ts";

const bin = fileURLToPath(new URL("../../../bin/tracebed.js", import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `env`, when given, is the child's whole environment. */
export function tracebed(args: readonly string[], cwd?: string, env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tracebed-cli-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Runs the command in this process (fast); the exit-code policy is the same as the binary's. */
export async function tracebedInProcess(args: readonly string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: false };
  const code = await main(args, io, COMMANDS);
  return { code, stdout, stderr };
}
