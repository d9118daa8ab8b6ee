// results/README.md: what each table shows, how it is measured, how to regenerate and check it.
import { PRESET_NAMES } from "../../tracer/presets/index.ts";
import type { Experiment } from "./experiment.ts";
import type { ResultTable } from "./tables.ts";
import { thesisHeadlines } from "./thesis/experiment.ts";

export function readme(parts: readonly { experiment: Experiment; tables: readonly ResultTable[]; files: readonly string[] }[]): string {
  const lines: string[] = [
    "# tracebed experiments",
    "",
    "Every preset in `tracer/presets/` (one per tracing system, with its sources) run on the same scenarios",
    "(`sim/experiments/scenarios/`) and seeds in the simulated OpenStack cloud. Everything here is generated;",
    "the same code gives the same bytes on every machine.",
    "",
    "Regenerate everything (about two minutes on two cores):",
    "",
    "```sh",
    "npm run experiments                 # all experiments, 2 worker threads; writes results/",
    "npm run experiments -- --only cost  # a subset: presets, table2, cost, fidelity, diagnosis, diagnosis-matrix, thesis, golden",
    "npx tracebed check                  # re-run and compare with these files; exit 1 and a cell-by-cell diff on change",
    "npx tracebed check --only table2    # the same for a subset",
    "```",
    "",
    "A tracer change that alters any number here makes `tracebed check` (and the fast subset in `npm test`) fail;",
    "a change meant to alter behaviour regenerates and commits these files with it.",
    "",
    "Presets: " + PRESET_NAMES.map((p) => `\`${p}\``).join(", ") + ".",
    "",
  ];
  lines.push(...headlines(parts.flatMap((p) => p.tables)));
  for (const p of parts) {
    lines.push(`## ${p.experiment.title} (\`--only ${p.experiment.id}\`)`, "", p.experiment.about, "");
    for (const t of p.tables) {
      lines.push(`### ${t.title}: [\`${t.id}.md\`](${t.id}.md), [\`${t.id}.csv\`](${t.id}.csv)`, "", t.description.trim(), "");
    }
    if (p.files.length > 0) {
      const shown = p.files.filter((f) => f.endsWith(".svg"));
      const rest = p.files.length - shown.length;
      if (shown.length > 0) lines.push("Charts: " + shown.map((f) => `[\`${f}\`](${f})`).join(", ") + ".", "");
      if (rest > 0) lines.push(`Also ${rest} golden trace file${rest === 1 ? "" : "s"} under \`golden/\`.`, "");
    }
  }
  return lines.join("\n");
}

/** What the tables say, in a few generated sentences (only from the tables themselves). */
function headlines(tables: readonly ResultTable[]): string[] {
  const out: string[] = [];
  const t2 = tables.find((t) => t.id === "table2");
  if (t2 !== undefined) {
    const features = t2.columns.slice(1, 6);
    const disagreements: string[] = [];
    let listed = 0;
    for (const row of t2.rows) {
      if (row[6] === "not in the table") continue;
      listed++;
      row.slice(1, 6).forEach((cell, i) => {
        const m = /^(.) \(paper (.)\)$/.exec(cell);
        if (m) disagreements.push(`${row[0]} ${features[i]} (measured ${m[1]}, paper ${m[2]})`);
      });
    }
    out.push(
      `- Table 2: of the ${listed * 5} cells the talk printed for ${listed} systems, ${listed * 5 - disagreements.length} are reproduced by black-box probes of the running cloud` +
        (disagreements.length === 0 ? "." : `; the others: ${disagreements.join("; ")}.`),
    );
    const why = tables.find((t) => t.id === "table2-differences");
    if (why !== undefined && why.rows.length > 0) {
      out.push("", "  Why the measured cells differ from the talk:", "");
      for (const r of why.rows) out.push(`  - ${r[0]}, ${r[1]} (measured ${r[2]}, paper ${r[3]}): ${r[4]}`);
      out.push("");
    }
    const all = t2.rows.filter((r) => r.slice(1, 6).every((c) => c.startsWith("✓"))).map((r) => r[0]);
    if (all.length > 0) out.push(`- Every feature measured present: ${all.join(", ")}.`);
  }
  const f = tables.find((t) => t.id === "fidelity");
  if (f !== undefined) {
    const col = f.columns.indexOf("Complete (all)");
    const windowed = f.rows.filter((r) => r[col]!.includes("at the window")).map((r) => `${r[0]} ${r[col]!.replace(/ \((.*) at the window\)/, " at query time, $1 as its window assembled it")}`);
    if (windowed.length > 0) out.push(`- Fidelity: the backends that assemble a trace after a quiet period lose completeness to the window, not to the model: ${windowed.join("; ")}.`);
  }
  const o = tables.find((t) => t.id === "overload");
  if (o !== undefined) {
    const col = o.columns.indexOf("Complete (all)");
    const variants = o.rows.filter((r) => r[0]!.includes(", ")).map((r) => {
      const base = o.rows.find((b) => b[0] === r[0]!.slice(0, r[0]!.indexOf(", ")));
      return `${r[0]}: ${r[col]} complete (${base?.[col] ?? "—"} as the real system drops)`;
    });
    if (variants.length > 0) out.push(`- Overload (a burst while the backend stalls): ${variants.join("; ")}.`);
  }
  const d = tables.find((t) => t.id === "diagnosis");
  if (d !== undefined) {
    const named = d.rows.filter((r) => r[3] === "✓").map((r) => `${r[0]} (${r[4]} traces a window, ${r[7]} at its default sampling)`);
    const not = d.rows.filter((r) => r[3] !== "✓").map((r) => `${r[0]} (${r[2]})`);
    const misses = not.length === 0 ? "every preset's traces suffice" : `it does not with ${not.join(", ")}`;
    out.push(`- Bug 1587777: diagnosis names Keystone with the traces of ${named.length === 0 ? "no preset" : named.join(", ")}; ${misses}.`);
  }
  out.push(...thesisHeadlines(tables));
  return out.length === 0 ? [] : ["## Headlines", "", ...out, ""];
}
