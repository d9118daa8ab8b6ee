// Scenario errors a user can cause, each naming the file, the place inside it (path and,
// when known, line:column) and what was expected.
import type { z } from "zod";
import { keysAt } from "./schema-walk.ts";
import type { PathSegment } from "./path.ts";
import { describeValue, formatPath, valueAt } from "./path.ts";
import { didYouMean } from "./suggest.ts";

export interface ScenarioIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
  /** The problem is the key at the end of `path` (an unknown name used as a key), not its value. */
  readonly atKey?: boolean;
  line?: number;
  column?: number;
}

/** A scenario that cannot be run. The CLI prints `message` and exits with code 2. */
export class ScenarioError extends Error {
  readonly file: string;
  readonly issues: readonly ScenarioIssue[];
  constructor(file: string, issues: readonly ScenarioIssue[]) {
    super(formatIssues(file, issues));
    this.name = "ScenarioError";
    this.file = file;
    this.issues = issues;
  }
}

export function formatIssue(file: string, issue: ScenarioIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
  return issue.path.length === 0 ? `${where}: ${issue.message}` : `${where}: ${formatPath(issue.path)}: ${issue.message}`;
}

export function formatIssues(file: string, issues: readonly ScenarioIssue[]): string {
  return issues.map((i) => formatIssue(file, i)).join("\n");
}

type ZodIssue = z.core.$ZodIssue;

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
  tuple: "a list",
};

function listOf(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/** What a union's branches expected at the value itself, in words. */
function expectedTypes(issues: readonly ZodIssue[]): string[] {
  return issues.flatMap((i) => {
    if (i.path.length > 0) return [];
    if (i.code === "invalid_type") return [TYPE_WORDS[i.expected] ?? i.expected];
    if (i.code === "invalid_union") return expectedTypes(i.errors.flat());
    return [];
  });
}

/**
 * Turns zod's issues into user-facing ones. Union failures are explained through the branch
 * that fits the value's type (an object given where "a duration or a distribution" is
 * expected is explained as a distribution).
 */
export function fromZodIssues(schema: z.ZodType, data: unknown, issues: readonly ZodIssue[]): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  const visit = (issue: ZodIssue): void => {
    const path = issue.path.filter((p): p is PathSegment => typeof p === "string" || typeof p === "number");
    const value = valueAt(data, path);
    switch (issue.code) {
      case "invalid_type": {
        const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
        const message = value === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${describeValue(value)}`;
        out.push({ path, message });
        return;
      }
      case "invalid_value":
        out.push({
          path,
          message:
            `expected ${issue.values.length === 1 ? listOf(issue.values) : `one of ${listOf(issue.values)}`}, got ${describeValue(value)}` +
            (typeof value === "string" ? didYouMean(value, issue.values.map(String)) : ""),
        });
        return;
      case "unrecognized_keys": {
        const known = keysAt(schema, data, path);
        for (const key of issue.keys) {
          out.push({
            path: [...path, key],
            atKey: true,
            message: `unknown key "${key}"${didYouMean(key, known)}; expected one of ${known.join(", ")}`,
          });
        }
        return;
      }
      case "invalid_union": {
        const options = "options" in issue ? issue.options : undefined;
        if (issue.discriminator !== undefined && options !== undefined) {
          const tagPath = path.at(-1) === issue.discriminator ? path : [...path, issue.discriminator];
          const tag = valueAt(data, tagPath);
          const message =
            tag === undefined
              ? `missing "${issue.discriminator}"; expected one of ${listOf(options)}`
              : `unknown ${issue.discriminator} ${describeValue(tag)}${typeof tag === "string" ? didYouMean(tag, options.map(String)) : ""}; expected one of ${listOf(options)}`;
          out.push({ path: tagPath, message });
          return;
        }
        const branches = "errors" in issue ? issue.errors : [];
        // Explain through the branch that got furthest into the value (the one whose type fits).
        const depth = (b: readonly ZodIssue[]): number => Math.max(0, ...b.map((i) => i.path.length + (i.code === "invalid_type" || i.code === "invalid_union" ? 0 : 0.5)));
        const best = Math.max(0, ...branches.map(depth));
        const fitting = best > 0 ? branches.filter((b) => depth(b) === best) : [];
        if (fitting.length >= 1) {
          for (const inner of fitting[0]!) visit({ ...inner, path: [...issue.path, ...inner.path] } as ZodIssue);
          return;
        }
        const expected = [...new Set(expectedTypes(branches.flat()))];
        out.push({
          path,
          message:
            expected.length === 0
              ? issue.message
              : value === undefined
                ? `missing; expected ${expected.join(" or ")}`
                : `expected ${expected.join(" or ")}, got ${describeValue(value)}`,
        });
        return;
      }
      case "too_small": {
        const bound = `${issue.inclusive === false ? "more than" : "at least"} ${String(issue.minimum)}`;
        const what = issue.origin === "array" ? `a list of ${bound} item(s)` : issue.origin === "string" ? `a string of ${bound} character(s)` : `a value ${bound}`;
        out.push({ path, message: `expected ${what}, got ${describeValue(value)}` });
        return;
      }
      case "too_big": {
        const bound = `${issue.inclusive === false ? "less than" : "at most"} ${String(issue.maximum)}`;
        out.push({ path, message: `expected a value ${bound}, got ${describeValue(value)}` });
        return;
      }
      case "invalid_format":
        out.push({ path, message: `${issue.message.replace(/^Invalid string: /, "")}, got ${describeValue(value)}` });
        return;
      default:
        out.push({ path, message: issue.message });
    }
  };
  for (const issue of issues) visit(issue);
  return out;
}
