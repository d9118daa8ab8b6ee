import test from "ava";
import fc from "fast-check";
import { parseCsv, toCsv, toMarkdown, fixed, percent } from "../../sim/experiments/tables.ts";
import type { ResultTable } from "../../sim/experiments/tables.ts";
import { barChartSvg } from "../../sim/experiments/svg.ts";

const table = (rows: string[][]): ResultTable => ({ id: "t", title: "T", description: "d", columns: ["a", "b"], rows });

test("CSV round-trips any cells, commas, quotes and newlines included", (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 8 }), (rows) => {
      const text = toCsv(table(rows.map(([a, b]) => [a, b])));
      t.deepEqual(parseCsv(text), [["a", "b"], ...rows.map(([a, b]) => [a, b])]);
    }),
  );
  t.is(toCsv(table([["x,y", 'say "hi"']])), 'a,b\n"x,y","say ""hi"""\n');
});

test("Markdown tables escape pipes and keep one line per row", (t) => {
  t.is(toMarkdown(table([["a|b", "c\nd"]])), "## T\n\nd\n\n| a | b |\n|---|---|\n| a\\|b | c d |\n");
});

test("numbers print the same everywhere: fixed digits, no negative zero", (t) => {
  t.is(fixed(-0.0001, 2), "0.00");
  t.is(fixed(1.005, 1), "1.0");
  t.is(percent(1, 3), "33.3%");
  t.is(percent(1, 0), "—");
});

test("SVG bar charts are deterministic text with escaped labels", (t) => {
  const chart = { title: "a < b", unit: "ms", bars: [{ label: "x&y", value: 2 }, { label: "z", value: 1, text: "one" }] };
  const svg = barChartSvg(chart);
  t.is(svg, barChartSvg(chart));
  t.true(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="700" height="'));
  t.true(svg.includes("a &lt; b") && svg.includes("x&amp;y") && svg.includes(">one</text>"));
  t.is((svg.match(/<rect /g) ?? []).length, 3, "background and one bar each");
  t.true(svg.includes('width="420" height="18"'), "the largest bar spans the plot");
  t.true(svg.includes('width="210" height="18"'));
});
