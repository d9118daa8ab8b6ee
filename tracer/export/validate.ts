// zod validation → TraceFileError naming the file, the JSON path and what was expected.

import type { z } from "zod";
import { jsonPath, TraceFileError } from "./errors.ts";

type Issue = z.core.$ZodIssue;

/** The deepest issue is the most specific (a union reports each branch's failures). */
function deepest(issues: readonly Issue[]): Issue | undefined {
  let best: Issue | undefined;
  const visit = (list: readonly Issue[], prefix: readonly PropertyKey[]): void => {
    for (const issue of list) {
      const full = { ...issue, path: [...prefix, ...issue.path] } as Issue;
      if (issue.code === "invalid_union" && "errors" in issue) {
        for (const branch of issue.errors) visit(branch, full.path);
      }
      if (best === undefined || full.path.length > best.path.length) best = full;
    }
  };
  visit(issues, []);
  return best;
}

export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  file: string,
  where: string,
  expected: string,
  /** Where `value` is in the file (a streamed element, e.g. ["data", 4]). */
  base: readonly PropertyKey[] = [],
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = deepest(result.error.issues);
  const path = jsonPath([...base, ...(issue?.path ?? [])]);
  const prefix = where === "" ? "" : `${where}: `;
  if (issue === undefined || issue.path.length === 0) {
    throw new TraceFileError(file, `${prefix}${path}`, `expected ${expected}`);
  }
  throw new TraceFileError(file, `${prefix}${path}`, issue.message);
}
