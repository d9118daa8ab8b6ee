// The package's version, read from its package.json: the one beside sim/ in a clone, or beside
// dist/ in an installed package (the compiled file sits one folder deeper).
import { readFileSync } from "node:fs";

export function packageVersion(): string {
  for (const up of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "tracebed" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // Not this folder: try the next one up.
    }
  }
  return "unknown";
}
