// `tracebed check [--only table2,cost]`: re-runs the experiments and compares with the
// committed results/; prints every differing cell (table, row, column, old → new) and exits 1.
import { join } from "node:path";
import { z } from "zod";
import { compareResults } from "../experiments/compare.ts";
import { generate } from "../experiments/generate.ts";
import { REPO_ROOT } from "../experiments/suite.ts";
import { readResults } from "../experiments/write.ts";
import { expectPositionals, parseArgv, validateFlags } from "./args.ts";
import type { Command } from "./command.ts";
import { progressBar } from "./progress.ts";

const flags = [
  { name: "only", placeholder: "LIST", description: "experiments to re-run, comma-separated: presets, table2, cost, fidelity, diagnosis, diagnosis-matrix, thesis, golden (default: all)" },
  { name: "jobs", placeholder: "N", description: "worker threads (default 2)" },
  { name: "results", placeholder: "DIR", description: "the committed results to compare with (default results/ of the repository)" },
] as const;

const options = z.strictObject({
  only: z.string().regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, { message: "expected experiment names separated by commas" }).optional(),
  jobs: z.string().regex(/^[1-9]\d*$/, { message: "expected a positive integer" }).transform(Number).optional(),
  results: z.string().min(1).optional(),
});

/** At most this many differences are printed; the count says how many there were. */
const SHOWN = 50;

export const checkCommand: Command = {
  usage: "tracebed check [--only presets,table2,cost,fidelity,diagnosis,golden] [--jobs N] [--results DIR]",
  description: "A tracer change that alters behaviour changes some table cell or golden trace; check names each one (table, row, column, old → new).\nIf the change is meant, regenerate with `npm run experiments` and commit results/ with it.",
  flags,
  async run(argv, io) {
    const parsed = parseArgv("check", argv, flags);
    expectPositionals("check", parsed.positionals, [], this.usage);
    const opts = validateFlags("check", options, parsed.flags);
    const only = opts.only?.split(",");
    const dir = opts.results ?? join(REPO_ROOT, "results");
    const bar = progressBar(io.stderr, io.interactive, "check");
    const fresh = await generate({ only, jobs: opts.jobs ?? 2, onProgress: (d, t) => bar.update(d / t, `${d}/${t} jobs`) });
    bar.done();
    const committed = readResults(dir, fresh.keys());
    const diffs = compareResults(committed, fresh);
    if (diffs.length === 0) {
      io.stdout(`check: ${fresh.size} files match ${dir}${only === undefined ? "" : ` (experiments: ${only.join(", ")})`}\n`);
      return 0;
    }
    const files = new Set(diffs.map((d) => d.file)).size;
    io.stdout(`check: ${diffs.length} difference${diffs.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"} against ${dir}:\n`);
    for (const d of diffs.slice(0, SHOWN)) io.stdout(`  ${d.message}\n`);
    if (diffs.length > SHOWN) io.stdout(`  … and ${diffs.length - SHOWN} more\n`);
    io.stdout("If the change is meant, run `npm run experiments` and commit results/.\n");
    return 1;
  },
};
