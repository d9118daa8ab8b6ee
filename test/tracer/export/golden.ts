// Golden-file comparison: the committed file is the expectation. Regenerate deliberately with
// UPDATE_GOLDEN=1 and review the diff.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

export const GOLDEN_DIR = resolve(process.cwd(), "test/golden/export");

export function golden(name: string, actual: string): string {
  const path = resolve(GOLDEN_DIR, name);
  if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(path, actual);
  return readFileSync(path, "utf8");
}
