// Comparing regenerated results with committed ones, as a reader wants it: which table, which
// row (by its first cell) and column, old → new; golden trace files by first differing trace
// and record; other files by first differing line.
import { goldenDiff } from "./golden.ts";
import { parseCsv } from "./tables.ts";

export interface Difference {
  readonly file: string;
  readonly message: string;
}

function csvDiff(file: string, oldText: string, newText: string): string[] {
  const a = parseCsv(oldText);
  const b = parseCsv(newText);
  const out: string[] = [];
  const table = file.replace(/\.csv$/, "");
  const headA = a[0] ?? [];
  const headB = b[0] ?? [];
  if (headA.join("\u0000") !== headB.join("\u0000")) out.push(`${table}: columns ${JSON.stringify(headA)} → ${JSON.stringify(headB)}`);
  const rowsA = new Map(a.slice(1).map((r) => [r[0] ?? "", r]));
  const rowsB = new Map(b.slice(1).map((r) => [r[0] ?? "", r]));
  for (const [key, ra] of rowsA) {
    const rb = rowsB.get(key);
    if (rb === undefined) {
      out.push(`${table}, row "${key}": removed`);
      continue;
    }
    const n = Math.max(ra.length, rb.length);
    for (let c = 1; c < n; c++) {
      if (ra[c] !== rb[c]) out.push(`${table}, row "${key}", column "${headB[c] ?? headA[c] ?? `#${c + 1}`}": ${ra[c] ?? "(none)"} → ${rb[c] ?? "(none)"}`);
    }
  }
  for (const key of rowsB.keys()) if (!rowsA.has(key)) out.push(`${table}, row "${key}": added`);
  if (out.length === 0) {
    // Same cells, different bytes (row order, quoting).
    out.push(`${table}: same cells, different bytes (row order or formatting)`);
  }
  return out;
}

function lineDiff(file: string, oldText: string, newText: string): string {
  const a = oldText.split("\n");
  const b = newText.split("\n");
  const i = a.findIndex((l, k) => l !== b[k]);
  const k = i < 0 ? a.length : i;
  return `${file}, line ${k + 1}: ${JSON.stringify(a[k] ?? "(end of file)")} → ${JSON.stringify(b[k] ?? "(end of file)")}`;
}

/** Differences between committed (`before`) and regenerated (`after`) files, for the paths in `after`. */
export function compareResults(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Difference[] {
  const out: Difference[] = [];
  for (const [file, text] of after) {
    const old = before.get(file);
    if (old === undefined) {
      out.push({ file, message: `${file}: not in the committed results (new file)` });
      continue;
    }
    if (old === text) continue;
    if (file.endsWith(".csv")) for (const m of csvDiff(file, old, text)) out.push({ file, message: m });
    else if (file.startsWith("golden/")) out.push({ file, message: goldenDiff(file, old, text)! });
    // A table's Markdown repeats its CSV; report it only if the CSV agreed.
    else if (file.endsWith(".md") && after.has(file.replace(/\.md$/, ".csv")) && before.get(file.replace(/\.md$/, ".csv")) !== after.get(file.replace(/\.md$/, ".csv"))) continue;
    else out.push({ file, message: lineDiff(file, old, text) });
  }
  return out;
}
