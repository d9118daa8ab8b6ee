// Writing and reading results/: the generated files, and for a full run the removal of
// generated files no experiment produces any more (results/latest, npm start's, is left alone).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const GENERATED = /\.(md|csv|svg|txt)$/;

function listGenerated(dir: string, base = dir): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names.sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) {
      if (relative(base, p) === "latest") continue;
      out.push(...listGenerated(p, base));
    } else if (GENERATED.test(n)) out.push(relative(base, p).split("\\").join("/"));
  }
  return out;
}

export function writeResults(dir: string, files: ReadonlyMap<string, string>, full: boolean): void {
  if (full) for (const f of listGenerated(dir)) if (!files.has(f)) rmSync(join(dir, f));
  for (const [path, text] of files) {
    const p = join(dir, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

/** The committed files of a results folder: path → bytes (only the paths asked for, or all generated ones). */
export function readResults(dir: string, paths?: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of paths ?? listGenerated(dir)) {
    try {
      out.set(f, readFileSync(join(dir, f), "utf8"));
    } catch {
      // absent: reported as a new file by the comparison
    }
  }
  return out;
}
