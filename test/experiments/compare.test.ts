// tracebed check's comparison: a changed cell is named by table, row, column, old → new; a
// changed golden trace file by its first differing trace and record.
import test from "ava";
import { readFileSync } from "node:fs";
import { compareResults } from "../../sim/experiments/compare.ts";
import { goldenDiff } from "../../sim/experiments/golden.ts";
import { parseCsv, toCsv } from "../../sim/experiments/tables.ts";

const committed = (path: string) => readFileSync(new URL(`../../results/${path}`, import.meta.url), "utf8");

test("a perturbed copy of a committed table: the diff names the cell", (t) => {
  const old = committed("table2.csv");
  const rows = parseCsv(old);
  const r = rows.findIndex((row) => row[0] === "Jaeger");
  const c = rows[0]!.indexOf("DAG-based model");
  const before = rows[r]![c]!;
  rows[r]![c] = "✓ (forged)";
  const changed = toCsv({ id: "table2", title: "", description: "", columns: rows[0]!, rows: rows.slice(1) });
  const diffs = compareResults(new Map([["table2.csv", old]]), new Map([["table2.csv", changed]]));
  t.deepEqual(diffs, [{ file: "table2.csv", message: `table2, row "Jaeger", column "DAG-based model": ${before} → ✓ (forged)` }]);
});

test("rows added or removed, new files and unchanged files", (t) => {
  const a = "k,v\nx,1\ny,2\n";
  const b = "k,v\nx,1\nz,3\n";
  t.deepEqual(
    compareResults(new Map([["t.csv", a], ["same.csv", a]]), new Map([["t.csv", b], ["same.csv", a], ["new.csv", a]])).map((d) => d.message),
    ['t, row "y": removed', 't, row "z": added', "new.csv: not in the committed results (new file)"],
  );
  t.deepEqual(compareResults(new Map([["r.svg", "<a>\n<b>\n"]]), new Map([["r.svg", "<a>\n<c>\n"]])).map((d) => d.message), ['r.svg, line 2: "<b>" → "<c>"']);
});

test("a changed golden trace file names the first differing trace and record", (t) => {
  const old = committed("golden/fan-in-fan-out.txt");
  const lines = old.split("\n");
  const firstTrace = lines.findIndex((l) => l.startsWith("trace "));
  const firstRecord = firstTrace + 3;
  const [hash, ...name] = lines[firstRecord]!.trim().split(" ");
  lines[firstTrace] = lines[firstTrace]!.replace(/ [0-9a-f]{16}$/, " 0000000000000000");
  lines[firstRecord] = `  ${hash === "00000000" ? "11111111" : "00000000"} ${name.join(" ")}`;
  const message = goldenDiff("golden/fan-in-fan-out.txt", old, lines.join("\n"))!;
  const id = lines[firstTrace]!.split(" ")[1];
  t.true(message.startsWith(`golden/fan-in-fan-out.txt: trace #1: ${id} (`), message);
  t.true(message.includes(`; first differing record #3: ${name.join(" ")} → ${name.join(" ")}`), message);
  t.is(goldenDiff("x", old, old), undefined);
});
