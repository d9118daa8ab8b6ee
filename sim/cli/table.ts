// The command table. Later commands (diagnose, check, sweep, merge) add one line here.
import type { Command } from "./command.ts";
import { criticalPathCommandEntry } from "./critical-path.ts";
import { runCommand } from "./run.ts";
import { schemaCommand } from "./schema.ts";
import { validateCommand } from "./validate.ts";

export const COMMANDS: readonly Command[] = [runCommand, validateCommand, schemaCommand, criticalPathCommandEntry];
