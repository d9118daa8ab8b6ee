// Command-line parsing shared by every command: positionals and --flags, then the command's
// zod schema turns them into typed options. Mistakes become UsageError (exit code 2).
import type { z } from "zod";
import { didYouMean } from "../scenario/suggest.ts";

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface FlagSpec {
  readonly name: string;
  /** Boolean flags take no value. */
  readonly boolean?: boolean;
  readonly placeholder?: string;
  readonly description: string;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Record<string, string | true>;
}

export function parseArgv(command: string, argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  const names = specs.map((s) => s.name);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "--") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (spec === undefined) {
      throw new UsageError(`${command}: unknown option --${name}${didYouMean(name, names).replace(/"(.*)"/, '"--$1"')}; see \`tracebed ${command} --help\``);
    }
    if (spec.boolean) {
      if (eq >= 0) throw new UsageError(`${command}: --${name} takes no value`);
      flags[name] = true;
    } else if (eq >= 0) {
      flags[name] = arg.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) {
        throw new UsageError(`${command}: --${name} needs a value (${spec.placeholder ?? "value"})`);
      }
      flags[name] = value;
      i++;
    }
  }
  return { positionals, flags };
}

/** Validates parsed flags with the command's schema; the first problem becomes a UsageError. */
export function validateFlags<S extends z.ZodType>(command: string, schema: S, flags: Record<string, string | true>): z.output<S> {
  const result = schema.safeParse(flags);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const flag = issue.path.length > 0 ? `--${String(issue.path[0])}` : "options";
  const got = issue.path.length > 0 ? flags[String(issue.path[0])] : undefined;
  throw new UsageError(`${command}: ${flag}: ${issue.message}${typeof got === "string" ? `, got "${got}"` : ""}`);
}

/** Checks the number of positionals. */
export function expectPositionals(command: string, positionals: readonly string[], names: readonly string[], usage: string): void {
  if (positionals.length < names.length) {
    throw new UsageError(`${command}: missing <${names[positionals.length]}>; usage: ${usage}`);
  }
  if (positionals.length > names.length) {
    throw new UsageError(`${command}: unexpected argument "${positionals[names.length]}"; usage: ${usage}`);
  }
}
