// Result tables as plain data, and their Markdown and CSV forms. Cells are text, formatted by
// the experiments with fixed precision, so the same numbers always print the same bytes.

export interface ResultTable {
  /** File stem: results/<id>.md and results/<id>.csv. */
  readonly id: string;
  readonly title: string;
  /** What the table shows and how each column is measured (Markdown). */
  readonly description: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const mdCell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function toMarkdown(t: ResultTable): string {
  const lines = [`## ${t.title}`, "", t.description.trim(), "", `| ${t.columns.map(mdCell).join(" | ")} |`, `|${t.columns.map(() => "---").join("|")}|`];
  for (const r of t.rows) lines.push(`| ${r.map(mdCell).join(" | ")} |`);
  return lines.join("\n") + "\n";
}

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function toCsv(t: ResultTable): string {
  return [t.columns, ...t.rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

/** RFC 4180 CSV → rows of cells (quoted cells may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (c !== "\r") cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

// ---- number formatting (fixed, locale-free) ----

export const fixed = (x: number, digits: number): string => {
  const s = x.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
};
export const int = (x: number): string => String(Math.round(x));
export const percent = (num: number, den: number, digits = 1): string => (den === 0 ? "—" : `${fixed((100 * num) / den, digits)}%`);
export const ms = (ns: number, digits = 2): string => fixed(ns / 1e6, digits);
export const us = (ns: number, digits = 1): string => fixed(ns / 1e3, digits);
export const mark = (ok: boolean): string => (ok ? "✓" : "✗");
