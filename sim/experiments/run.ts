// `npm run experiments [-- --only table2,cost] [--jobs N] [--out DIR]`: runs the experiments
// and writes results/ (Markdown, CSV, SVG, golden trace files, README.md).
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { progressBar } from "../cli/progress.ts";
import { generate } from "./generate.ts";
import { REPO_ROOT } from "./suite.ts";
import { writeResults } from "./write.ts";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

const only = flag("only")?.split(",").filter((s) => s !== "");
const jobs = Number(flag("jobs") ?? 2);
const out = flag("out") ?? join(REPO_ROOT, "results");
if (!Number.isInteger(jobs) || jobs < 1) {
  process.stderr.write(`experiments: --jobs expects a positive integer, got ${flag("jobs")}\n`);
  process.exit(2);
}
// Wall time is printed for the operator only; it never reaches a result file.
const started = performance.now(); // allow-wallclock: operator display only
const bar = progressBar((t) => process.stderr.write(t), process.stderr.isTTY === true, "experiments");
try {
  const files = await generate({ only, jobs, onProgress: (d, t) => bar.update(d / t, `${d}/${t} jobs`) });
  bar.done();
  writeResults(out, files, only === undefined);
  process.stderr.write(`experiments: wrote ${files.size} files to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`); // allow-wallclock
} catch (e) {
  bar.done();
  const flagged = e as { userFacing?: boolean; message?: string };
  process.stderr.write(`experiments: ${flagged.userFacing ? flagged.message : ((e as Error).stack ?? String(e))}\n`);
  process.exit(flagged.userFacing ? 2 : 1);
}
