// results/README.md: what each table shows, how it is measured, how to regenerate and check it.
import type { Experiment } from "./experiment.ts";
import type { ResultTable } from "./tables.ts";

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
    "npm run experiments -- --only cost  # a subset: presets, table2, cost, fidelity, diagnosis, golden",
    "npx tracebed check                  # re-run and compare with these files; exit 1 and a cell-by-cell diff on change",
    "npx tracebed check --only table2    # the same for a subset",
    "```",
    "",
    "A tracer change that alters any number here makes `tracebed check` (and the fast subset in `npm test`) fail;",
    "a change meant to alter behaviour regenerates and commits these files with it.",
    "",
    "Presets: " + "`jaeger`, `zipkin`, `pivot-tracing`, `dapper`, `canopy`, `osprofiler`, `blkin`, `otel`, `xtrace`, `dag-itc`.",
    "",
  ];
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
