// The command table. Later commands (diagnose, check, sweep, merge) add one line here.
import type { Command } from "./command.ts";
import { criticalPathCommandEntry } from "./critical-path.ts";
import { diagnoseCommandEntry } from "./diagnose.ts";
import { runCommand } from "./run.ts";
import { schemaCommand } from "./schema.ts";
import { validateCommand } from "./validate.ts";
import { checkCommand } from "./check.ts";
import { mergeCommand } from "./merge.ts";
import { sweepCommand } from "./sweep.ts";

export const COMMANDS: readonly Command[] = [runCommand, validateCommand, schemaCommand, criticalPathCommandEntry, diagnoseCommandEntry, checkCommand, sweepCommand, mergeCommand];
